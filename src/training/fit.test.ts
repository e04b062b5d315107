import { describe, expect, it } from 'vitest';
import { analyze, template, type Graph } from '../graph/index.js';
import { checkFit } from './fit.js';

const fashion = { name: 'Fashion-MNIST', channels: 1, height: 28, width: 28, classes: 10 };
const lenet = () => template('lenet')!;
const checks = (g: Graph, resize = false) => checkFit(analyze(g), g.nodes, fashion, resize);

/** Applies a check's first fix to a copy of the graph. */
const fixed = (g: Graph, fix: { nodeId: string; params: object }): Graph => ({
  ...g,
  nodes: g.nodes.map((n) => (n.id === fix.nodeId ? { ...n, params: { ...fix.params } } : n)),
});

describe('checking a network against a dataset before training', () => {
  it('passes LeNet on Fashion-MNIST', () => {
    expect(checks(lenet())).toEqual([]);
  });

  it('refuses 3 input channels for grayscale data, and its fix makes it pass', () => {
    const g = lenet();
    const input = g.nodes.find((n) => n.kind === 'Input')!;
    input.params = { ...input.params, channels: 3 };
    const [c, ...rest] = checks(g);
    expect(rest).toEqual([]);
    expect(c!.severity).toBe('error');
    expect(c!.message).toContain('3 channels');
    expect(checks(fixed(g, c!.fixes[0]!))).toEqual([]);
  });

  it('offers resizing 28×28 images on the GPU for a 96×96 input, or changing the input', () => {
    const g = template('alexnet')!;
    const input = g.nodes.find((n) => n.kind === 'Input')!;
    const size = `${input.params.height}×${input.params.width}`;
    const [c] = checks(g);
    expect(c!.severity).toBe('error');
    expect(c!.message).toContain(`takes ${size} images`);
    expect(c!.resize).toEqual({ height: input.params.height, width: input.params.width });
    const agreed = checks(g, true);
    expect(agreed).toHaveLength(1);
    expect(agreed[0]!.severity).toBe('warning');
    expect(agreed[0]!.message).toContain(`resized to ${size}`);
  });

  it('refuses too few classes, and the fix sets the last Linear', () => {
    const g = lenet();
    const fc3 = g.nodes.find((n) => n.id === 'fc3')!;
    fc3.params = { ...fc3.params, out_features: 7 };
    const [c] = checks(g);
    expect(c!.severity).toBe('error');
    expect(c!.message).toBe('fc3 gives 7 scores, but Fashion-MNIST has 10 classes.');
    expect(checks(fixed(g, c!.fixes[0]!))).toEqual([]);
  });

  it('only warns about more scores than classes: the extra ones are never the answer', () => {
    const g = lenet();
    const fc3 = g.nodes.find((n) => n.id === 'fc3')!;
    fc3.params = { ...fc3.params, out_features: 12 };
    const [c, ...rest] = checks(g);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      severity: 'warning',
      message: 'fc3 gives 12 scores, but Fashion-MNIST has 10 classes.',
    });
  });

  it('refuses an output that is not a vector of scores, and a graph with problems', () => {
    const g = lenet();
    const cut = {
      ...g,
      nodes: g.nodes.filter(
        (n) => !['flatten', 'fc1', 'sig3', 'fc2', 'sig4', 'fc3'].includes(n.id),
      ),
    };
    cut.edges = g.edges.filter((e) => cut.nodes.some((n) => n.id === e.target));
    expect(checks(cut)[0]!.message).toContain('Training needs the output to be class scores');
    const broken = lenet();
    broken.nodes.find((n) => n.id === 'fc1')!.params.out_features = 0;
    expect(checks(broken)[0]!.message).toMatch(/^The network has \d+ problems?/);
  });
});
