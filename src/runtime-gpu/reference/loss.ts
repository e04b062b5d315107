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
    const max = Math.max(...row);
    const sum = row.reduce((s, z) => s + Math.exp(z - max), 0);
    const label = labels[r]!;
    loss += Math.log(sum) + max - row[label]!;
    // The first maximum is the prediction, as torch.argmax picks it.
    if (row.indexOf(max) === label) correct++;
    row.forEach((z, k) => {
      dlogits[r * classes + k] = (Math.exp(z - max) / sum - (k === label ? 1 : 0)) / n;
    });
  }
  return { loss: loss / n, dlogits, correct };
}
