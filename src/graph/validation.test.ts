import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { layers } from './layers/index.js';
import type { Problem } from './problems.js';
import { summaryOf } from './summary.js';
import { chainOf, graphOf } from './testing.js';
import { template } from './templates/index.js';
import type { Graph } from './graph.js';

const image = { channels: 1, height: 8, width: 8 };
const problemsOf = (...args: Parameters<typeof graphOf>) => analyze(graphOf(...args)).problems;
const only = (problems: Problem[], code: Problem['code']) =>
  problems.filter((p) => p.code === code);

describe('graph validation', () => {
  it('accepts a well-formed chain with no problems', () => {
    expect(
      analyze(
        chainOf(
          [1, 8, 8],
          [
            ['c', 'Conv2d'],
            ['r', 'ReLU'],
          ],
        ),
      ).problems,
    ).toEqual([]);
  });

  it('names every node on a loop and still analyses the rest', () => {
    const problems = problemsOf(
      [
        ['input', 'Input', image],
        ['a', 'Add'],
        ['b', 'ReLU'],
        ['c', 'ReLU'],
      ],
      [
        ['input', 'a', 0],
        ['c', 'a', 1],
        ['a', 'b'],
        ['b', 'c'],
      ],
    );
    expect(only(problems, 'cycle').map((p) => p.nodeId)).toEqual(['a', 'b', 'c']);
    expect(only(problems, 'cycle')[0]!.message).toMatch(/loop.*remove a connection/);
  });

  it('reports a layer that nothing feeds', () => {
    const problems = problemsOf(
      [
        ['input', 'Input', image],
        ['c', 'Conv2d'],
      ],
      [],
    );
    expect(only(problems, 'needsOneInput')).toEqual([
      expect.objectContaining({
        nodeId: 'c',
        severity: 'error',
        message: expect.stringMatching(/Nothing feeds this layer; connect/),
      }),
    ]);
  });

  it('reports a one-input layer with two inputs and points to Concat/Add', () => {
    const a = analyze(
      graphOf(
        [
          ['input', 'Input', image],
          ['r', 'ReLU'],
          ['c', 'Conv2d'],
        ],
        [
          ['input', 'r'],
          ['input', 'c', 0],
          ['r', 'c', 1],
        ],
      ),
    );
    expect(only(a.problems, 'needsOneInput')).toEqual([
      expect.objectContaining({
        nodeId: 'c',
        message: expect.stringMatching(/takes one input but 2 are connected.*Concat or Add/),
      }),
    ]);
    expect(a.nodes.has('c')).toBe(false);
  });

  it('reports a merge with one input, an Input with inputs, and two edges into one port', () => {
    const problems = problemsOf(
      [
        ['input', 'Input', image],
        ['input2', 'Input', image],
        ['r', 'ReLU'],
        ['m', 'Add'],
        ['cat', 'Concat'],
      ],
      [
        ['input', 'r'],
        ['r', 'm'],
        ['r', 'input2'],
        ['input', 'cat', 0],
        ['r', 'cat', 0],
      ],
    );
    expect(only(problems, 'needsTwoInputs')[0]).toMatchObject({
      nodeId: 'm',
      message: expect.stringMatching(/at least two inputs but has 1/),
    });
    expect(only(problems, 'inputHasInputs')[0]).toMatchObject({ nodeId: 'input2' });
    expect(only(problems, 'portTaken')[0]).toMatchObject({
      nodeId: 'cat',
      message: 'Two connections go into input 0; remove one',
    });
    expect(only(problems, 'manyInputs')[0]).toMatchObject({ nodeId: 'input2' });
  });

  it('reports edges to missing nodes, self-loops and doubled edges without throwing', () => {
    const problems = problemsOf(
      [
        ['input', 'Input', image],
        ['r', 'ReLU'],
      ],
      [
        ['input', 'r'],
        ['input', 'r', 1],
        ['ghost', 'r'],
        ['r', 'r'],
      ],
    );
    expect(only(problems, 'missingEndpoint')[0]!.message).toContain(
      '"ghost", which does not exist',
    );
    expect(only(problems, 'selfLoop')[0]).toMatchObject({ nodeId: 'r' });
    expect(only(problems, 'duplicateEdge')[0]).toMatchObject({ nodeId: 'r' });
  });

  it('explains an Add shape mismatch with use_1x1conv', () => {
    const problems = problemsOf(
      [
        ['input', 'Input', { channels: 64, height: 28, width: 28 }],
        ['main', 'Conv2d', { out_channels: 128, stride: [2, 2], padding: [1, 1] }],
        ['sum', 'Add'],
      ],
      [
        ['input', 'main'],
        ['main', 'sum', 0],
        ['input', 'sum', 1],
      ],
    );
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'shape',
        nodeId: 'sum',
        message: expect.stringMatching(/128×14×14 vs 64×28×28.*use_1x1conv/),
      }),
    ]);
  });

  it('explains a Concat whose branches differ in height and width', () => {
    const problems = problemsOf(
      [
        ['input', 'Input', image],
        ['p', 'MaxPool2d'],
        ['cat', 'Concat'],
      ],
      [
        ['input', 'p'],
        ['input', 'cat', 0],
        ['p', 'cat', 1],
      ],
    );
    expect(problems).toEqual([
      expect.objectContaining({
        nodeId: 'cat',
        message: expect.stringMatching(/equal heights and widths: 1×8×8 vs 1×4×4/),
      }),
    ]);
  });

  it('names the layer where the map shrinks to nothing and skips what follows', () => {
    const a = analyze(
      chainOf(
        [1, 8, 8],
        [
          ['p1', 'MaxPool2d'],
          ['p2', 'MaxPool2d'],
          ['p3', 'MaxPool2d'],
          ['p4', 'MaxPool2d'],
          ['fc', 'Linear'],
        ],
      ),
    );
    expect(a.problems).toEqual([
      expect.objectContaining({
        code: 'shape',
        nodeId: 'p4',
        message: expect.stringMatching(/does not fit the 1×1 input \(output 0×0\)/),
      }),
    ]);
    expect(a.nodes.get('p3')!.shape).toEqual([1, 1, 1]);
    expect(a.nodes.has('fc')).toBe(false);
  });

  it('reports duplicate ids, bad ids and unknown kinds by node', () => {
    const problems = problemsOf(
      [
        ['input', 'Input', image],
        ['r', 'ReLU'],
        ['r', 'Sigmoid'],
        ['2bad id', 'ReLU'],
        ['w', 'Wobble'],
      ],
      [],
    );
    expect(only(problems, 'duplicateId')[0]!.message).toBe(
      'Two layers share the id "r"; give each layer its own id',
    );
    expect(only(problems, 'badId')[0]).toMatchObject({
      nodeId: '2bad id',
      message: expect.stringMatching(/"2bad id" is not a usable id.*e\.g\. conv1/),
    });
    expect(only(problems, 'unknownKind')[0]).toMatchObject({
      nodeId: 'w',
      message: '"Wobble" is not a layer kind CNN Studio knows',
    });
  });

  // Regression: two nodes with one id used to be ordered, and run, twice.
  it('runs a node whose id is taken twice only once', () => {
    const a = analyze(
      graphOf(
        [
          ['input', 'Input', image],
          ['input', 'Input', image],
        ],
        [],
      ),
    );
    expect(a.order).toEqual(['input']);
    expect(a.ops.map((o) => o.name)).toEqual(['input']);
  });

  it('reports bad hyperparameters by name', () => {
    const problems = problemsOf(
      [
        ['input', 'Input', image],
        ['c', 'Conv2d', { stride: [0, 1], bias: 'yes', colour: 3 }],
      ],
      [['input', 'c']],
    );
    const bad = only(problems, 'badParams');
    expect(bad).toHaveLength(1);
    expect(bad[0]!.nodeId).toBe('c');
    for (const word of ['Bad hyperparameters', 'stride', 'bias', 'colour']) {
      expect(bad[0]!.message).toContain(word);
    }
  });

  it('warns about an output nothing uses, but not about the network’s own', () => {
    const problems = problemsOf(
      [
        ['input', 'Input', image],
        ['a', 'ReLU'],
        ['b', 'Sigmoid'],
      ],
      [
        ['input', 'a'],
        ['input', 'b'],
      ],
    );
    // Equally deep: the later one is taken as the output.
    expect(problems.map((p) => [p.code, p.severity, p.nodeId])).toEqual([
      ['unusedOutput', 'warning', 'a'],
    ]);
    expect(problems[0]!.message).toMatch(/the network’s output is b/);
  });

  it('takes the deepest layer fed from the Input as the output, whatever else is left over', () => {
    const lenet = template('lenet')!;
    const finalOf = (graph: Graph) => {
      const a = analyze(graph);
      const warned = a.problems.filter((p) => p.code === 'unusedOutput').map((p) => p.nodeId);
      return { final: a.finalId, output: a.outputId, warned };
    };
    expect(finalOf(lenet)).toEqual({ final: 'fc3', output: 'fc3', warned: [] });
    // A layer dropped on the canvas and not connected, placed before the real output.
    const stray = { id: 'stray', kind: 'Conv2d', params: {}, position: { x: 0, y: 0 } };
    expect(finalOf({ ...lenet, nodes: [stray, ...lenet.nodes] })).toEqual({
      final: 'fc3',
      warned: ['stray'],
    });
    // A branch left dangling from conv1; a chain of strays longer than nothing but not fed.
    const dangling = { ...stray, id: 'relu_1', kind: 'ReLU' };
    const strays = [1, 2, 3].map((i) => ({ ...stray, id: `s${i}`, kind: 'ReLU' }));
    const graph = {
      ...lenet,
      nodes: [...lenet.nodes, dangling, ...strays],
      edges: [
        ...lenet.edges,
        { id: 'c', source: 'conv1', target: 'relu_1', targetPort: 0 },
        { id: 's12', source: 's1', target: 's2', targetPort: 0 },
        { id: 's23', source: 's2', target: 's3', targetPort: 0 },
      ],
    };
    expect(finalOf(graph)).toEqual({ final: 'fc3', warned: ['relu_1', 's3'] });
  });

  it('reports a network without an Input', () => {
    const a = analyze(graphOf([['r', 'ReLU']], []));
    expect(only(a.problems, 'noInput')[0]!.message).toMatch(/no Input layer; add one/);
    expect(a.inputId).toBeUndefined();
  });

  it('finds nothing wrong with an empty canvas', () => {
    expect(analyze(graphOf([], [])).problems).toEqual([]);
  });
});

