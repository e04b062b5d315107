/**
 * Ctrl-C during `cnn-studio train`: the installed bin in a child process gets a real SIGINT in
 * the middle of its second epoch, stops, saves the first epoch's checkpoint and exits 130; the
 * checkpoint then resumes, on the run's training data only.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decode } from '../runtime-gpu/index.js';
import { resumeStateOf } from '../training/checkpoint.js';

const work = mkdtempSync(join(tmpdir(), 'cnn-studio-ctrlc-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const slice = ['--limit', '1024', '--batch', '64', '--lr', '0.9', '--seed', '3'];

describe('Ctrl-C during train', { timeout: 240_000 }, () => {
  it('stops inside epoch 2, saves epoch 1 resumably and exits 130', async () => {
    const save = join(work, 'ck.safetensors');
    const child = spawn(process.execPath, [
      'bin/cnn-studio.js',
      ...['train', 'lenet', '--epochs', '3', ...slice, '--save', save],
    ]);
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        // Epoch 1's line comes once its checkpoint is taken: epoch 2 is under way.
        if (stdout.includes('epoch 1/3') && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', done);
    });
    const lines = stderr.split('\n').filter((l) => !l.startsWith('error: XDG_RUNTIME_DIR'));
    expect(code, stderr).toBe(130);
    expect(stdout).not.toContain('epoch 2/3');
    expect(lines).toContain('stopping after the current step (Ctrl-C again to quit at once)');
    expect(lines).toContain('stopped by Ctrl-C in epoch 2 of 3, after 1 whole epochs');
    expect(lines).toContain(`it holds epoch 1; go on with --resume ${save}`);
    // A JavaScript stack frame (dawn's own adapter warnings name C++ files).
    expect(stderr).not.toMatch(/\n\s+at .*\.[cm]?[jt]s:\d+/);
    const { metadata } = decode(new Uint8Array(readFileSync(save)));
    expect(resumeStateOf(metadata, save).epoch).toBe(1);

    const resumed = spawnSync(
      process.execPath,
      ['bin/cnn-studio.js', 'train', 'lenet', '--epochs', '2', ...slice, '--resume', save],
      { encoding: 'utf8' },
    );
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^epoch 2\/2 /m);
    expect(resumed.stdout).not.toMatch(/^epoch 1\/2 /m);

    // On other training data (MNIST's digits, not Fashion-MNIST's) it is refused before training.
    const other = spawnSync(
      process.execPath,
      [
        'bin/cnn-studio.js',
        'train',
        'lenet',
        '--epochs',
        '2',
        ...slice,
        '--dataset',
        'mnist',
      ].concat(['--resume', save]),
      { encoding: 'utf8' },
    );
    expect(other.status).toBe(1);
    expect(other.stderr).toContain(
      `cnn-studio train: ${save} was trained on 1024 training samples, this dataset gives other samples; resume with the run's dataset and --limit\n`,
    );
  });
});
