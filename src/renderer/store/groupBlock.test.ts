import { describe, expect, it } from 'vitest';
import { analyze, template, type Graph } from '../../graph/index.js';
import { fragmentFromText, fragmentText } from '../clipboard.js';
import { selectAnalysis } from './analysis.js';
import { copySelection, graphOf } from './graphSlice.js';
import { groupIntoBlock } from './groupBlock.js';
import { createEditorStore, isDirty, redo, undo } from './store.js';

const lenet = (): Graph => template('lenet')!;
const group = (g: Graph, ids: string[], name = 'ConvSig', nodeId = 'cs') =>
  groupIntoBlock(g, analyze(g), new Set(ids), name, nodeId);

describe('grouping layers into a block', () => {
  it('keeps every shape and count and wires the block where the layers were', () => {
    const before = lenet();
    const result = group(before, ['conv1', 'sig1', 'pool1']);
    if (!result.ok) throw new Error(result.reason);
    const after = analyze(result.graph);
    expect(after.problems).toEqual([]);
    expect(after.totals).toEqual(analyze(before).totals);
    expect(after.nodes.get('cs')!.shape).toEqual(analyze(before).nodes.get('pool1')!.shape);
    expect(result.graph.blocks!.ConvSig).toEqual({
      children: [
        expect.objectContaining({ name: 'conv1', kind: 'Conv2d', inputs: ['input'] }),
        expect.objectContaining({ name: 'sig1', kind: 'Sigmoid', inputs: ['conv1'] }),
        expect.objectContaining({ name: 'pool1', kind: 'MaxPool2d', inputs: ['sig1'] }),
      ],
      output: 'pool1',
    });
    const wires = result.graph.edges.map((e) => `${e.source}>${e.target}`);
    expect(wires).toEqual(expect.arrayContaining(['input>cs', 'cs>conv2']));
    expect(wires.some((w) => /conv1|sig1|pool1/.test(w))).toBe(false);
    // The weights now live under the block's node: cs.conv1.weight.
    expect(after.ops.filter((o) => o.weights.length > 0).map((o) => o.name)[0]).toBe('cs.conv1');
  });

  it('keeps branches inside the block, with merges fed in port order', () => {
    const resnet = template('resnet18')!;
    const flat = analyze(resnet);
    // Any two consecutive layers of the stem make a one-input, one-output selection.
    const [a, b] = flat.order.slice(1, 3) as [string, string];
    const result = group(resnet, [a, b], 'Stem', 'stem');
    if (!result.ok) throw new Error(result.reason);
    expect(analyze(result.graph).totals).toEqual(flat.totals);
  });

  it.each([
    [['conv1'], 'ConvSig', /two or more/],
    [['input', 'conv1'], 'ConvSig', /other than Input.*"input"/],
    [['conv1', 'sig1'], 'Conv2d', /built-in layer kind/],
    [['conv1', 'sig1'], '2convs', /letters, digits and _/],
  ])('refuses %j as %s, saying why', (ids, name, reason) => {
    const result = group(lenet(), ids, name);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  /** LeNet with a side path: pool1 → side → add ← conv2, then add → sig2. */
  function branched(): Graph {
    const g = lenet();
    const at = { x: 0, y: 0 };
    g.nodes.push(
      { ...g.nodes.find((n) => n.id === 'conv2')!, id: 'side', position: at },
      { id: 'add', kind: 'Add', params: {}, position: at },
    );
    g.edges = g.edges.filter((e) => e.source !== 'conv2');
    g.edges.push(
      { id: 'b1', source: 'pool1', target: 'side', targetPort: 0 },
      { id: 'b2', source: 'conv2', target: 'add', targetPort: 0 },
      { id: 'b3', source: 'side', target: 'add', targetPort: 1 },
      { id: 'b4', source: 'add', target: 'sig2', targetPort: 0 },
    );
    expect(analyze(g).problems).toEqual([]);
    return g;
  }

  it('refuses a selection fed from two places, or handing on two outputs', () => {
    const twoIn = group(branched(), ['conv2', 'add']);
    expect(twoIn.ok ? '' : twoIn.reason).toMatch(/one input, but .* fed by "pool1", "side"/);
    const twoOut = group(branched(), ['sig1', 'pool1', 'side']);
    expect(twoOut.ok ? '' : twoOut.reason).toMatch(/one output, but "side", "pool1" each/);
  });

  it('takes a branch and its merge whole', () => {
    const g = branched();
    const result = group(g, ['conv2', 'side', 'add'], 'Fork', 'fork');
    if (!result.ok) throw new Error(result.reason);
    expect(result.graph.blocks!.Fork!.children.at(-1)).toMatchObject({
      name: 'add',
      inputs: ['conv2', 'side'],
    });
    expect(analyze(result.graph).totals).toEqual(analyze(g).totals);
  });
});

describe('grouping in the editor', () => {
  /** What the grouped conv2 → sig2 → pool2 hands on. */
  const pool2Shape = analyze(lenet()).nodes.get('pool2')!.shape;
  const loaded = () => {
    const store = createEditorStore();
    store.getState().replaceGraph(lenet());
    store.getState().markSaved({ name: 'lenet' });
    store.getState().select(['conv2', 'sig2', 'pool2'], []);
    return store;
  };

  it('is one undo step that takes the block definition with it', () => {
    const store = loaded();
    expect(store.getState().groupSelection('Stage')).toEqual({ ok: true });
    const s = store.getState();
    expect(s.selectedNodes).toEqual(['stage_1']);
    expect(Object.keys(s.blocks)).toEqual(['Stage']);
    expect(isDirty(s)).toBe(true);
    expect(graphOf(s).blocks).toBe(s.blocks);
    undo(store);
    expect(store.getState().blocks).toEqual({});
    expect(store.getState().nodes.map((n) => n.id)).toContain('conv2');
    expect(isDirty(store.getState())).toBe(false);
    redo(store);
    expect(selectAnalysis(store.getState()).nodes.get('stage_1')!.shape).toEqual(pool2Shape);
  });

  it('places the block again from the palette, each use with weights of its own', () => {
    const store = loaded();
    store.getState().select(['conv1', 'sig1'], []);
    store.getState().groupSelection('ConvSig');
    const again = store.getState().addNode('ConvSig', { x: 0, y: 0 });
    expect(again).toBe('convsig_2');
    store.getState().connect('convsig_1', again);
    const ops = selectAnalysis(store.getState()).ops.map((o) => o.name);
    expect(ops).toEqual(expect.arrayContaining(['convsig_1.conv1', 'convsig_2.conv1']));
    // The second use sees 6 channels: 6·6·5·5 weights and 6 biases more.
    expect(selectAnalysis(store.getState()).totals.paramCount).toBe(
      analyze(lenet()).totals.paramCount + 906,
    );
  });

  it('copies a block node with its definition, into another graph too', () => {
    const store = loaded();
    store.getState().groupSelection('Stage');
    const text = fragmentText(copySelection(store.getState()));
    const other = createEditorStore();
    other.getState().insert(fragmentFromText(text)!, { x: 0, y: 0 });
    expect(other.getState().blocks).toEqual(store.getState().blocks);
    expect(other.getState().nodes.map((n) => n.kind)).toEqual(['Stage']);
  });

  it('renames a pasted block whose name the graph already uses for another definition', () => {
    const store = loaded();
    store.getState().groupSelection('Stage');
    const pasted = fragmentFromText(fragmentText(copySelection(store.getState())))!;
    const other = createEditorStore();
    other.getState().replaceGraph(lenet());
    other.getState().select(['fc1', 'sig3'], []);
    other.getState().groupSelection('Stage');
    other.getState().insert(pasted, { x: 0, y: 0 });
    const s = other.getState();
    expect(Object.keys(s.blocks)).toEqual(['Stage', 'Stage_2']);
    expect(s.nodes.at(-1)!.kind).toBe('Stage_2');
    // Pasting the same definition again shares it.
    other.getState().insert(pasted, { x: 0, y: 0 });
    expect(Object.keys(other.getState().blocks)).toEqual(['Stage', 'Stage_2']);
  });

  it('forgets a block only when no layer uses it', () => {
    const store = loaded();
    store.getState().groupSelection('Stage');
    store.getState().removeBlock('Stage');
    expect(Object.keys(store.getState().blocks)).toEqual(['Stage']);
    store.getState().remove(['stage_1'], []);
    store.getState().removeBlock('Stage');
    expect(store.getState().blocks).toEqual({});
  });

  it('renames a block and every use of it in one step, refusing names taken', () => {
    const store = loaded();
    store.getState().groupSelection('Stage');
    store.getState().addNode('Stage', { x: 0, y: 0 });
    expect(store.getState().renameBlock('Stage', 'ReLU')).toEqual({
      ok: false,
      reason: expect.stringMatching(/built-in layer kind/),
    });
    expect(store.getState().renameBlock('Stage', 'Late')).toEqual({ ok: true });
    const s = store.getState();
    expect(Object.keys(s.blocks)).toEqual(['Late']);
    expect(s.nodes.filter((n) => n.kind === 'Late').map((n) => n.id)).toEqual([
      'stage_1',
      'stage_2',
    ]);
    expect(selectAnalysis(s).nodes.get('stage_1')!.shape).toEqual(pool2Shape);
    undo(store);
    expect(Object.keys(store.getState().blocks)).toEqual(['Stage']);
    expect(store.getState().nodes.some((n) => n.kind === 'Late')).toBe(false);
  });
});
