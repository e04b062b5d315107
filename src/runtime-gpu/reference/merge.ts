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
