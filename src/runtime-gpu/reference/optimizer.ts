/** Float64 references of PyTorch's SGD and Adam updates (torch.optim, single-tensor path). */

export interface SgdConfig {
  lr: number;
  momentum: number;
  weightDecay: number;
}

export interface AdamConfig {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

/** One SGD step at step number t (1-based); updates w and the momentum buffer in place. */
export function sgdStep(
  w: Float64Array,
  g: ArrayLike<number>,
  buf: Float64Array,
  t: number,
  o: SgdConfig,
): void {
  for (let i = 0; i < w.length; i++) {
    let d = g[i]! + o.weightDecay * w[i]!;
    if (o.momentum !== 0) {
      buf[i] = t === 1 ? d : o.momentum * buf[i]! + d;
      d = buf[i]!;
    }
    w[i] = w[i]! - o.lr * d;
  }
}

/** One Adam step at step number t (1-based); updates w, m and v in place. */
export function adamStep(
  w: Float64Array,
  g: ArrayLike<number>,
  m: Float64Array,
  v: Float64Array,
  t: number,
  o: AdamConfig,
): void {
  const stepSize = o.lr / (1 - o.beta1 ** t);
  const bc2Sqrt = Math.sqrt(1 - o.beta2 ** t);
  for (let i = 0; i < w.length; i++) {
    const d = g[i]! + o.weightDecay * w[i]!;
    m[i] = o.beta1 * m[i]! + (1 - o.beta1) * d;
    v[i] = o.beta2 * v[i]! + (1 - o.beta2) * d * d;
    w[i] = w[i]! - (stepSize * m[i]!) / (Math.sqrt(v[i]!) / bc2Sqrt + o.eps);
  }
}
