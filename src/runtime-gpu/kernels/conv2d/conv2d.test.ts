import { describe, expect, it } from 'vitest';
import { baselineCaps, type KernelCaps } from '../../tune/problem.js';
import { convCaseErrors, convCases, convDims } from '../../test/convCases.js';
import { runFloat, testDevice } from '../../testing.js';
import { conv2dBackwardData, conv2dBackwardFilter, conv2dForward } from './conv2d.js';
import {
  convGemm,
  convVariants,
  eligibleVariants,
  tiledPlan,
  type ConvVariant,
} from './variants.js';

/** A large GPU's limits, where every variant may run. */
const gpuCaps: KernelCaps = {
  sharedMemory: true,
  workgroupStorage: 32768,
  invocations: 1024,
  maxBinding: 2 ** 30,
};

describe('conv2d kernels against the float64 reference (register-blocked variant)', () => {
  it.each(convCases)(
    '$name',
    async (c) => {
      const errors = await convCaseErrors(runFloat, c, 'register');
      for (const [k, e] of Object.entries(errors)) expect(e, k).toBeLessThanOrEqual(1e-4);
    },
    60_000,
  );

  it('splits the filter-gradient reduction only when the dw GEMM has few tiles', () => {
    const split = conv2dBackwardFilter({ x: 'x', dy: 'dy', dw: 'dw' }, convCases[0]!.d);
    expect(split.scratch).toHaveLength(1);
    expect(split.calls.map((c) => c.label)).toEqual([
      'conv2d.backwardFilter',
      'conv2d.backwardFilter.reduce',
    ]);
    const d = convDims(1, 64, [4, 4], 64, [3, 3], [1, 1], [1, 1]);
    expect(conv2dBackwardFilter({ x: 'x', dy: 'dy', dw: 'dw' }, d).scratch).toEqual([]);
  });
});

describe('conv2d kernel variants', () => {
  const resnetLast = convDims(32, 512, [3, 3], 512, [3, 3], [1, 1], [1, 1]);
  const lenet1 = convDims(256, 1, [28, 28], 6, [5, 5], [1, 1], [0, 0]);

  it('offers only the register-blocked kernels on a fallback adapter', () => {
    for (const pass of ['forward', 'backwardData', 'backwardFilter'] as const) {
      expect(eligibleVariants(pass, resnetLast, baselineCaps)).toEqual(['register']);
    }
  });

  it('offers split-K only where it splits, and never twice for the filter gradient', () => {
    // ResNet's last stage: 288 pixels × 512 channels is 5 × 8 tiles of 64, for a 4608-long reduction.
    const forward = eligibleVariants('forward', resnetLast, gpuCaps);
    expect(forward).toContain('tile64.splitk');
    expect(tiledPlan('forward', 'tile64.splitk', resnetLast).slices).toBeGreaterThan(1);
    // LeNet's first conv: 25-long reductions.
    expect(eligibleVariants('forward', lenet1, gpuCaps)).not.toContain('tile64.splitk');
    expect(
      eligibleVariants('backwardFilter', resnetLast, gpuCaps).some((v) => v.endsWith('.splitk')),
    ).toBe(false);
    expect(tiledPlan('backwardFilter', 'tile64', lenet1).slices).toBeGreaterThan(1);
  });

  it('leaves out tiles the device has no room for', () => {
    const small = { ...gpuCaps, workgroupStorage: 16384, invocations: 256 };
    const v = eligibleVariants('forward', resnetLast, small);
    expect(v).toContain('tile64');
    expect(v).not.toContain('tile128x64');
    expect(eligibleVariants('forward', resnetLast, { ...small, invocations: 64 })).toEqual([
      'register',
      'tile32',
      'tile32.splitk',
    ]);
  });

  it('covers every reduction value exactly once when split', () => {
    for (const [pass, d] of [
      ['forward', resnetLast],
      ['backwardData', convDims(2, 64, [7, 6], 32, [3, 3], [2, 2], [1, 1], [2, 2], 2)],
      ['backwardFilter', lenet1],
    ] as const) {
      const p = tiledPlan(pass, pass === 'backwardFilter' ? 'tile64' : 'tile64.splitk', d);
      const k = convGemm(pass, d).k;
      expect(p.chunk % 16).toBe(0);
      expect(p.slices).toBeGreaterThan(1);
      // The last slice starts before the end and ends at or after it.
      expect((p.slices - 1) * p.chunk).toBeLessThan(k);
      expect(p.slices * p.chunk).toBeGreaterThanOrEqual(k);
    }
  });

  it('generates WGSL that compiles for every variant and pass', async () => {
    // Only compiled here, never run: dawn.node's SwiftShader crashes running barrier loops.
    const device = await testDevice();
    const cases = [convCases.at(-5)!, convCases.at(-4)!, convCases[13]!];
    const codes = new Set<string>();
    for (const c of cases) {
      for (const v of Object.keys(convVariants) as ConvVariant[]) {
        const o = { variant: v, activation: c.activation ?? ('ReLU' as const) };
        for (const k of [
          conv2dForward({ x: 'x', w: 'w', b: 'b', y: 'y' }, c.d, o),
          conv2dForward({ x: 'x', w: 'w', y: 'y' }, c.d, { variant: v }),
          conv2dBackwardData({ dy: 'dy', w: 'w', dx: 'dx' }, c.d, true, o),
          conv2dBackwardFilter({ x: 'x', dy: 'dy', dw: 'dw', db: 'db' }, c.d, o),
          conv2dBackwardFilter({ x: 'x', dy: 'dy', dw: 'dw' }, c.d, o),
        ]) {
          for (const call of k.calls) codes.add(call.code);
        }
      }
    }
    const problems: string[] = [];
    for (const code of codes) {
      const info = await device.createShaderModule({ code }).getCompilationInfo();
      for (const m of info.messages) {
        if (m.type === 'error') problems.push(`${m.message} at ${m.lineNum}:${m.linePos}`);
      }
    }
    expect(problems).toEqual([]);
    expect(codes.size).toBeGreaterThan(30);
  }, 120_000);
});
