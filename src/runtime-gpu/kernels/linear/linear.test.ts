import { describe, expect, it } from 'vitest';
import { linearBackwardRef, linearForwardRef } from '../../reference/linear.js';
import { maxRelError, randomArray, runFloat, type TestTensor } from '../../testing.js';
import type { LinearDims } from './dims.js';
import { baselineCaps } from '../../tune/problem.js';
import {
  linearBackwardData,
  linearBackwardWeight,
  linearForward,
  linearProblem,
} from './linear.js';

interface Case {
  d: LinearDims;
  bias: boolean;
  accumulate: boolean;
}

const cases: Case[] = [
  { d: { n: 4, inF: 400, outF: 120 }, bias: true, accumulate: false }, // LeNet fc1
  { d: { n: 7, inF: 84, outF: 10 }, bias: true, accumulate: true }, // LeNet fc3
  { d: { n: 1, inF: 1, outF: 1 }, bias: false, accumulate: false },
  { d: { n: 300, inF: 9, outF: 5 }, bias: true, accumulate: false }, // split-K over the batch
  { d: { n: 3, inF: 517, outF: 33 }, bias: false, accumulate: true },
  { d: { n: 33, inF: 17, outF: 65 }, bias: true, accumulate: true },
  { d: { n: 2, inF: 64, outF: 3 }, bias: false, accumulate: false },
  { d: { n: 130, inF: 31, outF: 2 }, bias: true, accumulate: true },
  { d: { n: 5, inF: 2, outF: 100 }, bias: true, accumulate: false },
  { d: { n: 16, inF: 128, outF: 64 }, bias: true, accumulate: false },
];

const f32 = (a: Float64Array): Float32Array => Float32Array.from(a);

describe('linear kernels against the float64 reference', () => {
  it.each(cases)(
    'n=$d.n in=$d.inF out=$d.outF bias=$bias accumulate=$accumulate',
    async (c) => {
      const d = c.d;
      const x = f32(randomArray(d.n * d.inF, 1));
      const w = f32(randomArray(d.outF * d.inF, 2));
      const b = f32(randomArray(d.outF, 3));
      const dy = f32(randomArray(d.n * d.outF, 4));
      const dxBefore = f32(randomArray(d.n * d.inF, 5));
      const bias = c.bias ? { b: 'b' } : {};
      const db = c.bias ? { db: 'db' } : {};
      const passes = [
        linearForward({ x: 'x', w: 'w', y: 'y', ...bias }, d),
        linearBackwardData({ dy: 'dy', w: 'w', dx: 'dx' }, d, c.accumulate),
        linearBackwardWeight({ x: 'x', dy: 'dy', dw: 'dw', ...db }, d),
      ];
      const calls = passes.flatMap((p) => p.calls);
      const tensors: TestTensor[] = [
        { name: 'x', shape: [x.length], data: x },
        { name: 'w', shape: [w.length], data: w },
        { name: 'b', shape: [d.outF], data: b },
        { name: 'y', shape: [dy.length] },
        { name: 'dy', shape: [dy.length], data: dy },
        // NaNs where an overwrite must not read.
        {
          name: 'dx',
          shape: [x.length],
          data: c.accumulate ? dxBefore : new Float32Array(x.length).fill(NaN),
        },
        { name: 'dw', shape: [w.length] },
        { name: 'db', shape: [d.outF] },
        ...passes.flatMap((p) => p.scratch),
      ];
      const out = await runFloat(calls, tensors);
      const g = linearBackwardRef(x, w, dy, d);
      const dx = c.accumulate ? g.dx.map((v, i) => v + dxBefore[i]!) : g.dx;
      const y = linearForwardRef(x, w, c.bias ? b : undefined, d);
      expect(maxRelError(out.get('y')!, y), 'y').toBeLessThanOrEqual(1e-4);
      expect(maxRelError(out.get('dx')!, dx), 'dx').toBeLessThanOrEqual(1e-4);
      expect(maxRelError(out.get('dw')!, g.dw), 'dw').toBeLessThanOrEqual(1e-4);
      if (c.bias) expect(maxRelError(out.get('db')!, g.db), 'db').toBeLessThanOrEqual(1e-4);
    },
    60_000,
  );

  it('splits the weight-gradient reduction when the batch is large', () => {
    const scratch = (d: LinearDims) =>
      linearBackwardWeight({ x: 'x', dy: 'dy', dw: 'dw' }, d).scratch;
    expect(scratch({ n: 300, inF: 9, outF: 5 })).toHaveLength(1);
    expect(scratch({ n: 4, inF: 400, outF: 120 })).toEqual([]);
  });

  it('runs as the conv pass of the same sizes, so both share kernel timings', () => {
    const p = linearProblem('forward', { n: 4, inF: 400, outF: 120 }, baselineCaps);
    expect(p.key).toBe('conv2d.forward n4 c400x1x1 o120x1x1 k1x1 s1x1 p0x0 d1x1 g1');
    expect(
      linearForward({ x: 'x', w: 'w', y: 'y' }, { n: 1, inF: 2, outF: 3 }).calls[0]!.label,
    ).toBe('linear.forward');
  });
});
