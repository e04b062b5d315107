import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, inputRegion, template, type Graph } from '../../graph/index.js';
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

/** A chain of convs and pools (1 channel, no bias) on a square image, where every kernel fits. */
const windowChain = fc
  .record({
    size: fc.integer({ min: 3, max: 12 }),
    layers: fc.array(
      fc.record({
        kind: fc.constantFrom('Conv2d', 'MaxPool2d', 'AvgPool2d'),
        k: fc.integer({ min: 1, max: 4 }),
        s: fc.integer({ min: 1, max: 3 }),
        p: fc.integer({ min: 0, max: 2 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ size, layers }) =>
    chainOf(
      [1, size, size],
      layers.map(({ kind, k, s, p }, i): [string, string, Record<string, unknown>] => [
        `l${i}`,
        kind,
        {
          kernel_size: [k, k],
          stride: [s, s],
          // Pooling pads at most half its kernel, as PyTorch allows.
          padding: kind === 'Conv2d' ? [p, p] : [Math.min(p, k >> 1), Math.min(p, k >> 1)],
          ...(kind === 'Conv2d' ? { out_channels: 1, bias: false } : {}),
        },
      ]),
    ),
  )
  .filter((g: Graph) => analyze(g).problems.length === 0);

describe('receptive fields against the reference', () => {
  // A layer whose stride passes its kernel leaves holes: pixels inside the region that no
  // window reaches. Without such layers the region is exactly what the element sees.
  it('an element’s region holds every input pixel that can change it, and no other without holes', () => {
    fc.assert(
      fc.property(windowChain, (g) => {
        const a = analyze(g);
        const [, h, w] = a.ops[0]!.shape as [number, number, number];
        const out = a.ops.at(-1)!;
        const [, oh, ow] = out.shape as [number, number, number];
        const holes = a.ops.some((op) => {
          const [k, s] = [op.params.kernel_size, op.params.stride] as number[][];
          return k !== undefined && s !== undefined && s[0]! > k[0]!;
        });
        // All-ones kernels and a single 1 in the image: no cancellation, so an output is
        // non-zero exactly where its window chain reaches that pixel.
        const weights = new Map(
          a.ops.flatMap((op) =>
            op.weights.map(
              (wt) =>
                [
                  `${op.name}.${wt.name}`,
                  new Float64Array(wt.shape.reduce((x, y) => x * y, 1)).fill(1),
                ] as const,
            ),
          ),
        );
        for (let r = 0; r < h; r++) {
          for (let c = 0; c < w; c++) {
            const x = new Float64Array(h * w);
            x[r * w + c] = 1;
            const y = referenceForward(g, weights, x, 1).values.get(out.name)!;
            for (let i = 0; i < oh; i++) {
              for (let j = 0; j < ow; j++) {
                const region = inputRegion(a, out.name, [i, j]);
                const inside =
                  region !== null &&
                  r >= region.top &&
                  r <= region.bottom &&
                  c >= region.left &&
                  c <= region.right;
                const seen = y[i * ow + j] !== 0;
                const where = `${out.name}[${i}, ${j}] and pixel (${r}, ${c})`;
                if (seen || !holes) expect(inside, where).toBe(seen);
              }
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
