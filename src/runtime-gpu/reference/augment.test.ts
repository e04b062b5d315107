import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AugmentDims } from '../kernels/augment/augment.js';
import { maxRelError } from '../testing.js';
import { augment } from './augment.js';

interface Case {
  dims: AugmentDims;
  jitter: boolean;
  x: number[];
  draws: number[][];
  y: number[];
}

const golden = JSON.parse(
  readFileSync(new URL('../../../fixtures/training/augment.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

describe('the float64 augmentation reference matches torchvision', () => {
  it('has golden cases', () => expect(golden.cases.length).toBeGreaterThanOrEqual(3));
  for (const [k, g] of golden.cases.entries()) {
    const d = g.dims;
    it(`case ${k}: ${d.n}×${d.c}×${d.h}×${d.w}, pad ${d.pad}${g.jitter ? ', jitter' : ''}`, () => {
      const y = augment(g.x, g.draws.flat(), d, g.jitter);
      expect(maxRelError(y, g.y)).toBeLessThanOrEqual(1e-12);
    });
  }
});
