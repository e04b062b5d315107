import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { analyze } from '../../graph/index.js';
import { loadDataset } from '../../runtime-gpu/data/builtin.js';
import type { Dataset } from '../../runtime-gpu/data/dataset.js';
import {
  encode,
  formatBytes,
  Trainer,
  type OptimizerConfig,
  type Tensor,
} from '../../runtime-gpu/index.js';
import { cliDevice, intOption, numberOption, runtimeErrors } from '../device.js';
import { CliError } from '../errors.js';
import { readGraphArg } from '../graphArg.js';

export const usage =
  'train <template|file.json> --dataset fashion-mnist|mnist|<dir> --epochs E --batch B --lr LR --optimizer sgd|adam [--momentum M] [--weight-decay W] [--seed S] [--init default|xavier] [--limit N] [--json] [--save weights.safetensors] [--save-start start.safetensors]';

export interface EpochReport {
  epoch: number;
  loss: number;
  train_acc: number;
  test_acc: number;
  samples_per_s: number;
}

async function readDataset(name: string, limit: number | undefined) {
  let sets: { train: Dataset; test: Dataset };
  try {
    sets = await loadDataset(name);
  } catch (e) {
    throw new CliError(`cannot load dataset "${name}": ${(e as Error).message}`);
  }
  return limit === undefined
    ? sets
    : { train: sets.train.limit(limit), test: sets.test.limit(limit) };
}

/** A one-line progress bar on stderr, only when it is a terminal. */
function progress(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((width * done) / total);
  process.stderr.write(
    `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}` +
      (done === total ? '\r\x1b[K' : ''),
  );
}

export async function train(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      dataset: { type: 'string', default: 'fashion-mnist' },
      epochs: { type: 'string' },
      batch: { type: 'string' },
      lr: { type: 'string' },
      optimizer: { type: 'string', default: 'sgd' },
      momentum: { type: 'string' },
      'weight-decay': { type: 'string' },
      seed: { type: 'string' },
      init: { type: 'string', default: 'default' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      save: { type: 'string' },
      'save-start': { type: 'string' },
    },
    allowPositionals: true,
  });
  const graph = readGraphArg(positionals[0]);
  const epochs = intOption(values.epochs, 'epochs', 10);
  const batch = intOption(values.batch, 'batch', 256);
  const lr = numberOption(values.lr, 'lr', undefined, 0);
  const weightDecay = numberOption(values['weight-decay'], 'weight-decay', 0, 0);
  const seed = intOption(values.seed, 'seed', 0, 0);
  const init = values.init;
  if (init !== 'default' && init !== 'xavier')
    throw new CliError(
      `unknown --init "${init}"; use default (PyTorch's) or xavier (d2l's init_cnn)`,
    );
  const limit =
    values.limit === undefined ? undefined : intOption(values.limit, 'limit', undefined);
  let optimizer: OptimizerConfig;
  if (values.optimizer === 'sgd') {
    optimizer = {
      kind: 'sgd',
      lr,
      momentum: numberOption(values.momentum, 'momentum', 0, 0, 1),
      weightDecay,
    };
  } else if (values.optimizer === 'adam') {
    if (values.momentum !== undefined)
      throw new CliError('--momentum is for sgd; adam uses betas 0.9, 0.999');
    optimizer = { kind: 'adam', lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay };
  } else {
    throw new CliError(`unknown optimizer "${values.optimizer}"; use sgd or adam`);
  }

  const { train: trainSet, test: testSet } = await readDataset(values.dataset, limit);
  const inputOp = analyze(graph).ops.find((o) => o.kind === 'Input');
  if (inputOp && inputOp.shape[0] !== trainSet.shape.channels) {
    throw new CliError(
      `the network takes ${inputOp.shape[0]} channels but ${values.dataset} has ${trainSet.shape.channels}`,
    );
  }
  const device = await cliDevice();
  return runtimeErrors(async () => {
    const trainer = await Trainer.create(device, graph, {
      batch: Math.min(batch, trainSet.count),
      optimizer,
      seed,
      init,
      imageSize: [trainSet.shape.height, trainSet.shape.width],
    });
    const m = trainer.memory;
    if (!values.json) {
      console.error(
        `${graph.meta.name}: ${trainSet.count} training / ${testSet.count} test samples, batch ${batch}; GPU memory ${formatBytes(m.total)} (weights ${formatBytes(m.weights)}, optimizer ${formatBytes(m.optimizer)}, activations ${formatBytes(m.activations)}, gradients ${formatBytes(m.grads)}, scratch ${formatBytes(m.scratch)}, io ${formatBytes(m.io)})`,
      );
    }
    if (values['save-start'] !== undefined) {
      const start = await runStart(trainer, trainSet, seed, epochs);
      writeOut(values['save-start'], encode(start, { format: 'pt' }));
    }
    for (let epoch = 1; epoch <= epochs; epoch++) {
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      const start = performance.now();
      for (const b of trainSet.batches({ batchSize: batch, shuffle: true, seed, epoch })) {
        await trainer.step(b.images, b.labels, (r) => {
          lossSum += r.loss * r.count;
          correct += r.correct;
          seen += r.count;
          progress(`epoch ${epoch}`, seen, trainSet.count);
        });
      }
      await trainer.flush();
      const seconds = (performance.now() - start) / 1000;
      const testAcc = await evaluate(trainer, testSet, batch);
      const report: EpochReport = {
        epoch,
        loss: lossSum / seen,
        train_acc: correct / seen,
        test_acc: testAcc,
        samples_per_s: seen / seconds,
      };
      if (values.json) console.log(JSON.stringify(report));
      else {
        console.log(
          `epoch ${epoch}/${epochs}  loss ${report.loss.toFixed(4)}  train acc ${report.train_acc.toFixed(3)}  test acc ${report.test_acc.toFixed(3)}  ${Math.round(report.samples_per_s)} samples/s`,
        );
      }
    }
    if (values.save !== undefined) {
      writeOut(values.save, encode(await trainer.weights(), { format: 'pt' }));
      if (!values.json) console.error(`saved weights to ${values.save}`);
    }
    trainer.destroy();
    return 0;
  });
}

function writeOut(path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, bytes);
  } catch (e) {
    throw new CliError(`cannot write ${path}: ${(e as Error).message}`);
  }
}

/**
 * What another framework needs to replay this run step for step: the initial weights and, as
 * `order1` … `order<E>`, the order in which each epoch takes the training samples.
 */
async function runStart(
  trainer: Trainer,
  set: Dataset,
  seed: number,
  epochs: number,
): Promise<Tensor[]> {
  const start = await trainer.weights();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = set.order({ shuffle: true, seed, epoch });
    start.push({
      name: `order${epoch}`,
      dtype: 'I32',
      shape: [order.length],
      data: Int32Array.from(order),
    });
  }
  return start;
}

/** Accuracy of eval-mode predictions over a dataset. */
async function evaluate(trainer: Trainer, set: Dataset, batch: number): Promise<number> {
  let correct = 0;
  const classes = trainer.classes;
  for (const b of set.batches({ batchSize: batch, shuffle: false })) {
    await trainer.forward(b.images, b.count, (logits) => {
      for (let i = 0; i < b.count; i++) {
        let best = 0;
        for (let k = 1; k < classes; k++) {
          if (logits[i * classes + k]! > logits[i * classes + best]!) best = k;
        }
        if (best === b.labels[i]) correct++;
      }
    });
  }
  await trainer.flush();
  return correct / set.count;
}
