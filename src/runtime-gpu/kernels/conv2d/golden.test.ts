import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conv2dBackwardRef, conv2dForwardRef } from '../../reference/conv2d.js';
import { linearBackwardRef, linearForwardRef } from '../../reference/linear.js';
import { convGoldenErrors, type ConvGolden } from '../../test/convCases.js';
import { maxRelError, runFloat } from '../../testing.js';
import type { LinearDims } from '../linear/dims.js';
import { asConv } from '../linear/linear.js';
import type { Conv2dDims } from './dims.js';

const fixture = JSON.parse(
  readFileSync(new URL('../../../../fixtures/ops/conv.json', import.meta.url), 'utf8'),
) as { conv2d: ConvGolden<Conv2dDims>[]; linear: ConvGolden<LinearDims>[] };

/** A Linear's golden as the 1×1 conv over a 1×1 image its kernels run. */
const linearAsConv = (g: ConvGolden<LinearDims>): ConvGolden<Conv2dDims> => ({
  ...g,
  dims: asConv(g.dims),
});

function expectClose(errors: Record<string, number>): void {
  for (const [k, e] of Object.entries(errors)) expect(e, k).toBeLessThanOrEqual(1e-4);
}

/** The float64 reference against the same golden. */
function referenceErrors<D>(
  g: ConvGolden<D>,
  y: ArrayLike<number>,
  grads: { dx: ArrayLike<number>; dw: ArrayLike<number>; db: ArrayLike<number> },
): Record<string, number> {
  const e: Record<string, number> = {
    y: maxRelError(y, g.y),
    dx: maxRelError(grads.dx, g.dx),
    dw: maxRelError(grads.dw, g.dw),
  };
  if (g.db) e.db = maxRelError(grads.db, g.db);
  return e;
}

describe('conv2d against PyTorch goldens', () => {
  it.each(fixture.conv2d.map((g, i) => [i, g] as const))(
    'case %i',
    async (_, g) => {
      expectClose(await convGoldenErrors(runFloat, g, 'register'));
      const d = g.dims;
      expectClose(
        referenceErrors(
          g,
          conv2dForwardRef(g.x, g.w, g.b, d),
          conv2dBackwardRef(g.x, g.w, g.dy, d),
        ),
      );
    },
    60_000,
  );
});

describe('linear against PyTorch goldens', () => {
  it.each(fixture.linear.map((g, i) => [i, g] as const))(
    'case %i',
    async (_, g) => {
      expectClose(await convGoldenErrors(runFloat, linearAsConv(g), 'register'));
      const d = g.dims;
      expectClose(
        referenceErrors(
          g,
          linearForwardRef(g.x, g.w, g.b, d),
          linearBackwardRef(g.x, g.w, g.dy, d),
        ),
      );
    },
    60_000,
  );
});
