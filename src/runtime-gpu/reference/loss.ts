/** Float64 reference of softmax cross-entropy, mean over the batch, from logits [n, classes]. */
export function softmaxCrossEntropy(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  n: number,
  classes: number,
): { loss: number; dlogits: Float64Array; correct: number } {
  const dlogits = new Float64Array(n * classes);
  let loss = 0;
  let correct = 0;
  for (let r = 0; r < n; r++) {
    const row = Array.from({ length: classes }, (_, k) => logits[r * classes + k]!);
    // Math.max is NaN when the row holds one, as PyTorch's row max.
    const max = row.reduce((m, z) => Math.max(m, z), -Infinity);
    const sum = row.reduce((s, z) => s + Math.exp(z - max), 0);
    const label = labels[r]!;
    loss += Math.log(sum) + max - row[label]!;
    // The first maximum is the prediction, the first NaN if any, as torch.argmax picks it.
    const predicted = Number.isNaN(max) ? row.findIndex(Number.isNaN) : row.indexOf(max);
    if (predicted === label) correct++;
    row.forEach((z, k) => {
      dlogits[r * classes + k] = (Math.exp(z - max) / sum - (k === label ? 1 : 0)) / n;
    });
  }
  return { loss: loss / n, dlogits, correct };
}
