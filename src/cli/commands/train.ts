import { parseArgs } from 'node:util';
import { builtinDatasets, loadDataset } from '../../runtime-gpu/data/builtin.js';
import type { Dataset } from '../../runtime-gpu/data/dataset.js';
import { encode, formatBytes, type Tensor } from '../../runtime-gpu/index.js';
import { augmentForms } from '../../training/augmentSpec.js';
import {
  CheckpointError,
  checkResumeData,
  checkpointKey,
  resumeStateOf,
} from '../../training/checkpoint.js';
import { scheduleForms } from '../../training/schedule.js';
import {
  checkData,
  TrainingSession,
  type Checkpoint,
  type ResumeFrom,
  type SessionData,
} from '../../training/session.js';
import { parseSettings, type SettingKey, type TrainingSettings } from '../../training/settings.js';
import { cliDevice, runtimeErrors } from '../device.js';
import { CliError } from '../errors.js';
import { readGraphArg } from '../graphArg.js';
import { writeOutput } from '../output.js';
import { readTensorFile } from '../tensorFile.js';

export const usage =
  'train <template|file.json> --dataset fashion-mnist|mnist|<dir> --epochs E --batch B --lr LR --optimizer sgd|adam [--momentum M] [--weight-decay W] [--seed S] [--init xavier|default] [--limit N] [--schedule constant|step:E:G|cosine|onecycle] [--warmup N] [--augment flip,crop:P,resized-crop,jitter:B] [--val F] [--early-stop N] [--keep-best] [--resume checkpoint.safetensors] [--json] [--save checkpoint.safetensors] [--save-start start.safetensors]';

export interface EpochReport {
  epoch: number;
  loss: number;
  train_acc: number;
  test_acc: number;
  samples_per_s: number;
  /** The learning rate of the epoch's last step. */
  lr: number;
  /** The validation split's; null without --val. */
  val_loss: number | null;
  val_acc: number | null;
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
  schedule: 'schedule',
  warmup: 'warmup',
  augment: 'augment',
  val: 'val',
  'early-stop': 'earlyStop',
} as const satisfies Record<string, SettingKey>;

const choices: Partial<Record<SettingKey, string>> = {
  optimizer: 'use sgd or adam',
  init: "use xavier (d2l's init_cnn, the default) or default (PyTorch's)",
  schedule: `use ${scheduleForms}`,
  augment: `use ${augmentForms}`,
};

/** Settings a resumed run may change; any other would make it a different run. */
const resumable = new Set<SettingKey>(['epochs', 'earlyStop', 'keepBest']);

type Flag = keyof typeof settingFlags;

type FlagValues = Partial<Record<Flag | 'limit', string>> & { 'keep-best'?: boolean };

/**
 * The run's settings from the flags given; every other one is the session's default, or when
 * resuming the checkpoint's.
 */
