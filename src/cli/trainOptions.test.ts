import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decode, encode } from '../runtime-gpu/index.js';
import { optimizerPrefix } from '../runtime-gpu/trainer.js';
import { resumeStateOf } from '../training/checkpoint.js';
import { outcomeOf } from '../training/outcome.js';
import { learningRate } from '../training/schedule.js';
import { runCli } from './testing.js';

interface Epoch {
  epoch: number;
  loss: number;
  test_acc: number;
  lr: number;
  val_loss: number | null;
  val_acc: number | null;
  samples_per_s: number;
}

const work = mkdtempSync(join(tmpdir(), 'cnn-studio-train-options-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function train(...args: string[]): Promise<Epoch[]> {
  const r = await runCli('train', 'lenet', '--limit', '160', '--batch', '32', '--json', ...args);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Epoch);
}

describe('cnn-studio train: schedules, validation, early stopping, keep-best, exact resume', () => {
  it('resumes a checkpoint exactly: epoch 2 after --resume is epoch 2 of one uninterrupted run', async () => {
    // Adam (moments and step count) with a step schedule and a validation split.
    const recipe = ['--optimizer', 'adam', '--lr', '0.01', '--schedule', 'step:1:0.5'];
    const whole = await train(...recipe, '--val', '0.2', '--epochs', '2');
    const ck = join(work, 'ck.safetensors');
    const first = await train(...recipe, '--val', '0.2', '--epochs', '1', '--save', ck);
    expect(first[0]).toEqual({ ...whole[0], samples_per_s: first[0]!.samples_per_s });

    const file = decode(readFileSync(ck));
    const state = resumeStateOf(file.metadata, ck);
    expect(state).toMatchObject({ epoch: 1, step: 4 });
    expect(state.settings).toMatchObject({ optimizer: 'adam', schedule: 'step:1:0.5', val: 0.2 });
    expect(file.tensors.get(`${optimizerPrefix}conv1.weight.exp_avg_sq`)!.shape).toEqual([
      6, 1, 5, 5,
    ]);
    // Not all zero: the state really is the optimizer's after four steps.
    const m = file.tensors.get(`${optimizerPrefix}conv1.weight.exp_avg`)!.data as Float32Array;
    expect(m.some((v) => v !== 0)).toBe(true);

    // The checkpoint's settings are the run's: only --epochs (the total) is given.
    const resumed = await train('--epochs', '2', '--resume', ck);
    expect(resumed.map((e) => e.epoch)).toEqual([2]);
    const [a, b] = [whole[1]!, resumed[0]!];
    expect(b.loss).toBe(a.loss);
    expect(b.val_loss).toBe(a.val_loss);
    expect(b.test_acc).toBe(a.test_acc);
    expect(b.lr).toBe(0.005);
  }, 600_000);

  it('reports each epoch its scheduled lr, and validation beside the test set', async () => {
    const lines = await train(
      '--lr',
      '0.5',
      '--schedule',
      'cosine',
      '--warmup',
      '1',
      '--epochs',
      '3',
    );
    // 160 samples, batch 32: 5 steps an epoch; each line's lr is its epoch's last step's.
    const run = {
      schedule: { kind: 'cosine' as const },
      lr: 0.5,
      epochs: 3,
      stepsPerEpoch: 5,
      warmup: 1,
    };
    expect(lines.map((e) => e.lr)).toEqual([4, 9, 14].map((t) => learningRate(run, t)));
    expect(lines[0]!.lr).toBe(0.5);
    expect(lines.every((e) => e.val_loss === null && e.val_acc === null)).toBe(true);
  }, 600_000);

  it('stops early when val_loss has not improved for N epochs, and keeps the best epoch', async () => {
    const recipe = ['--lr', '0.9', '--val', '0.25'];
    // Six epochs without early stopping: where the rule must stop is read off their val_loss.
    const full = await train(...recipe, '--epochs', '6');
    const losses = full.map((e) => e.val_loss!);
    const firstWorse = losses.findIndex((l, i) => i > 0 && l >= Math.min(...losses.slice(0, i)));
    // With this recipe the validation loss rises at some epoch, or the test would prove nothing.
    expect(firstWorse, `val losses ${losses.join(', ')}`).toBeGreaterThan(0);
    const save = join(work, 'run.safetensors');
    const stopped = await train(
      ...[...recipe, '--epochs', '8', '--early-stop', '1', '--keep-best', '--save', save],
    );
    expect(stopped.map((e) => e.val_loss)).toEqual(losses.slice(0, firstWorse + 1));
    const last = decode(readFileSync(save));
    expect(outcomeOf(last.metadata)).toEqual({
      status: 'early-stopped',
      epochs: firstWorse + 1,
      of: 8,
    });
    const best = decode(readFileSync(join(work, 'run.best.safetensors')));
    expect(outcomeOf(best.metadata)).toEqual({ status: 'best', epochs: firstWorse, of: 8 });
    expect(best.tensors.get('conv1.weight')!.data).not.toEqual(
      last.tensors.get('conv1.weight')!.data,
    );
  }, 600_000);

  it('refuses what cannot resume, in one line', async () => {
    const plain = join(work, 'plain.safetensors');
    const r0 = await runCli(
      'train',
      'lenet',
      '--limit',
      '64',
      '--epochs',
      '1',
      '--batch',
      '64',
      '--save',
      plain,
    );
    expect(r0.code, r0.stderr).toBe(0);
    const more = await runCli(
      'train',
      'lenet',
      '--limit',
      '64',
      '--epochs',
      '1',
      '--resume',
      plain,
    );
    expect(more.stderr).toMatch(
      /^cnn-studio train: .* has 1 of its epochs done; --epochs is the total/,
    );
    const changed = await runCli(
      'train',
      'lenet',
      '--epochs',
      '2',
      '--lr',
      '0.1',
      '--resume',
      plain,
    );
    expect(changed.stderr).toMatch(
      /^cnn-studio train: --lr differs from the resumed run's 0\.9;[^\n]*\n$/,
    );
    // Weights without the state of a run (as the exported script saves them).
    const weightsOnly = join(work, 'weights.safetensors');
    writeFileSync(weightsOnly, encode([...decode(readFileSync(plain)).tensors.values()]));
    const noState = await runCli('train', 'lenet', '--epochs', '2', '--resume', weightsOnly);
    expect(noState.stderr).toMatch(
      /^cnn-studio train: \S+weights\.safetensors holds weights but no training state to resume[^\n]*\n$/,
    );
  }, 600_000);

  it('augments on the GPU with the draws --save-start writes, and augmenting changes the run', async () => {
    const start = join(work, 'start.safetensors');
    const augment = 'flip,crop:4,resized-crop,jitter:0.3';
    const [plain] = await train('--epochs', '1', '--limit', '64');
    const [augmented] = await train(
      ...['--epochs', '1', '--limit', '64', '--augment', augment, '--save-start', start],
    );
    expect(augmented!.loss).not.toBe(plain!.loss);
    // Evaluation is not augmented, but the weights it evaluates are not the same either.
    const draws = decode(readFileSync(start)).tensors.get('augment1')!;
    expect(draws.shape).toEqual([64, 9]);
    const d = draws.data as Float32Array;
    // Every sample got its own box (resized crop) and factors (jitter) in range.
    for (let k = 0; k < 64; k++) {
      expect(d[k * 9 + 5]! >= 1 && d[k * 9 + 5]! <= 28).toBe(true);
      expect(Math.abs(d[k * 9 + 7]! - 1)).toBeLessThanOrEqual(0.3 + 1e-6);
    }
  }, 600_000);
});
