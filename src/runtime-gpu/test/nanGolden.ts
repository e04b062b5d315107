import { readFileSync } from 'node:fs';
import type { Pool2dDims } from '../kernels/pool/dims.js';
import type { Activation } from '../reference/activation.js';

type Values = (number | string)[];

/** fixtures/ops/nan.json, written by scripts/golden_nan.py. */
export interface NanGolden {
  activation: Record<
    Activation,
    { x: Values; y: Values; backward: Record<string, { dy: Values; dx: Values }> }
  >;
  pool: {
    dims: Pool2dDims;
    x: Values;
    dy: Values;
    max: { y: Values; argmax: number[]; dx: Values };
    avg: { y: Values; dx: Values };
  }[];
  crossEntropy: {
    n: number;
    classes: number;
    logits: Values;
    labels: number[];
    loss: number | string;
    dlogits: Values;
    correct: number;
  }[];
}

export const nanGolden = JSON.parse(
  readFileSync(new URL('../../../fixtures/ops/nan.json', import.meta.url), 'utf8'),
) as NanGolden;
