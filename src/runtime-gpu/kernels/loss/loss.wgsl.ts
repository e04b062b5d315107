import { flatMain } from '../flat.js';
import { isInfWgsl, isNanWgsl, nanWgsl } from '../nan.js';

const uniforms = /* wgsl */ `struct U { n: u32, classes: u32 }`;

/**
 * One thread per sample: loss = logsumexp(z) − z[label] with the row max subtracted,
 * dlogits = (softmax(z) − onehot(label)) / n, and whether the argmax is the label. The row max
 * is a NaN if the row holds one (the first NaN is torch.argmax's pick too). A NaN or infinite row
 * max makes PyTorch's z − max NaN somewhere (inf − inf), hence the row's loss and gradients: that
 * is written out rather than left to exp and log, which GPUs need not make NaN. A −inf logit at
 * the label alone gives an infinite loss with finite gradients, by plain arithmetic.
 */
export const crossEntropyRowsWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
@group(0) @binding(2) var<storage, read_write> dlogits: array<f32>;
@group(0) @binding(3) var<storage, read_write> rows: array<f32>;
${uniforms}
@group(0) @binding(4) var<uniform> u: U;
${isNanWgsl}
${isInfWgsl}
${nanWgsl}
${flatMain(/* wgsl */ `
  if (i >= u.n) { return; }
  let base = i * u.classes;
  var best = logits[base];
  var arg = 0u;
  for (var k = 1u; k < u.classes; k++) {
    let v = logits[base + k];
    if (!isNan(best) && (isNan(v) || v > best)) {
      best = v;
      arg = k;
    }
  }
  let label = labels[i];
  rows[2u * i + 1u] = select(0.0, 1.0, arg == label);
  if (isNan(best) || isInf(best)) {
    let nan = nanFrom(best);
    for (var k = 0u; k < u.classes; k++) { dlogits[base + k] = nan; }
    rows[2u * i] = nan;
    return;
  }
  var sum = 0.0;
  for (var k = 0u; k < u.classes; k++) { sum += exp(logits[base + k] - best); }
  let scale = 1.0 / (sum * f32(u.n));
  for (var k = 0u; k < u.classes; k++) {
    let hit = select(0.0, 1.0 / f32(u.n), k == label);
    dlogits[base + k] = exp(logits[base + k] - best) * scale - hit;
  }
  rows[2u * i] = log(sum) + best - logits[base + label];`)}`;

/** One thread: the batch mean of the losses and the count of correct predictions. */
export const crossEntropyTotalWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> rows: array<f32>;
@group(0) @binding(1) var<storage, read_write> loss: array<f32>;
@group(0) @binding(2) var<storage, read_write> correct: array<u32>;
${uniforms}
@group(0) @binding(3) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i > 0u) { return; }
  var s = 0.0;
  var hits = 0u;
  for (var r = 0u; r < u.n; r++) {
    s += rows[2u * r];
    hits += u32(rows[2u * r + 1u]);
  }
  loss[0] = s / f32(u.n);
  correct[0] = hits;`)}`;
