/** Turns one layer's output for one image into what the panel draws. */

/** A [C, H, W] output: one grayscale tile per channel; anything else (a Linear's [F]): bars. */
export type FeatureView =
  | { kind: 'tiles'; height: number; width: number; tiles: Uint8ClampedArray[] }
  | { kind: 'bars'; values: number[] };

/**
 * Each channel min–max normalised on its own to 0–255, since channels differ wildly in range; a
 * constant channel (nothing to contrast) is mid-grey. Bars are scaled by the largest |value| so
 * that their sign stays visible.
 */
export function featureView(shape: readonly number[], data: Float32Array): FeatureView {
  if (shape.length === 3) {
    const [channels, height, width] = shape as [number, number, number];
    const plane = height * width;
    const tiles = Array.from({ length: channels }, (_, c) => {
      const values = data.subarray(c * plane, (c + 1) * plane);
      let min = Infinity;
      let max = -Infinity;
      for (const v of values) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      const range = max - min;
      return Uint8ClampedArray.from(values, (v) =>
        range > 0 ? Math.round(((v - min) / range) * 255) : 128,
      );
    });
    return { kind: 'tiles', height, width, tiles };
  }
  let largest = 0;
  for (const v of data) largest = Math.max(largest, Math.abs(v));
  return { kind: 'bars', values: Array.from(data, (v) => (largest > 0 ? v / largest : 0)) };
}
