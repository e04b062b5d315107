import { describe, expect, it } from 'vitest';
import { analyze, serializeGraph, template, type Op } from '../../graph/index.js';
import { loadDataset } from '../../runtime-gpu/data/builtin.js';
import { decode, toFloat32 } from '../../runtime-gpu/index.js';
import { smallResNet } from '../../runtime-gpu/test/graphs.js';
import { testDevice } from '../../runtime-gpu/testing.js';
import { TrainingEngine } from './engine.js';
import { explain } from './explain.js';
import type { FeatureMaps, FromWorker, LayerValues, TrainConfig } from './protocol.js';

/** A GPU whose adapter hands out the tests' one dawn.node device. */
async function testGpu(): Promise<GPU> {
  const device = await testDevice();
  const adapter = {
    limits: device.limits,
    features: new Set<string>(),
    info: { vendor: 'test', architecture: 'dawn.node', description: '', isFallbackAdapter: true },
    requestDevice: async () => device,
  };
  return { requestAdapter: async () => adapter } as unknown as GPU;
}

/** The first samples of the built-in Fashion-MNIST, as a folder of images would arrive. */
const fashionMnist = async () => {
  const { train, test } = await loadDataset('fashion-mnist');
  const [a, b] = [train.limit(256), test.limit(16)];
  const bytes = (x: Uint8Array) => x.slice().buffer as ArrayBuffer;
  return {
    kind: 'images' as const,
    name: 'fashion-mnist',
    channels: 1 as const,
    height: 28,
    width: 28,
    trainImages: bytes(a.images),
    trainLabels: bytes(a.labels),
    testImages: bytes(b.images),
    testLabels: bytes(b.labels),
  };
};

const config: TrainConfig = {
  epochs: 1,
  batch: 32,
  optimizer: 'adam',
  lr: 0.01,
  momentum: 0,
  weightDecay: 0,
  seed: 1,
  init: 'default',
  trainSamples: 256,
  testSamples: 16,
  schedule: 'constant',
  warmup: 0,
  augment: '',
  val: 0,
  earlyStop: 0,
  keepBest: false,
};

/** Trains a network briefly in the engine the worker runs; returns a way to ask it things. */
async function trained(graph: ReturnType<typeof template> & object) {
  const posted: FromWorker[] = [];
  const engine = new TrainingEngine(
    (m) => posted.push(m),
    () => gpu,
  );
  const gpu = await testGpu();
  await engine.handle({ type: 'init' });
  await engine.handle({
    type: 'start',
    runId: 'r',
    resume: false,
    graph: serializeGraph(graph),
    dataset: await fashionMnist(),
    config,
    weights: null,
  });
  const errors = posted.filter((m) => m.type === 'error');
  expect(errors).toEqual([]);
  const last = posted.filter((m) => m.type === 'weights').at(-1)!;
  const weights = new Map(
    [...decode(new Uint8Array(last.bytes)).tensors].map(([k, t]) => [k, toFloat32(t)] as const),
  );
  const ask = async <T extends FromWorker['type']>(
    m: Parameters<TrainingEngine['handle']>[0],
    type: T,
  ) => {
    posted.length = 0;
    await engine.handle(m);
    const answer = posted.find((p) => p.type === type);
    if (!answer) throw new Error(`no ${type}: ${JSON.stringify(posted)}`);
    return answer as Extract<FromWorker, { type: T }>;
  };
  return { weights, ask };
}

/** Indices to explain: the first, the largest, one in the middle and the last element. */
function probes(data: ArrayLike<number>): number[] {
  let largest = 0;
  for (let i = 1; i < data.length; i++) if (data[i]! > data[largest]!) largest = i;
  return [...new Set([0, largest, data.length >> 1, data.length - 1])];
}

function checkLayer(
  op: Op,
  values: LayerValues,
  maps: FeatureMaps,
  weights: Map<string, Float32Array>,
  isLast: boolean,
) {
  expect(values.output.shape).toEqual(maps.shape);
  for (const index of probes(maps.data)) {
    const e = explain(op, values.inputs, values.output, weights, index, isLast);
    // The value shown is that element of the layer's feature map …
    expect(e.value, `${op.name}[${index}]`).toBe(maps.data[index]);
    // … and its terms, combined as the layer does, give it back (float32 against float64).
    const scale = Math.max(1, ...e.terms.map((t) => Math.abs(t.value)), Math.abs(e.bias ?? 0));
    expect(Math.abs(e.total - e.value) / scale, `${op.name}[${index}]: ${e.formula}`).toBeLessThan(
      1e-5,
    );
    if (e.combine === 'sum' && op.kind !== 'Add') {
      const sum = e.terms.reduce((s, t) => s + t.w! * t.x, e.bias ?? 0);
      expect(Math.abs(sum - e.value) / scale).toBeLessThan(1e-5);
    }
  }
}

describe('the Explain view’s numbers', () => {
  it('on a trained LeNet: each layer’s element is its feature map’s, and its terms give it', async () => {
    const graph = template('lenet')!;
    const { weights, ask } = await trained(graph);
    const ops = analyze(graph).ops.filter((o) => o.kind !== 'Input');
    const sample = 3;
    for (const op of ops) {
      const { maps } = await ask({ type: 'featureMaps', sample, layer: op.name }, 'featureMaps');
      const { values } = await ask({ type: 'explain', sample, layer: op.name }, 'explanation');
      checkLayer(op, values, maps, weights, op === ops.at(-1));
    }
    // The last layer's softmax is the probabilities the panel shows for that image.
    const last = ops.at(-1)!;
    const { values } = await ask({ type: 'explain', sample, layer: last.name }, 'explanation');
    const e = explain(last, values.inputs, values.output, weights, 0, true);
    const { probabilities } = await ask({ type: 'predict', samples: [sample] }, 'predictions');
    e.softmax!.probabilities.forEach((p, k) => expect(p).toBeCloseTo(probabilities[0]![k]!, 6));
    // A conv element reads 1 channel × 5×5 of the image, all its products inside the image.
    const conv1 = explain(ops[0]!, values.inputs, values.output, weights, 0, false);
    expect(conv1.terms).toHaveLength(25);
  }, 600_000);

  it('on a trained small ResNet: BatchNorm with the running statistics, the residual Add, the pool', async () => {
    const graph = smallResNet();
    const { weights, ask } = await trained(graph);
    const ops = analyze(graph).ops.filter((o) =>
      ['BatchNorm2d', 'Add', 'GlobalAvgPool2d', 'Conv2d'].includes(o.kind),
    );
    for (const op of ops) {
      const { maps } = await ask({ type: 'featureMaps', sample: 0, layer: op.name }, 'featureMaps');
      const { values } = await ask({ type: 'explain', sample: 0, layer: op.name }, 'explanation');
      checkLayer(op, values, maps, weights, false);
    }
  }, 600_000);
});
