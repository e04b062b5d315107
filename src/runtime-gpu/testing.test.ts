import { describe, expect, it } from 'vitest';
import { grid1d, uniformWords, type KernelCall } from './kernel.js';
import { maxRelError, runFloat } from './testing.js';

describe('kernel harness', () => {
  it('runs a WGSL kernel with a uniform block on the test device', async () => {
    const n = 1000;
    const x = Float32Array.from({ length: n }, (_, i) => i - 500);
    const call: KernelCall = {
      label: 'scale',
      code: /* wgsl */ `
        @group(0) @binding(0) var<storage, read> x: array<f32>;
        @group(0) @binding(1) var<storage, read_write> y: array<f32>;
        struct U { n: u32, scale: f32 }
        @group(0) @binding(2) var<uniform> u: U;
        @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
          if (g.x < u.n) { y[g.x] = x[g.x] * u.scale; }
        }`,
      bindings: [
        { tensor: 'x', access: 'read' },
        { tensor: 'y', access: 'read_write' },
      ],
      uniforms: uniformWords([n, 2.5], new Set([1])),
      workgroups: grid1d(n, 64),
    };
    const out = await runFloat(
      [call],
      [
        { name: 'x', shape: [n], data: x },
        { name: 'y', shape: [n] },
      ],
    );
    expect(Array.from(out.get('y')!)).toEqual(Array.from(x, (v) => v * 2.5));
  });

  it('splits large dispatches over two grid axes', () => {
    expect(grid1d(64 * 70000, 64)).toEqual([35000, 2, 1]);
    expect(grid1d(10, 64)).toEqual([1, 1, 1]);
  });

  it('compares NaN and infinities exactly, the rest relative to max(1, |expected|)', () => {
    expect(maxRelError([NaN, Infinity, -Infinity, 2], [NaN, Infinity, -Infinity, 2])).toBe(0);
    expect(maxRelError([1.001, 200.2], [1, 200])).toBeCloseTo(1e-3, 9);
    expect(maxRelError([NaN], [0])).toBe(Infinity);
    expect(maxRelError([0], [NaN])).toBe(Infinity);
    expect(maxRelError([Infinity], [-Infinity])).toBe(Infinity);
    expect(maxRelError([3.4e38], [Infinity])).toBe(Infinity);
  });
});
