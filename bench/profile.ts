/**
 * `npm run bench:profile -- [--model resnet18] [--mode infer|train] [--batch 32] [--repeats 5]
 * [--top 20] [--kernels tuned|register|<variant>]`: the GPU time of every kernel call of one network's evaluation-mode forward pass or
 * training step (SGD), on random data, in Node on dawn.node (the machine's GPU, SwiftShader where
 * there is none), from timestamp queries. Prints the slowest calls and the time per kernel.
 */
import { parseArgs } from 'node:util';
import { template, templateNames } from '../src/graph/index.js';
import { nodeDevice } from '../src/runtime-gpu/node.js';
import { configureKernels, isKernelMode, Trainer } from '../src/runtime-gpu/index.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    model: { type: 'string', default: 'resnet18' },
    mode: { type: 'string', default: 'infer' },
    batch: { type: 'string', default: '32' },
    repeats: { type: 'string', default: '5' },
    top: { type: 'string', default: '20' },
    // register: the kernels before tuning existed, for before/after profiles on one machine.
    kernels: { type: 'string', default: 'tuned' },
  },
});
const kernels = values.kernels;
if (!isKernelMode(kernels)) {
  throw new Error(`--kernels ${kernels}: use tuned, register or a kernel variant's name`);
}
const graph = template(values.model);
if (!graph)
  throw new Error(`unknown model "${values.model}"; choose from ${templateNames.join(', ')}`);
if (values.mode !== 'infer' && values.mode !== 'train') {
  throw new Error(`--mode ${values.mode}: use infer or train`);
}
const [batch, repeats, top] = [values.batch, values.repeats, values.top].map((v) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${v} must be a positive integer`);
  return n;
}) as [number, number, number];

const { adapter, device } = await nodeDevice();
configureKernels(device, { mode: kernels });
const training = values.mode === 'train';
const trainer = await Trainer.create(device, graph, {
  batch,
  ...(training ? { optimizer: { kind: 'sgd', lr: 0.01, momentum: 0, weightDecay: 0 } } : {}),
});
const x = Float32Array.from(
  { length: trainer.plan.inputShape.reduce((a, b) => a * b, 1) },
  Math.random,
);
const labels = Uint32Array.from({ length: batch }, () => Math.floor(Math.random() * 10));
const calls = await trainer.profile(x, training ? labels : null, repeats);
trainer.destroy();

const total = calls.reduce((a, c) => a + c.ms, 0);
const ms = (v: number) => (v >= 10 ? v.toFixed(1) : v.toPrecision(3));
const pct = (v: number) => `${((100 * v) / total).toFixed(1)} %`;
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const info = adapter.info;
console.log(
  `${values.model} ${values.mode}, batch ${batch}, on ${[info.vendor, info.architecture, info.description].filter(Boolean).join(' / ')}` +
    `${info.isFallbackAdapter ? ' (fallback adapter)' : ''}, kernels ${kernels}: ${calls.length} calls, ${ms(total)} ms ` +
    `in all (each call in its own pass, median of ${repeats} runs)\n`,
);
console.log(row(['#', 'kernel', 'writes', 'workgroups', 'ms', 'share']));
console.log(row(['---', '---', '---', '---', '---', '---']));
const ranked = calls.map((c, i) => ({ ...c, i })).sort((a, b) => b.ms - a.ms);
for (const c of ranked.slice(0, top)) {
  const groups = c.workgroups.reduce((a, b) => a * b, 1);
  console.log(row([c.i, c.label, c.writes.join(', '), groups, ms(c.ms), pct(c.ms)]));
}
const byKernel = new Map<string, { calls: number; ms: number }>();
for (const c of calls) {
  const k = byKernel.get(c.label) ?? { calls: 0, ms: 0 };
  byKernel.set(c.label, { calls: k.calls + 1, ms: k.ms + c.ms });
}
console.log(`\n${row(['kernel', 'calls', 'ms', 'share'])}\n${row(['---', '---', '---', '---'])}`);
for (const [label, k] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms)) {
  console.log(row([label, k.calls, ms(k.ms), pct(k.ms)]));
}
process.exit(0);
