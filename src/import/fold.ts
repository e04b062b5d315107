import type { OnnxTensor } from '../graph/index.js';

/**
 * Constant folding of the shape arithmetic exporters leave in a graph: torch.onnx.export writes
 * the pads of F.pad and nn.ZeroPad2d as ConstantOfShape → Concat → Reshape → Slice → Transpose →
 * Reshape → Cast. Every input of such a node is a constant, so its output is one too. Tensors here
 * are small (a few values); each op works on any rank.
 */

export const foldable = new Set([
  'ConstantOfShape',
  'Concat',
  'Reshape',
  'Slice',
  'Transpose',
  'Cast',
  'Unsqueeze',
  'Squeeze',
]);

/** What a folded op reads of its node. */
export interface FoldInput {
  opType: string;
  inputs: (OnnxTensor | null)[];
  int(name: string, fallback: number): number;
  ints(name: string, fallback: readonly number[] | null): number[] | null;
  tensor(name: string): OnnxTensor | null;
}

/** Constants folded past this many values are not shape arithmetic: refuse rather than grow. */
const maxValues = 1 << 20;

const count = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

const strides = (dims: readonly number[]) => {
  const s = dims.map(() => 1);
  for (let i = dims.length - 2; i >= 0; i--) s[i] = s[i + 1]! * dims[i + 1]!;
  return s;
};

/** Every index of a tensor of `dims`, in C order. */
function* indices(dims: readonly number[]): Generator<number[]> {
  const n = count(dims);
  const index = dims.map(() => 0);
  for (let k = 0; k < n; k++) {
    yield [...index];
    for (let a = dims.length - 1; a >= 0; a--) {
      if (++index[a]! < dims[a]!) break;
      index[a] = 0;
    }
  }
}

const axisOf = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

/** The node's output, or a reason it cannot be folded. */
export function fold(node: FoldInput): OnnxTensor | string {
  const [x, ...rest] = node.inputs;
  const out = (dims: number[], data: ArrayLike<number>): OnnxTensor | string =>
    count(dims) > maxValues
      ? `makes ${count(dims)} values; only small shape arithmetic is folded`
      : { dims, data: Float32Array.from(data) };
  if (node.opType === 'ConstantOfShape') {
    const dims = Array.from(x!.data);
    if (dims.some((d) => !Number.isInteger(d) || d < 0)) return `has shape [${dims}]`;
    if (count(dims) > maxValues) return `makes ${count(dims)} values`;
    return out(dims, new Float32Array(count(dims)).fill(node.tensor('value')?.data[0] ?? 0));
  }
  if (!x) return 'has no input';
  const rank = x.dims.length;
  switch (node.opType) {
    case 'Cast': {
      // To an integer type (2–7, 12, 13) values are truncated; to float they stay.
      const to = node.int('to', 1);
      const integer = [2, 3, 4, 5, 6, 7, 12, 13].includes(to);
      return out([...x.dims], integer ? x.data.map(Math.trunc) : x.data);
    }
    case 'Reshape': {
      const shape = Array.from(rest[0]?.data ?? []);
      const allowZero = node.int('allowzero', 0) === 1;
      const dims = shape.map((d, i) => (d === 0 && !allowZero ? (x.dims[i] ?? 0) : d));
      const known = dims.filter((d) => d !== -1);
      const free = count(x.dims) / Math.max(1, count(known));
      const result = dims.map((d) => (d === -1 ? free : d));
      if (dims.filter((d) => d === -1).length > 1 || count(result) !== count(x.dims)) {
        return `cannot reshape [${x.dims}] to [${shape}]`;
      }
      return out(result, x.data);
    }
    case 'Unsqueeze':
    case 'Squeeze': {
      const axes = rest[0] ? Array.from(rest[0].data) : node.ints('axes', null);
      if (node.opType === 'Squeeze') {
        const drop = (axes ?? x.dims.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) =>
          axisOf(a, rank),
        );
        return out(
          x.dims.filter((_, i) => !drop.includes(i)),
          x.data,
        );
      }
      const dims = [...x.dims];
      const total = rank + (axes ?? []).length;
      for (const a of (axes ?? []).map((v) => axisOf(v, total)).sort((p, q) => p - q)) {
        dims.splice(a, 0, 1);
      }
      return out(dims, x.data);
    }
    case 'Concat': {
      const parts = node.inputs.filter((t): t is OnnxTensor => t !== null);
      const axis = axisOf(node.int('axis', 0), rank);
      const dims = [...x.dims];
      dims[axis] = parts.reduce((n, t) => n + (t.dims[axis] ?? 1), 0);
      const data: number[] = [];
      const outer = count(dims.slice(0, axis));
      for (let o = 0; o < outer; o++) {
        for (const t of parts) {
          const block = count(t.dims.slice(axis));
          data.push(...t.data.subarray(o * block, (o + 1) * block));
        }
      }
      return out(dims, data);
    }
    case 'Transpose': {
      const perm = node.ints('perm', null) ?? x.dims.map((_, i) => rank - 1 - i);
      const dims = perm.map((p) => x.dims[p]!);
      const from = strides(x.dims);
      const data: number[] = [];
      for (const index of indices(dims)) {
        data.push(x.data[index.reduce((at, v, i) => at + v * from[perm[i]!]!, 0)]!);
      }
      return out(dims, data);
    }
    case 'Slice': {
      const [starts, ends, axesT, stepsT] = rest;
      if (!starts || !ends) return 'has no starts or ends';
      const axes = axesT ? Array.from(axesT.data, (a) => axisOf(a, rank)) : x.dims.map((_, i) => i);
      const steps = stepsT ? Array.from(stepsT.data) : axes.map(() => 1);
      const ranges = x.dims.map((d) => ({ start: 0, step: 1, size: d }));
      for (const [k, axis] of axes.entries()) {
        const d = x.dims[axis]!;
        const step = steps[k]!;
        if (step === 0) return 'has a step of 0';
        const clampTo = (v: number, low: number, high: number) =>
          Math.min(Math.max(v < 0 ? v + d : v, low), high);
        const start =
          step > 0 ? clampTo(starts.data[k]!, 0, d) : clampTo(starts.data[k]!, 0, d - 1);
        const end = step > 0 ? clampTo(ends.data[k]!, 0, d) : clampTo(ends.data[k]!, -1, d - 1);
        ranges[axis] = { start, step, size: Math.max(0, Math.ceil((end - start) / step)) };
      }
      const dims = ranges.map((r) => r.size);
      const from = strides(x.dims);
      const data: number[] = [];
      for (const index of indices(dims)) {
        data.push(
          x.data[
            index.reduce((at, v, i) => at + (ranges[i]!.start + v * ranges[i]!.step) * from[i]!, 0)
          ]!,
        );
      }
      return out(dims, data);
    }
  }
  return `${node.opType} is not folded`;
}
