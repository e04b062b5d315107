import { flatMain } from '../flat.js';

/**
 * The per-step values live in a storage tensor, `hyper` = [lr, t, lr/(1−β1^t), √(1−β2^t)],
 * written by the trainer before each step, so bind groups never change.
 */
const hyper = /* wgsl */ `@group(0) @binding(0) var<storage, read> hyper: array<f32>;`;

/** torch.optim.SGD (dampening 0, no Nesterov); the first step sets buf = g, as PyTorch does. */
export const sgdWgsl = (momentum: boolean): string => /* wgsl */ `
${hyper}
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> weight: array<f32>;
${momentum ? '@group(0) @binding(3) var<storage, read_write> buf: array<f32>;' : ''}
struct U { count: u32, momentum: f32, weightDecay: f32 }
@group(0) @binding(${momentum ? 4 : 3}) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i >= u.count) { return; }
  let w = weight[i];
  var d = grad[i] + u.weightDecay * w;
  ${
    momentum
      ? `if (hyper[1] > 1.0) { d = u.momentum * buf[i] + d; }
  buf[i] = d;`
      : ''
  }
  weight[i] = w - hyper[0] * d;`)}`;

/** torch.optim.Adam (no amsgrad); weight decay is L2 added to the gradient. */
export const adamWgsl = /* wgsl */ `
${hyper}
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> weight: array<f32>;
@group(0) @binding(3) var<storage, read_write> expAvg: array<f32>;
@group(0) @binding(4) var<storage, read_write> expAvgSq: array<f32>;
struct U { count: u32, beta1: f32, beta2: f32, eps: f32, weightDecay: f32 }
@group(0) @binding(5) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i >= u.count) { return; }
  let w = weight[i];
  let d = grad[i] + u.weightDecay * w;
  let m = u.beta1 * expAvg[i] + (1.0 - u.beta1) * d;
  let v = u.beta2 * expAvgSq[i] + (1.0 - u.beta2) * d * d;
  expAvg[i] = m;
  expAvgSq[i] = v;
  weight[i] = w - hyper[2] * m / (sqrt(v) / hyper[3] + u.eps);`)}`;
