import { describe, expect, it } from 'vitest';
import type { OnnxTensor } from '../graph/index.js';
import { fold, type FoldInput } from './fold.js';

const t = (dims: number[], data: number[]): OnnxTensor => ({ dims, data: Float32Array.from(data) });
const run = (
  opType: string,
  inputs: (OnnxTensor | null)[],
  attributes: Record<string, number | number[] | OnnxTensor> = {},
) => {
  const node: FoldInput = {
    opType,
    inputs,
    int: (name, fallback) => (attributes[name] as number | undefined) ?? fallback,
    ints: (name, fallback) =>
      (attributes[name] as number[] | undefined) ?? (fallback && [...fallback]),
    tensor: (name) => (attributes[name] as OnnxTensor | undefined) ?? null,
  };
  const out = fold(node);
  return typeof out === 'string' ? out : { dims: out.dims, data: Array.from(out.data) };
};

describe('constant folding of shape arithmetic', () => {
  it('folds the pads torch.onnx.export computes for nn.ZeroPad2d((1, 2, 3, 4))', () => {
    // [left, right, top, bottom] → ONNX's [x1_begin, x2_begin, …, x1_end, …] over N, C, H, W.
    const zeros = run('ConstantOfShape', [t([1], [4])], { value: t([1], [0]) });
    const pads = run('Concat', [t([4], [1, 2, 3, 4]), t([4], (zeros as { data: number[] }).data)], {
      axis: 0,
    });
    const pairs = run('Reshape', [t([8], (pads as { data: number[] }).data), t([2], [-1, 2])]);
    expect(pairs).toEqual({ dims: [4, 2], data: [1, 2, 3, 4, 0, 0, 0, 0] });
    const reversed = run('Slice', [
      t([4, 2], [1, 2, 3, 4, 0, 0, 0, 0]),
      t([1], [-1]),
      t([1], [-9.2e18]),
      t([1], [0]),
      t([1], [-1]),
    ]);
    expect(reversed).toEqual({ dims: [4, 2], data: [0, 0, 0, 0, 3, 4, 1, 2] });
    const transposed = run('Transpose', [t([4, 2], [0, 0, 0, 0, 3, 4, 1, 2])], { perm: [1, 0] });
    expect(transposed).toEqual({ dims: [2, 4], data: [0, 0, 3, 1, 0, 0, 4, 2] });
    const flat = run('Reshape', [t([2, 4], [0, 0, 3, 1, 0, 0, 4, 2]), t([1], [-1])]);
    expect(run('Cast', [t([8], (flat as { data: number[] }).data)], { to: 7 })).toEqual({
      dims: [8],
      data: [0, 0, 3, 1, 0, 0, 4, 2],
    });
  });

  it('keeps dims with 0 in Reshape, truncates in integer Casts, adds and drops axes', () => {
    expect(run('Reshape', [t([2, 3], [1, 2, 3, 4, 5, 6]), t([2], [0, -1])])).toEqual({
      dims: [2, 3],
      data: [1, 2, 3, 4, 5, 6],
    });
    expect(run('Cast', [t([2], [1.7, -1.7])], { to: 7 })).toEqual({ dims: [2], data: [1, -1] });
    expect(run('Unsqueeze', [t([2], [5, 6]), t([2], [0, -1])])).toEqual({
      dims: [1, 2, 1],
      data: [5, 6],
    });
    expect(run('Squeeze', [t([1, 2, 1], [5, 6])], { axes: [2] })).toEqual({
      dims: [1, 2],
      data: [5, 6],
    });
    expect(run('Squeeze', [t([1, 2, 1], [5, 6])])).toEqual({ dims: [2], data: [5, 6] });
    expect(
      run('Slice', [t([5], [0, 1, 2, 3, 4]), t([1], [1]), t([1], [100]), t([1], [0]), t([1], [2])]),
    ).toEqual({ dims: [2], data: [1, 3] });
  });

  it('refuses what is not small shape arithmetic', () => {
    expect(run('ConstantOfShape', [t([2], [4096, 4096])])).toContain('makes 16777216 values');
    expect(run('Reshape', [t([3], [1, 2, 3]), t([1], [2])])).toBe('cannot reshape [3] to [2]');
  });
});
