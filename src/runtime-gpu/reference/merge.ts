/** Float64 references of Concat (along channels) and Add. */

/** Joins [n, c_k, hw] tensors into [n, Σc_k, hw]. */
export function concat(
  inputs: { data: ArrayLike<number>; channels: number }[],
  n: number,
  hw: number,
): Float64Array {
  const total = inputs.reduce((s, p) => s + p.channels, 0);
  const y = new Float64Array(n * total * hw);
  let offset = 0;
  for (const p of inputs) {
    for (let b = 0; b < n; b++) {
      for (let k = 0; k < p.channels * hw; k++) {
        y[(b * total + offset) * hw + k] = p.data[b * p.channels * hw + k]!;
      }
    }
    offset += p.channels;
  }
  return y;
}

/** Splits dy of a concat back into the gradient of each input. */
export function concatBackward(
  dy: ArrayLike<number>,
  channels: number[],
  n: number,
  hw: number,
): Float64Array[] {
  const total = channels.reduce((s, c) => s + c, 0);
  let offset = 0;
  return channels.map((c) => {
    const dx = new Float64Array(n * c * hw);
    for (let b = 0; b < n; b++) {
      for (let k = 0; k < c * hw; k++) dx[b * c * hw + k] = dy[(b * total + offset) * hw + k]!;
    }
    offset += c;
    return dx;
  });
}

/** Elementwise sum, left to right as PyTorch's a + b + c. */
export const add = (inputs: ArrayLike<number>[]): Float64Array =>
  Float64Array.from(inputs[0]!, (_, i) => inputs.reduce((s, x) => s + x[i]!, 0));

/**
 * a · b, each of the output's shape or (`perChannel`) one value per (sample, channel) broadcast
 * over that channel's hw pixels.
 */
export function mul(
  a: { data: ArrayLike<number>; perChannel: boolean },
  b: { data: ArrayLike<number>; perChannel: boolean },
  count: number,
  hw: number,
): Float64Array {
  const at = (t: typeof a, i: number) => t.data[t.perChannel ? Math.floor(i / hw) : i]!;
  return Float64Array.from({ length: count }, (_, i) => at(a, i) * at(b, i));
}

/** The gradients of mul's operands: dy · other, summed over each channel for a per-channel one. */
export function mulBackward(
  a: { data: ArrayLike<number>; perChannel: boolean },
  b: { data: ArrayLike<number>; perChannel: boolean },
  dy: ArrayLike<number>,
  hw: number,
): [Float64Array, Float64Array] {
  const count = dy.length;
  const grad = (self: typeof a, other: typeof a) => {
    const g = new Float64Array(self.perChannel ? count / hw : count);
    for (let i = 0; i < count; i++) {
      const o = other.data[other.perChannel ? Math.floor(i / hw) : i]!;
      g[self.perChannel ? Math.floor(i / hw) : i]! += dy[i]! * o;
    }
    return g;
  };
  return [grad(a, b), grad(b, a)];
}
