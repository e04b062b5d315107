import { describe, expect, it } from 'vitest';
import { analyze, template } from '../../graph/index.js';
import { chainOf } from '../../graph/testing.js';
import { toFloat32 } from '../safetensors.js';
import { readGolden, withPrefix } from '../test/goldenStep.js';
import { smallResNet } from '../test/graphs.js';
import { maxRelError } from '../testing.js';
import { referenceForward } from './network.js';

/** A golden fixture's input and initial weights (scripts/golden_step.py). */
function fixture(name: string) {
  const golden = readGolden(name);
  const weights = new Map([...withPrefix(golden, 'init.')].map(([k, t]) => [k, toFloat32(t)]));
  const x = toFloat32(golden.get('input')!);
  return { golden, weights, x, batch: golden.get('labels')!.shape[0]! };
}

const lastOp = (ops: { name: string }[]) => ops.at(-1)!.name;

describe('the float64 network reference', () => {
  it("gives PyTorch's eval-mode logits of the chapter's LeNet", () => {
    const { golden, weights, x, batch } = fixture('step-lenet-sgd.safetensors');
    const run = referenceForward(template('lenet')!, weights, x, batch);
    const logits = run.values.get(lastOp(run.ops))!;
    expect(maxRelError(logits, toFloat32(golden.get('eval.output')!))).toBeLessThan(1e-5);
  });

  it("gives PyTorch's training-mode logits and moved running statistics of a small ResNet", () => {
    const { golden, weights, x, batch } = fixture('step-resnet-sgd.safetensors');
    const eval_ = referenceForward(smallResNet(), weights, x, batch);
    expect(
      maxRelError(eval_.values.get(lastOp(eval_.ops))!, toFloat32(golden.get('eval.output')!)),
    ).toBeLessThan(1e-5);

    const train = referenceForward(smallResNet(), weights, x, batch, true);
    expect(
      maxRelError(train.values.get(lastOp(train.ops))!, toFloat32(golden.get('step1.output')!)),
    ).toBeLessThan(1e-5);
    const step1 = withPrefix(golden, 'step1.');
    const moved = [...train.updated.keys()].sort();
    expect(moved).toEqual([...step1.keys()].filter((k) => /running_(mean|var)$/.test(k)).sort());
    for (const key of moved) {
      expect(maxRelError(train.updated.get(key)!, toFloat32(step1.get(key)!)), key).toBeLessThan(
        1e-5,
      );
    }
  });

  it('keeps every op’s output with its shape, and names a missing weight', () => {
    const g = chainOf(
      [1, 3, 3],
      [
        ['k', 'Conv2d', { out_channels: 1, kernel_size: [2, 2], bias: false }],
        ['flat', 'Flatten'],
      ],
    );
    const x = Float64Array.from({ length: 9 }, (_, i) => i);
    const run = referenceForward(g, new Map([['k.weight', [0, 1, 2, 3]]]), x, 1);
    expect([...run.values.get('k')!]).toEqual([19, 25, 37, 43]);
    expect([...run.values.get('flat')!]).toEqual([19, 25, 37, 43]);
    expect(run.ops.map((o) => o.name)).toEqual(analyze(g).ops.map((o) => o.name));
    expect(() => referenceForward(g, new Map(), x, 1)).toThrow('no weight k.weight');
  });
});
