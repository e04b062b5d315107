import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { python, run, torchMissing } from '../export/pythonTesting.js';
import { decode } from '../runtime-gpu/index.js';
import { runCli } from './testing.js';

interface Epoch {
  epoch: number;
  loss: number;
  train_acc: number;
  test_acc: number;
  lr: number;
}

const jsonLines = (text: string): Epoch[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Epoch);

const missing = torchMissing();
if (missing) console.log(`skipping the LeNet replay against PyTorch: ${missing}`);

describe.skipIf(missing !== null)('a LeNet training run replayed by PyTorch', () => {
  const work = mkdtempSync(join(tmpdir(), 'cnn-studio-replay-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /**
   * Trains with the CLI and replays the run with scripts/lenet_reference.py from the same start,
   * sample order (and augmentation draws), on 1,000 images for 2 epochs; both curves agree to
   * 1e-4 and the run learns. `extra` holds flags both take (schedule, augmentation).
   */
  async function replay(name: string, extra: string[], drawsWanted: boolean): Promise<Epoch[]> {
    const start = join(work, `${name}.safetensors`);
    // Uneven batches (1000 = 15 × 64 + 40), so the smaller last batch is replayed too.
    const recipe = ['--limit', '1000', '--epochs', '2', '--batch', '64', '--lr', '0.9', ...extra];
    const ours = await runCli(
      'train',
      'lenet',
      ...['--dataset', 'fashion-mnist', '--init', 'xavier', '--seed', '3', '--json'],
      ...[...recipe, '--save-start', start],
    );
    expect(ours.code, ours.stderr).toBe(0);

    const saved = decode(readFileSync(start)).tensors;
    expect(saved.get('conv1.weight')!.shape).toEqual([6, 1, 5, 5]);
    for (const epoch of [1, 2]) {
      const order = [...(saved.get(`order${epoch}`)!.data as Int32Array)];
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      expect(saved.has(`augment${epoch}`)).toBe(drawsWanted);
    }

    const theirs = jsonLines(
      run(python, ['scripts/lenet_reference.py', '--start', start, ...recipe]),
    );
    const mine = jsonLines(ours.stdout);
    expect(mine.map((e) => e.epoch)).toEqual([1, 2]);
    expect(theirs.map((e) => e.epoch)).toEqual([1, 2]);
    const gaps = mine.map((e, i) => Math.abs(e.loss - theirs[i]!.loss) / theirs[i]!.loss);
    console.log(
      `LeNet replay (${name}): relative loss differences ${gaps.map((g) => g.toExponential(2)).join(', ')}`,
    );
    mine.forEach((e, i) => {
      const t = theirs[i]!;
      expect(Math.abs(e.loss - t.loss) / t.loss, `epoch ${e.epoch} loss`).toBeLessThan(1e-4);
      expect(Math.abs(e.lr - t.lr) / t.lr, `epoch ${e.epoch} lr`).toBeLessThan(1e-12);
      // Float rounding may flip an argmax between two near-equal logits: one sample at most.
      expect(Math.abs(e.train_acc - t.train_acc), `epoch ${e.epoch}`).toBeLessThanOrEqual(1 / 1000);
      expect(Math.abs(e.test_acc - t.test_acc), `epoch ${e.epoch}`).toBeLessThanOrEqual(1 / 1000);
    });
    // The run must have learned something, or agreeing would say little.
    expect(mine[1]!.loss).toBeLessThan(mine[0]!.loss);
    return mine;
  }

  it('follows the same curve from the same start and batch order (d2l recipe, lr 0.9)', async () => {
    await replay('plain', [], false);
  }, 600_000);

  it('follows it with a cosine schedule and flip + crop augmentation (same draws)', async () => {
    const mine = await replay(
      'augmented',
      ['--schedule', 'cosine', '--augment', 'flip,crop:4'],
      true,
    );
    // Cosine over 32 steps: the rate falls through the run.
    expect(mine[1]!.lr).toBeLessThan(mine[0]!.lr);
  }, 600_000);
});
