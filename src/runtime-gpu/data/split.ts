/**
 * The validation split: a seeded, class-stratified fraction of the training set, held out from
 * training and evaluated after every epoch (the test set stays the test set). Each class gives
 * round(fraction × its count) samples, drawn by a permutation seeded from the run's seed, so
 * the split is the same on every run, in the CLI, the app and the exported script (which reads
 * the kept indices from `train --save-start`'s `train_indices`).
 */
import { permutation } from './random.js';

export interface Split {
  /** Indices into the full training set, ascending. */
  train: Uint32Array;
  val: Uint32Array;
}

export function stratifiedSplit(labels: ArrayLike<number>, fraction: number, seed: number): Split {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]!) ?? [];
    list.push(i);
    byClass.set(labels[i]!, list);
  }
  const held = new Uint8Array(labels.length);
  for (const [label, members] of byClass) {
    const take = Math.round(fraction * members.length);
    // Its own stream per class, so a class's draw does not depend on the other classes.
    const order = permutation(
      members.length,
      (Math.imul(seed ^ 0x2c1b3c6d, 0x297a2d39) + label) >>> 0,
    );
    for (let k = 0; k < take; k++) held[members[order[k]!]!] = 1;
  }
  const train: number[] = [];
  const val: number[] = [];
  held.forEach((h, i) => (h ? val : train).push(i));
  return { train: Uint32Array.from(train), val: Uint32Array.from(val) };
}
