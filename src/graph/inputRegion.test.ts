import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { inputRegion } from './inputRegion.js';
import { template } from './templates/index.js';
import { chainOf } from './testing.js';

const box = (top: number, left: number, bottom: number, right: number) => ({
  top,
  left,
  bottom,
  right,
});

describe('the input region of one element', () => {
  // 5.1.6 特征图和感受野: X (3×3) ⋆ K (2×2) = Y (2×2), then Y ⋆ K' (2×2) = z (1×1).
  const chapter = analyze(
    chainOf(
      [1, 3, 3],
      [
        ['y', 'Conv2d', { out_channels: 1, kernel_size: [2, 2] }],
        ['z', 'Conv2d', { out_channels: 1, kernel_size: [2, 2] }],
      ],
    ),
  );

  it('is all 9 elements of X for the chapter’s z, and a 2×2 window for each element of Y', () => {
    expect(inputRegion(chapter, 'z', [0, 0])).toEqual(box(0, 0, 2, 2));
    expect(inputRegion(chapter, 'y', [0, 1])).toEqual(box(0, 1, 1, 2));
    expect(inputRegion(chapter, 'y', [1, 0])).toEqual(box(1, 0, 2, 1));
    // z in Y: all 4 of its elements.
    expect(inputRegion(chapter, 'z', [0, 0], 'y')).toEqual(box(0, 0, 1, 1));
  });

  it('is clipped to the image where padding reaches beyond it, and follows the stride', () => {
    const a = analyze(
      chainOf(
        [1, 28, 28],
        [['c', 'Conv2d', { kernel_size: [5, 5], stride: [2, 3], padding: [2, 2] }]],
      ),
    );
    expect(inputRegion(a, 'c', [0, 0])).toEqual(box(0, 0, 2, 2));
    // Row 3 starts at 3·2 − 2 = 4, column 4 at 4·3 − 2 = 10.
    expect(inputRegion(a, 'c', [3, 4])).toEqual(box(4, 10, 8, 14));
  });

  it('is null for an element that sees only padding', () => {
    const a = analyze(
      chainOf(
        [1, 3, 3],
        [
          ['y', 'Conv2d', { kernel_size: [2, 2] }],
          ['p', 'Conv2d', { kernel_size: [1, 1], padding: [1, 1] }],
        ],
      ),
    );
    expect(inputRegion(a, 'p', [0, 0])).toBeNull();
    expect(inputRegion(a, 'p', [1, 1])).toEqual(box(0, 0, 1, 1));
  });

  it('is as large as the receptive field inside the chapter’s LeNet, and the image after a global pool', () => {
    const lenet = analyze(template('lenet')!);
    const pool2 = lenet.ops.find((o) => o.name === 'pool2')!;
    const r = inputRegion(lenet, 'pool2', [1, 2])!;
    expect([r.bottom - r.top + 1, r.right - r.left + 1]).toEqual(pool2.rf.size);
    // A global pool sees what all of its input map sees (NiN's windows miss the last pixels).
    const nin = analyze(template('nin')!);
    const gap = nin.ops.find((o) => o.name === 'gap')!;
    const [, h, w] = gap.inputShapes[0]!;
    const first = inputRegion(nin, gap.inputs[0]!, [0, 0])!;
    const last = inputRegion(nin, gap.inputs[0]!, [h! - 1, w! - 1])!;
    expect(inputRegion(nin, 'gap', [0, 0])).toEqual(
      box(first.top, first.left, last.bottom, last.right),
    );
  });

  it('joins the branches of a block: a Residual sees what its 3×3 path sees', () => {
    const a = analyze(
      chainOf(
        [3, 8, 8],
        [['r', 'Residual', { num_channels: 4, use_1x1conv: true, strides: [2, 2] }]],
      ),
    );
    // conv2 (3×3, padding 1) reads conv1's rows 0–2; conv1 (3×3, stride 2, padding 1) reads
    // rows 0·2 − 1 … 2·2 − 1 + 2 of the input, clipped: 0–5.
    expect(inputRegion(a, 'r.relu2', [1, 1])).toEqual(box(0, 0, 5, 5));
    expect(inputRegion(a, 'r.conv3', [1, 1])).toEqual(box(2, 2, 2, 2));
  });
});
