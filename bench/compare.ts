/**
 * CNN Studio's runtime and TensorFlow.js's WebGPU backend on one GPUDevice (so one adapter):
 * training and inference samples/s on random data. The benchmark page runs it in Chromium;
 * `npm run bench -- --node` runs it in Node on dawn.node.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone has no gradients registered (the tfjs bundle registers them).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { template } from '../src/graph/index.js';
import { configureKernels, Trainer } from '../src/runtime-gpu/index.js';
import { tfLenet, tfResnet18, type TfModel } from './tfjsModels.js';
import type { BenchConfig, BenchResult, BenchRow, Measurement, ModelName } from './protocol.js';

const models: Record<ModelName, { batch: number; side: number; tfjs: () => TfModel }> = {
  lenet: { batch: 256, side: 28, tfjs: () => tfLenet(false) },
  'lenet-d2l': { batch: 256, side: 28, tfjs: () => tfLenet(true) },
  resnet18: { batch: 32, side: 96, tfjs: tfResnet18 },
};

interface Runner {
  /** Queues one step (training or inference) of one batch. */
  step(): Promise<void>;
  /** Resolves once every queued step has finished on the GPU. */
  fence(): Promise<void>;
}

function randomBatch(batch: number, side: number) {
  const x = Float32Array.from({ length: batch * side * side }, () => Math.random());
  const labels = Uint32Array.from({ length: batch }, () => Math.floor(Math.random() * 10));
  return { x, labels };
}

async function oursRunner(
  device: GPUDevice,
  name: ModelName,
  training: boolean,
  seed: number,
  kernels: string,
): Promise<Runner & { destroy(): void }> {
  const m = models[name];
  configureKernels(device, { mode: kernels });
  const made = performance.now();
  const trainer = await Trainer.create(device, template(name)!, {
    batch: m.batch,
    seed,
    ...(training ? { optimizer: { kind: 'sgd', lr: 0.01, momentum: 0, weightDecay: 0 } } : {}),
  });
  // With 'tuned', the first Trainer for a layer size measures its kernels' variants here.
  console.log(
    `  kernels ${kernels}: Trainer made in ${((performance.now() - made) / 1000).toFixed(2)} s`,
  );
  const { x, labels } = randomBatch(m.batch, m.side);
  return {
    step: () => (training ? trainer.step(x, labels) : trainer.forward(x, m.batch, () => {})),
    async fence() {
      await trainer.flush();
      await device.queue.onSubmittedWorkDone();
    },
    destroy: () => trainer.destroy(),
  };
}

function tfjsRunner(name: ModelName, training: boolean): Runner & { destroy(): void } {
  const m = models[name];
  const model: TfModel = m.tfjs();
  const optimizer = tf.train.sgd(0.01);
  const { x, labels } = randomBatch(m.batch, m.side);
  const labelList = Array.from(labels);
  let reads: Promise<unknown>[] = [];
  return {
    step: async () => {
      // The batch is uploaded every step, as CNN Studio's runtime does.
      const out = tf.tidy(() => {
        const xs = tf.tensor4d(x, [m.batch, m.side, m.side, 1]);
        if (!training) return model.apply(xs, false);
        const ys = tf.oneHot(tf.tensor1d(labelList, 'int32'), 10);
        return optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, true)),
          true,
          model.variables,
        )!;
      });
      // Read the loss or the logits back, as CNN Studio's runtime does, without waiting.
      reads.push(out.data().then(() => out.dispose()));
    },
    async fence() {
      await Promise.all(reads);
      reads = [];
    },
    destroy() {
      optimizer.dispose();
      for (const v of model.variables) v.dispose();
    },
  };
}

/**
 * Warm-up steps (pipeline compiles, allocation), the last one timed on its own to choose how
 * many steps fill about `seconds`, then those steps timed together.
 */
async function measure(run: Runner, c: BenchConfig, batch: number): Promise<Measurement> {
  let one = 0;
  for (let i = 0; i < c.warmup; i++) {
    const t = performance.now();
    await run.step();
    await run.fence();
    one = (performance.now() - t) / 1000;
  }
  const steps = Math.max(1, Math.min(c.maxSteps, Math.round(c.seconds / one)));
  const t = performance.now();
  for (let i = 0; i < steps; i++) await run.step();
  await run.fence();
  const seconds = (performance.now() - t) / 1000;
  const m = { steps, seconds, samplesPerSecond: (steps * batch) / seconds };
  console.log(`  last warm-up step ${one.toFixed(2)} s; ${steps} steps in ${seconds.toFixed(2)} s`);
  return m;
}

/** Both runtimes on one device, each model trained and run, CNN Studio first. */
export async function compare(
  { adapter, device }: { adapter: GPUAdapter; device: GPUDevice },
  c: BenchConfig,
): Promise<BenchResult> {
  const errors: string[] = [];
  device.addEventListener('uncapturederror', (e) => errors.push(e.error.message));
  // tfjs's kernels are registered for the backend name 'webgpu': replace its factory (which
  // would request a device of its own; in Node, without navigator.gpu, there is none) by one on
  // this device.
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, adapter.info));
  await tf.setBackend('webgpu');
  await tf.ready();

  const result: BenchResult = {
    adapter: {
      vendor: adapter.info.vendor,
      architecture: adapter.info.architecture,
      description: adapter.info.description,
      fallback: adapter.info.isFallbackAdapter,
    },
    rows: [],
    skipped: [],
    errors,
  };
  const auto: ModelName[] = adapter.info.isFallbackAdapter ? ['lenet'] : ['lenet', 'resnet18'];
  const chosen = c.models !== 'auto' ? c.models : auto;
  // What 'auto' leaves out on a software adapter; the d2l.ai LeNet is only run when asked for.
  result.skipped = c.models === 'auto' && auto.length === 1 ? ['resnet18'] : [];
  for (const name of chosen) {
    for (const training of [true, false]) {
      const batch = models[name].batch;
      const mode = training ? 'train' : 'infer';
      const oursM: BenchRow['ours'] = [];
      for (const kernels of c.kernels) {
        console.log(`${name} ${mode}: CNN Studio (kernels ${kernels})`);
        const ours = await oursRunner(device, name, training, 0, kernels);
        oursM.push({ kernels, measurement: await measure(ours, c, batch) });
        ours.destroy();
      }
      console.log(`${name} ${mode}: tfjs`);
      const theirs = tfjsRunner(name, training);
      const tfjsM = await measure(theirs, c, batch);
      theirs.destroy();
      result.rows.push({ model: name, mode, batch, ours: oursM, tfjs: tfjsM });
    }
  }
  return result;
}
