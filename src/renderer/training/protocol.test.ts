import { describe, expect, it } from 'vitest';
import { parseToWorker, transferables, type FromWorker, type TrainConfig } from './protocol.js';

const config: TrainConfig = {
  epochs: 2,
  batch: 64,
  optimizer: 'adam',
  lr: 0.01,
  momentum: 0.9,
  weightDecay: 0,
  seed: 1,
  init: 'xavier',
  trainSamples: 512,
  testSamples: null,
  schedule: 'constant',
  warmup: 0,
  augment: '',
  val: 0,
  earlyStop: 0,
  keepBest: false,
};
const builtin = { kind: 'builtin', name: 'fashion-mnist', baseUrl: 'http://localhost/datasets/' };

describe('messages to the training worker', () => {
  it('accepts every well-formed message', () => {
    const messages = [
      { type: 'init' },
      {
        type: 'start',
        runId: 'r1',
        graph: '{}',
        dataset: builtin,
        config,
        weights: null,
        resume: false,
      },
      { type: 'pause' },
      { type: 'resume' },
      { type: 'stop' },
      { type: 'loadWeights', graph: '{}', dataset: builtin, config, weights: new ArrayBuffer(8) },
      { type: 'predict', samples: [0, 5] },
      { type: 'featureMaps', sample: 3, layer: 'conv1' },
      {
        type: 'start',
        runId: 'r2',
        graph: '{}',
        dataset: {
          kind: 'idx',
          name: 'mine',
          trainImages: new ArrayBuffer(1),
          trainLabels: new ArrayBuffer(1),
          testImages: new ArrayBuffer(1),
          testLabels: new ArrayBuffer(1),
        },
        config,
        weights: new ArrayBuffer(4),
        resume: true,
      },
    ];
    for (const m of messages) {
      const r = parseToWorker(m);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (r.ok) expect(r.message.type).toBe(m.type);
    }
  });

  it('names the field that is wrong', () => {
    const cases: [unknown, string][] = [
      [{ type: 'train' }, 'type'],
      [null, 'message'],
      [
        {
          type: 'start',
          runId: 'r',
          graph: '{}',
          dataset: builtin,
          config: { ...config, batch: 0 },
          weights: null,
        },
        'config.batch',
      ],
      [
        {
          type: 'start',
          runId: 'r',
          graph: '{}',
          dataset: builtin,
          config: { ...config, lr: -1 },
          weights: null,
        },
        'config.lr',
      ],
      [
        {
          type: 'start',
          runId: 'r',
          graph: '{}',
          dataset: { ...builtin, name: 'cifar' },
          config,
          weights: null,
        },
        'dataset.name',
      ],
      [{ type: 'loadWeights', graph: '{}', dataset: builtin, config, weights: 'abc' }, 'weights'],
      [{ type: 'predict', samples: [-1] }, 'samples.0'],
      [{ type: 'featureMaps', sample: 0, layer: '' }, 'layer'],
      [{ type: 'featureMaps', sample: 1.5, layer: 'conv1' }, 'sample'],
      [{ type: 'pause', extra: 1 }, 'message'],
    ];
    for (const [m, path] of cases) {
      const r = parseToWorker(m);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error).toMatch(/^malformed message to the training worker: /);
        expect(r.error.split(': ')[1]).toBe(path);
      }
    }
  });

  it('hands over result buffers without copying, and nothing else', () => {
    const bytes = new ArrayBuffer(16);
    expect(transferables({ type: 'weights', bytes, shapes: {}, run: null, which: 'last' })).toEqual(
      [bytes],
    );
    const images = new Uint8Array(4);
    const evaluation = {
      loss: 1,
      accuracy: 0.5,
      classes: 2,
      confusion: [1, 1, 0, 2],
      gallery: [],
      images,
      imageShape: { channels: 1, height: 2, width: 2 },
    };
    const done: FromWorker = { type: 'done', runId: 'r', reason: 'finished', evaluation };
    expect(transferables(done)).toEqual([images.buffer]);
    const data = new Float32Array(6);
    const maps = { sample: 0, layer: 'fc1', shape: [6], data };
    expect(transferables({ type: 'featureMaps', maps })).toEqual([data.buffer]);
    expect(transferables({ type: 'paused' })).toEqual([]);
  });
});
