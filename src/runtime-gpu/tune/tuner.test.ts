import { describe, expect, it } from 'vitest';
import { templates } from '../../graph/index.js';
import { conv2dProblem } from '../kernels/conv2d/conv2d.js';
import { convDims } from '../test/convCases.js';
import { adapterSection, loadedSection, type Timing, type TuneStore } from './cache.js';
import { capsOf, type KernelCaps, type KernelProblem } from './problem.js';
import { adapterKey, Tuner } from './tuner.js';
import { kernelsVersion } from './version.js';

/** A large GPU's limits, where every variant may run. */
const gpuCaps: KernelCaps = {
  sharedMemory: true,
  workgroupStorage: 32768,
  invocations: 1024,
  maxBinding: 2 ** 30,
};

/** ResNet's last stage: few output tiles, so split-K is eligible too. */
const lastStage = conv2dProblem(
  'forward',
  convDims(32, 512, [3, 3], 512, [3, 3], [1, 1], [1, 1]),
  gpuCaps,
);

/** A timer that says what `ms` says and counts what it was asked. */
function fakeTimer(ms: (p: KernelProblem, v: string) => number) {
  const asked: string[] = [];
  return {
    asked,
    measure: async (p: KernelProblem, v: string) => {
      asked.push(`${p.key} ${v}`);
      return ms(p, v);
    },
  };
}

/** A store kept in memory, as the CLI's file and the app's IndexedDB keep one per adapter. */
function memory(): TuneStore & { saved: Map<string, unknown> } {
  const saved = new Map<string, unknown>();
  return {
    where: 'a test store',
    saved,
    load: async (adapter, kernels) => loadedSection(saved.get(adapter), kernels, 'a test store'),
    save: async (adapter, kernels, timings) => {
      saved.set(adapter, JSON.parse(JSON.stringify(adapterSection(kernels, timings))));
    },
  };
}

