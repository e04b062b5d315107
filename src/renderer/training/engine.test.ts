import { describe, expect, it } from 'vitest';
import { serializeGraph, template } from '../../graph/index.js';
import { encodeIdx } from '../../runtime-gpu/data/idx.js';
import { encode } from '../../runtime-gpu/safetensors.js';
import { checkpointMetadata } from '../../training/checkpoint.js';
import { TrainingEngine } from './engine.js';
import type { FromWorker, ToWorker, TrainConfig } from './protocol.js';

const config: TrainConfig = {
  epochs: 1,
  batch: 4,
  optimizer: 'sgd',
  lr: 0.1,
  momentum: 0,
  weightDecay: 0,
  seed: 0,
  init: 'default',
  trainSamples: null,
  testSamples: null,
  schedule: 'constant',
  warmup: 0,
  augment: '',
  val: 0,
  earlyStop: 0,
  keepBest: false,
};

/** An engine without a GPU, and every message it posts. */
function engine() {
  const posted: FromWorker[] = [];
  return {
    engine: new TrainingEngine(
      (m) => posted.push(m),
      () => undefined,
    ),
    posted,
  };
}

const buffer = (bytes: Uint8Array) => bytes.slice().buffer as ArrayBuffer;

function idxSource(trainCount: number, trainLabels: number) {
  return {
    kind: 'idx' as const,
    name: 'tiny',
    trainImages: buffer(encodeIdx([trainCount, 28, 28], new Uint8Array(trainCount * 784))),
    trainLabels: buffer(encodeIdx([trainLabels], new Uint8Array(trainLabels))),
    testImages: buffer(encodeIdx([2, 28, 28], new Uint8Array(2 * 784))),
    testLabels: buffer(encodeIdx([2], new Uint8Array(2))),
  };
}

const start = (
  graph: string,
  dataset: Extract<ToWorker, { type: 'start' }>['dataset'],
): ToWorker => ({
  type: 'start',
  runId: 'r1',
  resume: false,
  graph,
  dataset,
  config,
  weights: null,
});

describe('the training engine without a GPU', () => {
  it('explains that WebGPU is missing', async () => {
    const { engine: e, posted } = engine();
    await e.handle({ type: 'init' });
    expect(posted).toHaveLength(1);
    expect(posted[0]!.type).toBe('unsupported');
    expect(posted[0]).toMatchObject({ reason: expect.stringMatching(/no WebGPU.*editing/) });
  });

  it('refuses a graph file that does not validate, naming where', async () => {
    const { engine: e, posted } = engine();
    const text = serializeGraph(template('lenet')!).replace('"Conv2d"', '"Conv9d"');
    await e.handle(start(text, idxSource(4, 4)));
    expect(posted).toEqual([
      {
        type: 'error',
        kind: 'graph',
        runId: 'r1',
        message: expect.stringMatching(/^the graph file is not valid: nodes\[1\]\.kind: /),
      },
    ]);
  });

  it('reports a dataset whose images and labels disagree as a data error', async () => {
    const { engine: e, posted } = engine();
    await e.handle(start(serializeGraph(template('lenet')!), idxSource(4, 3)));
    expect(posted).toEqual([
      {
        type: 'error',
        kind: 'data',
        runId: 'r1',
        message: 'training images file has 4 images but training labels file has 3 labels',
      },
    ]);
  });

  it('refuses a label the network has no class for before asking for a GPU, naming the file', async () => {
    const { engine: e, posted } = engine();
    const source = idxSource(4, 4);
    source.trainLabels = buffer(encodeIdx([4], Uint8Array.of(0, 1, 200, 3)));
    await e.handle(start(serializeGraph(template('lenet')!), source));
    expect(posted).toEqual([
      {
        type: 'error',
        kind: 'data',
        runId: 'r1',
        message: expect.stringMatching(
          /^training labels file: label 200 at index 2 is not a class of this network, which gives 10 scores/,
        ),
      },
    ]);
  });

  it('cannot predict or show feature maps before anything was trained or loaded', async () => {
    const { engine: e, posted } = engine();
    await e.handle({ type: 'predict', samples: [0] });
    await e.handle({ type: 'featureMaps', sample: 0, layer: 'conv1' });
    expect(posted).toMatchObject([
      { type: 'error', message: 'train or load weights first' },
      { type: 'error', message: 'train or load weights first' },
    ]);
  });
});

