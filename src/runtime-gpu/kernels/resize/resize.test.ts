import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resizeBilinear as reference } from '../../reference/resize.js';
import { decode, toFloat32 } from '../../safetensors.js';
import { maxRelError, randomArray, runFloat } from '../../testing.js';
import { resizeBilinear, type ResizeDims } from './resize.js';

async function gpuResize(x: Float32Array, d: ResizeDims): Promise<Float32Array> {
  const out = await runFloat(resizeBilinear({ x: 'x', y: 'y' }, d), [
    { name: 'x', shape: [d.n, d.c, d.h, d.w], data: x },
    { name: 'y', shape: [d.n, d.c, d.outH, d.outW] },
  ]);
  return out.get('y')!;
}

const golden = decode(
  new Uint8Array(
    readFileSync(new URL('../../../../fixtures/golden/resize.safetensors', import.meta.url)),
  ),
);
const goldenCases = [...golden.tensors.values()]
  .filter((t) => t.name.startsWith('y.'))
  .map((y) => {
    const x = golden.tensors.get(`x.${y.name.split('.')[1]}`)!;
    const [n, c, h, w] = x.shape as [number, number, number, number];
    const [, , outH, outW] = y.shape as [number, number, number, number];
    return { name: y.name, x: toFloat32(x), y: toFloat32(y), d: { n, c, h, w, outH, outW } };
  });

// SwiftShader compiles pipelines slowly on a busy machine.
const gpu = { timeout: 60_000 };

describe('bilinear resize matches PyTorch (interpolate, align_corners=False)', gpu, () => {
  it('has golden cases', () => expect(goldenCases.length).toBeGreaterThanOrEqual(6));
  for (const g of goldenCases) {
    it(`${g.name}: the float64 reference and the GPU kernel`, async () => {
      expect(maxRelError(reference(g.x, g.d), g.y)).toBeLessThanOrEqual(1e-5);
      expect(maxRelError(await gpuResize(g.x, g.d), g.y)).toBeLessThanOrEqual(1e-5);
    });
  }
});

describe('bilinear resize matches the float64 reference', gpu, () => {
  const cases: ResizeDims[] = [
    { n: 3, c: 1, h: 28, w: 28, outH: 224, outW: 224 },
    { n: 1, c: 2, h: 4, w: 4, outH: 7, outW: 9 },
    { n: 2, c: 2, h: 9, w: 6, outH: 4, outW: 3 },
    { n: 1, c: 1, h: 1, w: 1, outH: 3, outW: 5 },
    { n: 2, c: 3, h: 13, w: 2, outH: 13, outW: 17 },
  ];
  for (const [k, d] of cases.entries()) {
    it(`${d.n}×${d.c}×${d.h}×${d.w} → ${d.outH}×${d.outW}`, async () => {
      const x = Float32Array.from(randomArray(d.n * d.c * d.h * d.w, 40 + k));
      expect(maxRelError(await gpuResize(x, d), reference(x, d))).toBeLessThanOrEqual(1e-5);
    });
  }

  it('refuses empty sizes', () => {
    expect(() =>
      resizeBilinear({ x: 'x', y: 'y' }, { n: 1, c: 1, h: 0, w: 2, outH: 2, outW: 2 }),
    ).toThrow('resize: h must be ≥ 1, got 0');
  });
});
