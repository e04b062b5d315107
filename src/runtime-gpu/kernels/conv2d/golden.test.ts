import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KernelCall, TensorDesc } from '../../kernel.js';
import { conv2dBackwardRef, conv2dForwardRef } from '../../reference/conv2d.js';
import { linearBackwardRef, linearForwardRef } from '../../reference/linear.js';
import { maxRelError, runFloat } from '../../testing.js';
import type { LinearDims } from '../linear/dims.js';
import {
  linearBackwardData,
  linearBackwardWeight,
  linearBackwardWeightScratch,
  linearForward,
} from '../linear/linear.js';
import {
  conv2dBackwardData,
  conv2dBackwardFilter,
  conv2dBackwardFilterScratch,
  conv2dForward,
} from './conv2d.js';
import type { Conv2dDims } from './dims.js';

/** Written by scripts/golden_ops_conv.py: torch's outputs and gradients of sum(y·dy). */
interface Golden<D> {
  dims: D;
  x: number[];
  w: number[];
  b?: number[];
  dy: number[];
  y: number[];
  dx: number[];
  dw: number[];
  db?: number[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../../../../fixtures/ops/conv.json', import.meta.url), 'utf8'),
) as { conv2d: Golden<Conv2dDims>[]; linear: Golden<LinearDims>[] };

type Outputs = 'y' | 'dx' | 'dw' | 'db';

/** Runs forward and both backward kernels on a golden case and returns every output. */
async function runGolden<D>(
  g: Golden<D>,
  calls: KernelCall[],
  scratch: TensorDesc[],
): Promise<Map<string, Float32Array>> {
  const data = (name: 'x' | 'w' | 'b' | 'dy') => ({
    name,
    shape: [g[name]?.length ?? 1],
    data: Float32Array.from(g[name] ?? [0]),
  });
  const empty = (name: Outputs) => ({ name, shape: [g[name]?.length ?? 1] });
  return runFloat(calls, [
    ...(['x', 'w', 'b', 'dy'] as const).map(data),
    ...(['y', 'dx', 'dw', 'db'] as const).map(empty),
    ...scratch,
  ]);
}

function expectClose<D>(g: Golden<D>, got: (k: Outputs) => ArrayLike<number>): void {
  for (const k of ['y', 'dx', 'dw', 'db'] as const) {
    const want = g[k];
    if (want) expect(maxRelError(got(k), want), k).toBeLessThanOrEqual(1e-4);
  }
}

const names = (bias: boolean) => ({
  b: bias ? { b: 'b' } : {},
  db: bias ? { db: 'db' } : {},
});

describe('conv2d against PyTorch goldens', () => {
  it.each(fixture.conv2d.map((g, i) => [i, g] as const))(
    'case %i',
    async (_, g) => {
      const d = g.dims;
      const { b, db } = names(g.b !== undefined);
      const calls = [
        ...conv2dForward({ x: 'x', w: 'w', y: 'y', ...b }, d),
        ...conv2dBackwardData({ dy: 'dy', w: 'w', dx: 'dx' }, d, false),
        ...conv2dBackwardFilter({ x: 'x', dy: 'dy', dw: 'dw', scratchPrefix: 's', ...db }, d),
      ];
      const out = await runGolden(g, calls, conv2dBackwardFilterScratch('s', d));
      expectClose(g, (k) => out.get(k)!);
      const ref = conv2dBackwardRef(g.x, g.w, g.dy, d);
      const y = conv2dForwardRef(g.x, g.w, g.b, d);
      expectClose(g, (k) => (k === 'y' ? y : ref[k]));
    },
    60_000,
  );
});

describe('linear against PyTorch goldens', () => {
  it.each(fixture.linear.map((g, i) => [i, g] as const))(
    'case %i',
    async (_, g) => {
      const d = g.dims;
      const { b, db } = names(g.b !== undefined);
      const calls = [
        ...linearForward({ x: 'x', w: 'w', y: 'y', ...b }, d),
        ...linearBackwardData({ dy: 'dy', w: 'w', dx: 'dx' }, d, false),
        ...linearBackwardWeight({ x: 'x', dy: 'dy', dw: 'dw', scratchPrefix: 's', ...db }, d),
      ];
      const out = await runGolden(g, calls, linearBackwardWeightScratch('s', d));
      expectClose(g, (k) => out.get(k)!);
      const ref = linearBackwardRef(g.x, g.w, g.dy, d);
      const y = linearForwardRef(g.x, g.w, g.b, d);
      expectClose(g, (k) => (k === 'y' ? y : ref[k]));
    },
    60_000,
  );
});