/** A GPU whose one device can be made lost on demand. */
function fakeGpu() {
  let lose: (info: GPUDeviceLostInfo) => void = () => {};
  const device = {
    lost: new Promise<GPUDeviceLostInfo>((resolve) => (lose = resolve)),
    onuncapturederror: null,
  };
  const adapter = {
    limits: {},
    features: new Set<string>(),
    info: { vendor: 'test', architecture: 'fake', description: '', isFallbackAdapter: true },
    requestDevice: async () => device,
  };
  const gpu = { requestAdapter: async () => adapter } as unknown as GPU;
  return {
    gpu,
    lose: (message: string) => lose({ reason: 'unknown', message } as GPUDeviceLostInfo),
  };
}

describe('the training engine with a GPU that goes away', () => {
  it('reports the adapter, then a lost device in words that say the curves are kept', async () => {
    const { gpu, lose } = fakeGpu();
    const posted: FromWorker[] = [];
    const e = new TrainingEngine(
      (m) => posted.push(m),
      () => gpu,
    );
    await e.handle({ type: 'init' });
    expect(posted).toEqual([{ type: 'ready', adapter: 'test fake', fallback: true }]);
    lose('the driver was reset');
    await new Promise((r) => setTimeout(r, 0));
    expect(posted[1]).toEqual({
      type: 'error',
      kind: 'device-lost',
      message: expect.stringMatching(
        /^The GPU device was lost \(the driver was reset\)\. The curves and the last checkpoint are kept; press Start/,
      ),
    });
  });

  it('refuses to resume from weights without a run, from a run already as long, or on other data, before the GPU', async () => {
    const graph = serializeGraph(template('lenet')!);
    const weightsOnly = buffer(
      encode([{ name: 'w', dtype: 'F32', shape: [1], data: Float32Array.of(1) }]),
    );
    const twoDone = buffer(
      encode([{ name: 'w', dtype: 'F32', shape: [1], data: Float32Array.of(1) }], {
        ...checkpointMetadata({
          epoch: 2,
          step: 8,
          settings: { ...config, epochs: 2 },
          best: null,
          data: { samples: 4, fingerprint: '00000000' },
        }),
      }),
    );
    // One epoch done, but of 5 training samples where the form's dataset gives 4.
    const otherData = buffer(
      encode([{ name: 'w', dtype: 'F32', shape: [1], data: Float32Array.of(1) }], {
        ...checkpointMetadata({
          epoch: 1,
          step: 4,
          settings: { ...config, epochs: 2 },
          best: null,
          data: { samples: 5, fingerprint: '00000000' },
        }),
      }),
    );
    for (const [weights, message] of [
      [weightsOnly, /^the checkpoint holds weights but no training state to resume/],
      [twoDone, /^the checkpoint has 2 epochs done; set Epochs above 2 to resume it$/],
      [
        otherData,
        /^the checkpoint was trained on 5 training samples, this dataset gives 4 samples; resume with the run's dataset and --limit$/,
      ],
    ] as const) {
      const { engine: e, posted } = engine();
      // Epochs 2 in the form: twoDone has as many done, otherData one fewer.
      const two = { ...config, epochs: 2 };
      await e.handle({
        ...start(graph, idxSource(4, 4)),
        config: two,
        resume: true,
        weights,
      } as ToWorker);
      expect(posted).toEqual([
        { type: 'error', kind: 'weights', runId: 'r1', message: expect.stringMatching(message) },
      ]);
    }
  });
});