export function settingsFrom(values: FlagValues, resumed?: TrainingSettings): TrainingSettings {
  const given: Record<string, unknown> = {};
  const flagOf = new Map<string, Flag | 'limit' | 'keep-best'>();
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
  if (values['keep-best']) {
    given.keepBest = true;
    flagOf.set('keepBest', 'keep-best');
  }
  if (given.optimizer === 'adam' && given.momentum !== undefined) {
    throw new CliError('--momentum is for sgd; adam uses betas 0.9, 0.999');
  }
  if (resumed) {
    for (const [key, flag] of flagOf) {
      const k = key as SettingKey;
      if (!resumable.has(k) && given[k] !== resumed[k]) {
        throw new CliError(
          `--${flag} differs from the resumed run's ${String(resumed[k])}; a resumed run keeps its settings (only --epochs, --early-stop and --keep-best may change)`,
        );
      }
    }
  }
  const r = parseSettings({ ...resumed, ...given });
  if (r.ok) return r.settings;
  const flag = flagOf.get(r.key) ?? flagOf.get('trainSamples');
  if (flag === undefined) throw new CliError(`setting ${r.key} ${r.message}`);
  if (flag === 'keep-best') throw new CliError(`--keep-best ${r.message}`);
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
      'keep-best': { type: 'boolean', default: false },
      resume: { type: 'string' },
      json: { type: 'boolean', default: false },
      save: { type: 'string' },
      'save-start': { type: 'string' },
    },
    allowPositionals: true,
  });
  const graph = readGraphArg(positionals[0]);
  const resume = values.resume === undefined ? undefined : readCheckpoint(values.resume as string);
  const settings = settingsFrom(values as FlagValues, resume?.state.settings);
  const save = values.save as string | undefined;
  if (settings.keepBest && save === undefined) {
    throw new CliError('--keep-best writes the best epoch beside --save FILE; give --save');
  }
  if (resume && resume.state.epoch >= settings.epochs) {
    throw new CliError(
      `${values.resume} has ${resume.state.epoch} of its epochs done; --epochs is the total, give more than ${resume.state.epoch} to train on`,
    );
  }
  const data = await readDataset(values.dataset as string, settings.trainSamples);
  // A network that does not fit the data, or a label it has no class for, fails before the GPU;
  // so does a checkpoint resumed on other training data than its run's.
  checkData(graph, data);
  if (resume) checkpointErrors(() => checkResumeData(resume.state, data.train, values.resume!));
  const device = await cliDevice();
  const interrupt = ctrlC();
  try {
    return await runtimeErrors(async () => {
      const session = await TrainingSession.open(device, graph, data, settings, undefined, resume);
      const m = session.trainer.memory;
      const { train: trainSet, test: testSet } = data;
      if (!values.json) {
        console.error(
          `${graph.meta.name}: ${trainSet.count} training / ${testSet.count} test samples, batch ${settings.batch}; GPU memory ${formatBytes(m.total)} (weights ${formatBytes(m.weights)}, optimizer ${formatBytes(m.optimizer)}, activations ${formatBytes(m.activations)}, gradients ${formatBytes(m.grads)}, scratch ${formatBytes(m.scratch)}, io ${formatBytes(m.io)})`,
        );
      }
      const saveStart = values['save-start'] as string | undefined;
      if (saveStart !== undefined) {
        const start = await runStart(session);
        await writeOutput(saveStart, encode(start, { format: 'pt' }));
      }
      let seen = 0;
      // Ctrl-C inside an epoch saves the last whole epoch (or the resumed state): its checkpoint
      // resumes exactly.
      let lastWhole: Checkpoint | null =
        resume && save !== undefined ? await session.checkpoint() : null;
      const { outcome, stop } = await session.run({
        stopRequested: interrupt.requested,
        onStep: (r) => {
          seen = r.epochStep === 1 ? r.count : seen + r.count;
          progress(`epoch ${r.epoch}`, seen, trainSet.count);
        },
        onEpoch: async (r) => {
          if (save !== undefined) lastWhole = await session.checkpoint();
          const report: EpochReport = {
            epoch: r.epoch,
            loss: r.trainLoss,
            train_acc: r.trainAccuracy,
            test_acc: r.test.correct / r.test.count,
            samples_per_s: r.samplesPerSecond,
            lr: r.lr,
            val_loss: r.val ? r.val.lossSum / r.val.count : null,
            val_acc: r.val ? r.val.correct / r.val.count : null,
          };
          if (values.json) console.log(JSON.stringify(report));
          else {
            const val = r.val
              ? `  val loss ${report.val_loss!.toFixed(4)}  val acc ${report.val_acc!.toFixed(3)}${r.best ? ' (best)' : ''}`
              : '';
            console.log(
              `epoch ${r.epoch}/${settings.epochs}  loss ${report.loss.toFixed(4)}  train acc ${report.train_acc.toFixed(3)}${val}  test acc ${report.test_acc.toFixed(3)}  lr ${report.lr.toPrecision(4)}  ${Math.round(report.samples_per_s)} samples/s`,
            );
          }
        },
      });
      if (stop !== null) {
        session.destroy();
        const save = values.save === undefined ? '' : ` ${values.save} was not written.`;
        throw new CliError(`${stop.message}${save}`);
      }
      if (outcome.status === 'stopped') {
        console.error(
          `stopped by Ctrl-C in epoch ${outcome.epochs + 1} of ${outcome.of}, after ${outcome.epochs} whole epochs`,
        );
      }
      if (outcome.status === 'early-stopped' && !values.json) {
        console.error(
          `stopped early after epoch ${outcome.epochs}: the validation loss has not improved for ${settings.earlyStop} epochs`,
        );
      }
      if (save !== undefined) {
        const stopped = outcome.status === 'stopped';
        const saved = (stopped ? lastWhole : null) ?? (await session.checkpoint());
        await writeCheckpoint(save, saved);
        if (!values.json) console.error(`saved the checkpoint to ${save}`);
        if (stopped) {
          console.error(
            checkpointKey in saved.metadata
              ? `it holds epoch ${resumeStateOf(saved.metadata, save).epoch}; go on with --resume ${save}`
              : `it holds the weights reached inside epoch ${outcome.epochs + 1}, which cannot resume exactly (no epoch was finished)`,
          );
        }
        const best = session.bestCheckpoint();
        if (best !== null) {
          await writeCheckpoint(bestPath(save), best);
          if (!values.json) console.error(`saved the best epoch's weights to ${bestPath(save)}`);
        } else if (settings.keepBest && !values.json) {
          console.error(
            `no epoch of this run improved on the validation loss; ${bestPath(save)} was not written`,
          );
        }
      }
      session.destroy();
      return outcome.status === 'stopped' ? interrupted : 0;
    });
  } finally {
    interrupt.dispose();
  }
}