/** Any canvas: ids that may repeat or be malformed, unknown kinds, params in or out of range, any wiring. */
const canvasArb = fc
  .array(fc.constantFrom('input', 'a', 'b', 'c', 'b2.0', '9x', 'd e'), {
    minLength: 1,
    maxLength: 7,
  })
  .chain((ids) =>
    fc.record({
      nodes: fc.tuple(
        ...ids.map((id) =>
          fc.tuple(
            fc.constant(id),
            fc.constantFrom(...layers.map((l) => l.kind as string), 'Wobble'),
            fc.dictionary(
              fc.constantFrom('out_channels', 'kernel_size', 'stride', 'padding', 'num_convs', 'p'),
              fc.oneof(
                fc.integer({ min: -2, max: 40 }),
                fc.tuple(fc.nat(9), fc.nat(9)),
                fc.boolean(),
              ),
              { maxKeys: 3 },
            ),
          ),
        ),
      ),
      edges: fc.array(
        fc.tuple(fc.constantFrom(...ids, 'ghost'), fc.constantFrom(...ids), fc.nat(3)),
        { maxLength: 10 },
      ),
    }),
  );

describe('analysis of any canvas', () => {
  it('never throws, lists each node and op once, and names a node or edge in every local error', () => {
    fc.assert(
      fc.property(canvasArb, ({ nodes, edges }) => {
        const a = analyze(graphOf(nodes, edges));
        for (const p of a.problems) {
          if (p.code !== 'noInput') expect(p.nodeId ?? p.edgeId).toBeDefined();
          expect(p.message.length).toBeGreaterThan(0);
        }
        expect(new Set(a.order).size).toBe(a.order.length);
        expect(new Set(a.ops.map((o) => o.name)).size).toBe(a.ops.length);
        expect(() => summaryOf(a)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
