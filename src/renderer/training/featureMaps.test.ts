import { describe, expect, it } from 'vitest';
import { featureView } from './featureMaps.js';

describe('featureView', () => {
  it('normalises each channel of a [C, H, W] output to its own 0–255 range', () => {
    const data = Float32Array.of(-2, 0, 2, 6, 100, 100, 100, 100, 0.5, 0.25, 0.75, 1);
    const view = featureView([3, 2, 2], data);
    expect(view).toMatchObject({ kind: 'tiles', height: 2, width: 2 });
    if (view.kind !== 'tiles') return;
    expect(view.tiles.map((t) => [...t])).toEqual([
      [0, 64, 128, 255],
      [128, 128, 128, 128],
      [85, 0, 170, 255],
    ]);
  });

  it('draws a flat output as bars scaled by the largest magnitude', () => {
    expect(featureView([4], Float32Array.of(1, -4, 2, 0))).toEqual({
      kind: 'bars',
      values: [0.25, -1, 0.5, 0],
    });
    expect(featureView([2], Float32Array.of(0, 0))).toEqual({ kind: 'bars', values: [0, 0] });
  });
});
