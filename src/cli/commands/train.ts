import { parseArgs } from 'node:util';
import { builtinDatasets, loadDataset } from '../../runtime-gpu/data/builtin.js';
import type { Dataset } from '../../runtime-gpu/data/dataset.js';
import { encode, formatBytes, type Tensor } from '../../runtime-gpu/index.js';
import { outcomeMetadata } from '../../training/outcome.js';
import { checkData, TrainingSession, type SessionData } from '../../training/session.js';
import { parseSettings, type SettingKey } from '../../training/settings.js';
import { cliDevice, runtimeErrors } from '../device.js';
import { CliError } from '../errors.js';
import { readGraphArg } from '../graphArg.js';
import { writeOutput } from '../output.js';

export const usage =
  'train <template|file.json> --dataset fashion-mnist|mnist|<dir> --epochs E --batch B --lr LR --optimizer sgd|adam [--momentum M] [--weight-decay W] [--seed S] [--init xavier|default] [--limit N] [--json] [--save weights.safetensors] [--save-start start.safetensors]';

export interface EpochReport {
  epoch: number;
  loss: number;
  train_acc: number;
  test_acc: number;
  samples_per_s: number;
}

/** The flags that set a training setting (the defaults and ranges are the session's). */
const settingFlags = {
  epochs: 'epochs',
  batch: 'batch',
  lr: 'lr',
  optimizer: 'optimizer',
  momentum: 'momentum',
  'weight-decay': 'weightDecay',
  seed: 'seed',
  init: 'init',
} as const satisfies Record<string, SettingKey>;

const choices: Partial<Record<SettingKey, string>> = {
  optimizer: 'use sgd or adam',
  init: "use xavier (d2l's init_cnn, the default) or default (PyTorch's)",
};

type Flag = keyof typeof settingFlags;

/** The run's settings from the flags given; every other one is the session's default. */
function settingsFrom(values: Partial<Record<Flag | 'limit', string>>) {
  const given: Record<string, unknown> = {};
  const flagOf = new Map<string, Flag | 'limit'>();
  for (const [flag, key] of Object.entries(settingFlags) as [Flag, SettingKey][]) {
    const text = values[flag];
    if (text === undefined) continue;
    flagOf.set(key, flag);
    if (key in choices) {
      given[key] = text;
      continue;
    }
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) {
      throw new CliError(`--${flag} ${text} must be a number`);
    }
    given[key] = n;
  }
  if (values.limit !== undefined) {
    const n = Number(values.limit);
    given.trainSamples = given.testSamples = values.limit.trim() === '' ? NaN : n;
    flagOf.set('trainSamples', 'limit');
  }
  if (given.optimizer === 'adam' && given.momentum !== undefined) {
    throw new CliError('--momentum is for sgd; adam uses betas 0.9, 0.999');
  }
  const r = parseSettings(given);
  if (r.ok) return r.settings;
  const flag = flagOf.get(r.key) ?? flagOf.get('trainSamples')!;
  const text = values[flag];
  const choice = choices[r.key as SettingKey];
  throw new CliError(
    choice ? `unknown --${flag} "${text}"; ${choice}` : `--${flag} ${text} ${r.message}`,
  );
}

const builtinNames: Record<string, string> = { 'fashion-mnist': 'Fashion-MNIST', mnist: 'MNIST' };

async function readDataset(name: string, limit: number | null): Promise<SessionData> {
  let sets: { train: Dataset; test: Dataset };
  try {
    sets = await loadDataset(name);
  } catch (e) {
    throw new CliError(`cannot load dataset "${name}": ${(e as Error).message}`);
  }
  const builtin = (builtinDatasets as readonly string[]).includes(name);
  return {
    name: builtinNames[name] ?? name,
    train: limit === null ? sets.train : sets.train.limit(limit),
    test: limit === null ? sets.test : sets.test.limit(limit),
    ...(builtin ? { classes: 10 } : {}),
  };
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
      ...Object.fromEntries(Object.keys(settingFlags).map((f) => [f, { type: 'string' }])),
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      save: { type: 'string' },
      'save-start': { type: 'string' },
    },
    allowPositionals: true,
  });
  const graph = readGraphArg(positionals[0]);
  const settings = settingsFrom(values as Partial<Record<Flag | 'limit', string>>);
  const data = await readDataset(values.dataset as string, settings.trainSamples);
  // A network that does not fit the data, or a label it has no class for, fails before the GPU.
  checkData(graph, data);
  const device = await cliDevice();
  return runtimeErrors(async () => {
    const session = await TrainingSession.open(device, graph, data, settings);
    const m = session.trainer.memory;
    const { train: trainSet, test: testSet } = data;
    if (!values.json) {
      console.error(
        `${graph.meta.name}: ${trainSet.count} training / ${testSet.count} test samples, batch ${settings.batch}; GPU memory ${formatBytes(m.total)} (weights ${formatBytes(m.weights)}, optimizer ${formatBytes(m.optimizer)}, activations ${formatBytes(m.activations)}, gradients ${formatBytes(m.grads)}, scratch ${formatBytes(m.scratch)}, io ${formatBytes(m.io)})`,
      );
    }
    const saveStart = values['save-start'] as string | undefined;
    if (saveStart !== undefined) {
      const start = await runStart(session, settings.seed, settings.epochs);
      await writeOutput(saveStart, encode(start, { format: 'pt' }));
    }
    let seen = 0;
    const { outcome, stop } = await session.run({
      onStep: (r) => {
        seen = r.epochStep === 1 ? r.count : seen + r.count;
        progress(`epoch ${r.epoch}`, seen, trainSet.count);
      },
      onEpoch: (r) => {
        const report: EpochReport = {
          epoch: r.epoch,
          loss: r.trainLoss,
          train_acc: r.trainAccuracy,
          test_acc: r.test.correct / r.test.count,
          samples_per_s: r.samplesPerSecond,
        };
        if (values.json) console.log(JSON.stringify(report));
        else {
          console.log(
            `epoch ${r.epoch}/${settings.epochs}  loss ${report.loss.toFixed(4)}  train acc ${report.train_acc.toFixed(3)}  test acc ${report.test_acc.toFixed(3)}  ${Math.round(report.samples_per_s)} samples/s`,
          );
        }
      },
    });
    if (stop !== null) {
      session.destroy();
      const save = values.save === undefined ? '' : ` ${values.save} was not written.`;
      throw new CliError(`${stop.message}${save}`);
    }
    const save = values.save as string | undefined;
    if (save !== undefined) {
      const weights = await session.trainer.weights();
      await writeOutput(save, encode(weights, { format: 'pt', ...outcomeMetadata(outcome) }));
      if (!values.json) console.error(`saved weights to ${save}`);
    }
    session.destroy();
    return 0;
  });
}

/**
 * What another framework needs to replay this run step for step: the initial weights and, as
 * `order1` … `order<E>`, the order in which each epoch takes the training samples.
 */
async function runStart(session: TrainingSession, seed: number, epochs: number): Promise<Tensor[]> {
  const start = await session.trainer.weights();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = session.data.train.order({ shuffle: true, seed, epoch });
    start.push({
      name: `order${epoch}`,
      dtype: 'I32',
      shape: [order.length],
      data: Int32Array.from(order),
    });
  }
  return start;
}