describe('the tuner', () => {
  it('picks the variant its timer says is fastest, and measures each problem once', async () => {
    expect(lastStage.variants).toContain('tile64.splitk');
    const timer = fakeTimer((_, v) => (v === 'tile64.splitk' ? 1 : v === 'register' ? 5 : 3));
    const tuner = new Tuner({ caps: gpuCaps, adapter: 'gpu', measure: timer.measure });
    expect(tuner.pick(lastStage)).toBe('register');
    expect(await tuner.tune([lastStage])).toBe(true);
    expect(tuner.pick(lastStage)).toBe('tile64.splitk');
    expect(timer.asked).toHaveLength(lastStage.variants.length);
    expect(await tuner.tune([lastStage])).toBe(false);
    expect(timer.asked).toHaveLength(lastStage.variants.length);
    expect(tuner.timing(lastStage.key)?.ms.register).toBe(5);
  });

  it('keeps the default on a tie, and leaves out a variant that fails to run', async () => {
    const notes: string[] = [];
    const timer = fakeTimer((_, v) => {
      if (v === 'tile64') throw new Error('validation error');
      return 2;
    });
    const tuner = new Tuner({
      caps: gpuCaps,
      adapter: 'gpu',
      measure: timer.measure,
      note: (l) => notes.push(l),
    });
    await tuner.tune([lastStage]);
    expect(tuner.pick(lastStage)).toBe('register');
    expect(tuner.timing(lastStage.key)?.ms).not.toHaveProperty('tile64');
    expect(notes.some((n) => n.includes('tile64 left out'))).toBe(true);
  });

  it('measures nothing when told to run the register-blocked kernels, or a named variant', async () => {
    const timer = fakeTimer(() => 1);
    const tuner = new Tuner({
      caps: gpuCaps,
      adapter: 'gpu',
      measure: timer.measure,
      mode: 'register',
    });
    expect(await tuner.tune([lastStage])).toBe(false);
    expect(tuner.pick(lastStage)).toBe('register');
    tuner.configure({ mode: 'tile32' });
    expect(tuner.pick(lastStage)).toBe('tile32');
    expect(timer.asked).toEqual([]);
  });

  it('reads what an earlier run stored for the adapter, and measures again when the kernels changed', async () => {
    const store = memory();
    const slow = fakeTimer((_, v) => (v === 'tile32' ? 1 : 4));
    const first = new Tuner({ caps: gpuCaps, adapter: 'gpu A', measure: slow.measure, store });
    await first.tune([lastStage]);
    expect(store.saved.has('gpu A')).toBe(true);

    const none = fakeTimer(() => 1);
    const second = new Tuner({ caps: gpuCaps, adapter: 'gpu A', measure: none.measure, store });
    expect(await second.tune([lastStage])).toBe(false);
    expect(second.pick(lastStage)).toBe('tile32');
    expect(none.asked).toEqual([]);

    // Another adapter measures for itself.
    const other = new Tuner({ caps: gpuCaps, adapter: 'gpu B', measure: none.measure, store });
    expect(await other.tune([lastStage])).toBe(true);

    // Timings from other kernels are set aside with a note.
    const section = store.saved.get('gpu A') as { kernels: string; timings: unknown };
    store.saved.set('gpu A', { ...section, kernels: 'older kernels' });
    const notes: string[] = [];
    const again = fakeTimer(() => 1);
    const third = new Tuner({
      caps: gpuCaps,
      adapter: 'gpu A',
      measure: again.measure,
      store,
      note: (l) => notes.push(l),
    });
    expect(await third.tune([lastStage])).toBe(true);
    expect(again.asked).toHaveLength(lastStage.variants.length);
    expect(notes.join('\n')).toContain('the kernels have changed');
  });

  it('reads no store when no problem has a choice (a software adapter)', async () => {
    let reads = 0;
    const store: TuneStore = {
      where: 'a counting store',
      load: async () => (reads++, { timings: new Map() }),
      save: async () => {},
    };
    const only = { ...lastStage, variants: ['register'] };
    const tuner = new Tuner({
      caps: gpuCaps,
      adapter: 'gpu',
      measure: fakeTimer(() => 1).measure,
      store,
    });
    expect(await tuner.tune([only])).toBe(false);
    expect(reads).toBe(0);
  });

  it('goes on measuring in memory when the store fails, with a note', async () => {
    const notes: string[] = [];
    const broken: TuneStore = {
      where: 'a broken store',
      load: () => Promise.reject(new Error('disk gone')),
      save: () => Promise.reject(new Error('disk full')),
    };
    const tuner = new Tuner({
      caps: gpuCaps,
      adapter: 'gpu',
      measure: fakeTimer((_, v) => (v === 'tile64' ? 1 : 2)).measure,
      store: broken,
      note: (l) => notes.push(l),
    });
    expect(await tuner.tune([lastStage])).toBe(true);
    expect(tuner.pick(lastStage)).toBe('tile64');
    expect(notes.join('\n')).toContain('not read from a broken store: disk gone');
    expect(notes.join('\n')).toContain('not saved to a broken store: disk full');
  });

  it('compiles a plan whose conv passes run the measured variants', async () => {
    const timer = fakeTimer((_, v) => (v === 'tile32' ? 1 : 2));
    const tuner = new Tuner({ caps: gpuCaps, adapter: 'gpu', measure: timer.measure });
    const options = { batch: 8, training: true, optimizer: sgd };
    const plan = await tuner.compile(templates.lenet!(), options);
    const problems = new Set(timer.asked.map((a) => a.slice(0, a.lastIndexOf(' '))));
    expect(problems.size).toBeGreaterThan(3);
    const timings = [...problems].map((k) => tuner.timing(k)!);
    expect(timings.every((t: Timing) => t.pick === 'tile32')).toBe(true);
    // The tiled kernels declare workgroup memory; the register-blocked ones do not.
    const conv = plan.calls.filter((c) => /^(conv2d|linear)\.(forward|backward)/.test(c.label));
    expect(conv.length).toBeGreaterThan(0);
    expect(
      conv.every((c) => c.label.endsWith('.reduce') || c.code.includes('var<workgroup>')),
    ).toBe(true);
    const plain = await new Tuner({
      caps: gpuCaps,
      adapter: 'gpu',
      measure: timer.measure,
      mode: 'register',
    }).compile(templates.lenet!(), options);
    expect(plain.calls.some((c) => c.code.includes('var<workgroup>'))).toBe(false);
  });
});

const sgd = { kind: 'sgd', lr: 0.1, momentum: 0, weightDecay: 0 } as const;

describe('kernel capabilities', () => {
  const device = (fallback: boolean) =>
    ({
      adapterInfo: { isFallbackAdapter: fallback },
      limits: {
        maxComputeWorkgroupStorageSize: 32768,
        maxComputeInvocationsPerWorkgroup: 1024,
        maxComputeWorkgroupSizeX: 1024,
        maxStorageBufferBindingSize: 2 ** 30,
        maxBufferSize: 2 ** 31,
      },
    }) as unknown as GPUDevice;

  it('offers no shared-memory variant on a fallback adapter', () => {
    const caps = capsOf(device(true));
    expect(caps.sharedMemory).toBe(false);
    const d = convDims(32, 512, [3, 3], 512, [3, 3], [1, 1], [1, 1]);
    for (const pass of ['forward', 'backwardData', 'backwardFilter'] as const) {
      expect(conv2dProblem(pass, d, caps).variants).toEqual(['register']);
    }
    expect(capsOf(device(false)).sharedMemory).toBe(true);
    expect(conv2dProblem('forward', d, capsOf(device(false))).variants.length).toBeGreaterThan(1);
  });

  it('names the adapter the timings belong to, fallback or not', () => {
    const info = { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'H200' };
    expect(adapterKey(info as GPUAdapterInfo)).toBe('nvidia / hopper / H200');
    expect(adapterKey({ ...info, isFallbackAdapter: true } as unknown as GPUAdapterInfo)).toBe(
      'nvidia / hopper / H200 (fallback)',
    );
  });

  it('versions the timings by the kernels they measured', () => {
    expect(kernelsVersion()).toMatch(/^[0-9a-f]{16}$/);
    expect(kernelsVersion()).toBe(kernelsVersion());
  });
});
