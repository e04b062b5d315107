/** Float64 references of BatchNorm2d/1d (hw = 1 for BatchNorm1d on [n, c]). */

export interface BatchNormShape {
  n: number;
  c: number;
  hw: number;
}

const index = (s: BatchNormShape, b: number, ch: number, k: number): number =>
  (b * s.c + ch) * s.hw + k;

function eachOfChannel(s: BatchNormShape, ch: number, f: (i: number) => void): void {
  for (let b = 0; b < s.n; b++) for (let k = 0; k < s.hw; k++) f(index(s, b, ch, k));
}

/** Batch mean and biased variance per channel, in two passes. */
export function batchStatistics(
  x: ArrayLike<number>,
  s: BatchNormShape,
): { mean: Float64Array; variance: Float64Array } {
  const m = s.n * s.hw;
  const mean = new Float64Array(s.c);
  const variance = new Float64Array(s.c);
  for (let ch = 0; ch < s.c; ch++) {
    let sum = 0;
    eachOfChannel(s, ch, (i) => (sum += x[i]!));
    mean[ch] = sum / m;
    let sq = 0;
    eachOfChannel(s, ch, (i) => (sq += (x[i]! - mean[ch]!) ** 2));
    variance[ch] = sq / m;
  }
  return { mean, variance };
}

function normalise(
  x: ArrayLike<number>,
  s: BatchNormShape,
  mean: ArrayLike<number>,
  invstd: ArrayLike<number>,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
): Float64Array {
  const y = new Float64Array(x.length);
  for (let ch = 0; ch < s.c; ch++) {
    eachOfChannel(s, ch, (i) => {
      y[i] = (x[i]! - mean[ch]!) * invstd[ch]! * gamma[ch]! + beta[ch]!;
    });
  }
  return y;
}

/** Training mode: normalise by batch statistics, move the running ones (unbiased variance). */
export function batchNormTrain(
  x: ArrayLike<number>,
  s: BatchNormShape,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  running: { mean: ArrayLike<number>; variance: ArrayLike<number> },
  eps: number,
  momentum: number,
): {
  y: Float64Array;
  mean: Float64Array;
  invstd: Float64Array;
  runningMean: Float64Array;
  runningVar: Float64Array;
} {
  const m = s.n * s.hw;
  const { mean, variance } = batchStatistics(x, s);
  const invstd = variance.map((v) => 1 / Math.sqrt(v + eps));
  const runningMean = mean.map((v, ch) => (1 - momentum) * running.mean[ch]! + momentum * v);
  const runningVar = variance.map(
    (v, ch) => (1 - momentum) * running.variance[ch]! + (momentum * v * m) / (m - 1),
  );
  return { y: normalise(x, s, mean, invstd, gamma, beta), mean, invstd, runningMean, runningVar };
}

/** Eval mode: normalise by the running statistics. */
export function batchNormEval(
  x: ArrayLike<number>,
  s: BatchNormShape,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  running: { mean: ArrayLike<number>; variance: ArrayLike<number> },
  eps: number,
): Float64Array {
  const invstd = Array.from(running.variance, (v) => 1 / Math.sqrt(v + eps));
  return normalise(x, s, running.mean, invstd, gamma, beta);
}

/** Gradients of training mode, with the batch statistics treated as functions of x. */
export function batchNormBackward(
  dy: ArrayLike<number>,
  x: ArrayLike<number>,
  s: BatchNormShape,
  gamma: ArrayLike<number>,
  mean: ArrayLike<number>,
  invstd: ArrayLike<number>,
): { dx: Float64Array; dgamma: Float64Array; dbeta: Float64Array } {
  const m = s.n * s.hw;
  const dx = new Float64Array(x.length);
  const dgamma = new Float64Array(s.c);
  const dbeta = new Float64Array(s.c);
  for (let ch = 0; ch < s.c; ch++) {
    const xhat = (i: number): number => (x[i]! - mean[ch]!) * invstd[ch]!;
    eachOfChannel(s, ch, (i) => {
      dbeta[ch]! += dy[i]!;
      dgamma[ch]! += dy[i]! * xhat(i);
    });
    eachOfChannel(s, ch, (i) => {
      dx[i] = gamma[ch]! * invstd[ch]! * (dy[i]! - dbeta[ch]! / m - (xhat(i) * dgamma[ch]!) / m);
    });
  }
  return { dx, dgamma, dbeta };
}