/** The exit status of a command ended by Ctrl-C, as shells report SIGINT (128 + 2). */
const interrupted = 130;

/**
 * The first Ctrl-C (SIGINT) ends the run after the steps already on the GPU and still writes what
 * --save asks for, marked as a stopped run; a second one quits at once (a save under way leaves the
 * old file whole: every write is atomic).
 */
function ctrlC(): { requested: () => boolean; dispose: () => void } {
  let requested = false;
  const onSigint = () => {
    if (requested) process.exit(interrupted);
    requested = true;
    console.error('stopping after the current step (Ctrl-C again to quit at once)');
  };
  process.on('SIGINT', onSigint);
  return { requested: () => requested, dispose: () => process.off('SIGINT', onSigint) };
}

/** Where --keep-best writes the best epoch: `run.safetensors` → `run.best.safetensors`. */
export const bestPath = (save: string): string =>
  `${save.endsWith('.safetensors') ? save.slice(0, -'.safetensors'.length) : save}.best.safetensors`;

const writeCheckpoint = (path: string, c: Checkpoint) =>
  writeOutput(path, encode(c.tensors, { format: 'pt', ...c.metadata }));

/** A checkpoint to resume, or a CliError saying why it cannot be. */
function readCheckpoint(path: string): ResumeFrom {
  const file = readTensorFile(path, '--resume');
  return checkpointErrors(() => ({
    tensors: file.tensors,
    state: resumeStateOf(file.metadata, path),
  }));
}

function checkpointErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CheckpointError) throw new CliError(e.message);
    throw e;
  }
}

/**
 * What another framework needs to replay this run step for step: the initial weights and, as
 * `order1` … `order<E>`, the order in which each epoch takes the training samples, and with
 * augmentation as `augment1` … `augment<E>` each position's draws ([samples × 9], see
 * runtime-gpu/kernels/augment/draws.ts); with a
 * validation split, `train_indices`: which samples of the training set it trains on (the order
 * indexes those).
 */
async function runStart(session: TrainingSession): Promise<Tensor[]> {
  const { seed, epochs } = session.settings;
  const start = await session.trainer.weights();
  if (session.trainIndices) {
    const kept = session.trainIndices;
    start.push({
      name: 'train_indices',
      dtype: 'I32',
      shape: [kept.length],
      data: Int32Array.from(kept),
    });
  }
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = session.data.train.order({ shuffle: true, seed, epoch });
    start.push({
      name: `order${epoch}`,
      dtype: 'I32',
      shape: [order.length],
      data: Int32Array.from(order),
    });
    const draws = session.augmentDraws(epoch);
    if (draws) {
      const n = order.length;
      start.push({
        name: `augment${epoch}`,
        dtype: 'F32',
        shape: [n, draws.length / n],
        data: draws,
      });
    }
  }
  return start;
}
