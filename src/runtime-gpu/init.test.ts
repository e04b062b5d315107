import { describe, expect, it } from 'vitest';
import type { WeightSpec } from '../graph/index.js';
import { initialWeights } from './init.js';

const conv: WeightSpec = {
  name: 'weight',
  shape: [64, 3, 7, 7],
  trainable: true,
  init: { uniform: 0.25 },
};
const bias: WeightSpec = { name: 'bias', shape: [64], trainable: true, init: { uniform: 0.05 } };
const ones: WeightSpec = { name: 'running_var', shape: [8], trainable: false, init: 'ones' };
const zeros: WeightSpec = {
  name: 'num_batches_tracked',
  shape: [],
  trainable: false,
  init: 'zeros',
};
const specs = [
  { key: 'c1.weight', spec: conv },
  { key: 'c1.bias', spec: bias },
  { key: 'bn.running_var', spec: ones },
  { key: 'bn.num_batches_tracked', spec: zeros },
];

describe('initialWeights', () => {
  it('draws uniform weights with the bound, mean and variance of U(−b, b)', () => {
    const w = initialWeights(specs, 1).get('c1.weight')!;
    expect(w.length).toBe(64 * 3 * 7 * 7);
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const variance = w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length;
    expect(Math.max(...w)).toBeLessThanOrEqual(0.25);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-0.25);
    expect(Math.max(...w)).toBeGreaterThan(0.249);
    expect(Math.min(...w)).toBeLessThan(-0.249);
    expect(Math.abs(mean)).toBeLessThan(0.005);
    // U(−b, b) has variance b²/3; 9408 samples put the estimate within a few per cent.
    expect(variance / (0.25 ** 2 / 3)).toBeCloseTo(1, 1);
  });

  it('fills ones and zeros, a scalar buffer included', () => {
    const m = initialWeights(specs, 1);
    expect(Array.from(m.get('bn.running_var')!)).toEqual(new Array(8).fill(1));
    expect(Array.from(m.get('bn.num_batches_tracked')!)).toEqual([0]);
  });

  it('is reproducible per seed, differs across seeds and does not depend on weight order', () => {
    const a = initialWeights(specs, 7);
    const b = initialWeights([...specs].reverse(), 7);
    const c = initialWeights(specs, 8);
    expect(b.get('c1.bias')).toEqual(a.get('c1.bias'));
    expect(c.get('c1.bias')).not.toEqual(a.get('c1.bias'));
    expect(a.get('c1.bias')).not.toEqual(a.get('c1.weight')!.subarray(0, 64));
  });

  it("draws d2l's Xavier weights from U(−b, b) with b = √(6 / (fan_in + fan_out))", () => {
    const linear: WeightSpec = { ...conv, shape: [120, 400] };
    const m = initialWeights([...specs, { key: 'fc.weight', spec: linear }], 3, 'xavier');
    // Conv: fan_in 3·7·7, fan_out 64·7·7; linear: 400 in, 120 out.
    const bounds = { 'c1.weight': Math.sqrt(6 / (67 * 49)), 'fc.weight': Math.sqrt(6 / 520) };
    for (const [key, b] of Object.entries(bounds)) {
      const w = m.get(key)!;
      expect(Math.max(...w)).toBeLessThanOrEqual(b);
      expect(Math.min(...w)).toBeGreaterThanOrEqual(-b);
      expect(Math.max(...w)).toBeGreaterThan(0.99 * b);
      expect(Math.min(...w)).toBeLessThan(-0.99 * b);
    }
    // Biases and BatchNorm buffers keep PyTorch's defaults, as d2l leaves them.
    expect(m.get('c1.bias')).toEqual(initialWeights(specs, 3).get('c1.bias'));
    expect(Array.from(m.get('bn.running_var')!)).toEqual(new Array(8).fill(1));
  });
});
