import { defineLayer } from '../layer.js';
import { transpose, type OnnxNode, type OnnxTensor } from '../onnx.js';
import { pair } from '../params.js';
import { requireImage } from '../shape.js';
import { pyPair } from './window.js';

/** First and one-past-last input index of output cell i when `size` is pooled to `out` cells. */
export const adaptiveWindow = (i: number, size: number, out: number): [number, number] => [
  Math.floor((i * size) / out),
  Math.ceil(((i + 1) * size) / out),
];

/** The widest window along one axis: kernel of the receptive field. */
function widestWindow(size: number, out: number): number {
  let widest = 0;
  for (let i = 0; i < out; i++) {
    const [start, end] = adaptiveWindow(i, size, out);
    widest = Math.max(widest, end - start);
  }
  return widest;
}

/**
 * Adaptive average pooling along one axis as a matrix [out, size]: row i averages window i.
 * Pooling is separable, so P_h · X · P_wᵀ pools both axes; ONNX writes that as two MatMuls.
 */
export function poolingMatrix(size: number, out: number): Float32Array {
  const m = new Float32Array(out * size);
  for (let i = 0; i < out; i++) {
    const [start, end] = adaptiveWindow(i, size, out);
    for (let k = start; k < end; k++) m[i * size + k] = 1 / (end - start);
  }
  return m;
}

/** True when `t` is poolingMatrix(size, out), or its transpose, up to float32 rounding. */
function isPoolingMatrix(t: OnnxTensor, size: number, out: number, transposed: boolean): boolean {
  const dims = transposed ? [size, out] : [out, size];
  if (t.dims.length !== 2 || t.dims[0] !== dims[0] || t.dims[1] !== dims[1]) return false;
  const want = poolingMatrix(size, out);
  return want.every((v, j) => {
    const at = transposed ? (j % size) * out + Math.floor(j / size) : j;
    return Math.abs(t.data[at]! - v) <= 1e-6;
  });
}

/** MatMul(MatMul(P_h, x), P_wᵀ) as CNN Studio writes an uneven AdaptiveAvgPool2d; else null. */
function readPoolingProduct(node: OnnxNode) {
  const rows = node.inputs[0];
  const first = rows?.producer;
  const pw = node.inputs[1]?.constant;
  if (!pw || first?.opType !== 'MatMul' || rows!.readers !== 1) return null;
  const ph = first.inputs[0]?.constant;
  const x = first.inputs[1];
  if (!ph || !x || x.constant || x.shape.length !== 3) return null;
  const [, h, w] = x.shape as [number, number, number];
  const [oh, ow] = [ph.dims[0]!, pw.dims[1]!];
  if (!isPoolingMatrix(ph, h, oh, false) || !isPoolingMatrix(pw, w, ow, true)) return null;
  return { params: { output_size: [oh, ow] as [number, number] }, inputs: [x], absorbs: [first] };
}

export const adaptiveAvgPool2d = defineLayer({
  kind: 'AdaptiveAvgPool2d',
  label: 'Adaptive avg pool',
  category: 'Pooling',
  description:
    'Averages each channel into an output_size grid, whatever the input size: cell (i, j) averages rows ⌊i·H/h⌋ … ⌈(i+1)·H/h⌉ − 1 and the columns likewise.',
  composite: false,
  arity: 'one',
  fields: {
    output_size: pair('Output size', 1, 1, 4096, 'Output height × width'),
  },
  summary: (p) => `→ ${p.output_size[0]}×${p.output_size[1]}`,
  inferShape([x], p) {
    const [c] = requireImage(x!, 'AdaptiveAvgPool2d');
    return [c, p.output_size[0], p.output_size[1]];
  },
  weights: () => [],
  macs: () => 0,
  // Uneven windows have no single kernel and stride: the widest window, the shorter step.
  window: (p, [x]) => {
    const [, h, w] = requireImage(x!, 'AdaptiveAvgPool2d');
    const [oh, ow] = p.output_size;
    return {
      kernel: [widestWindow(h, oh), widestWindow(w, ow)],
      stride: [Math.max(1, Math.floor(h / oh)), Math.max(1, Math.floor(w / ow))],
      padding: [0, 0],
    };
  },
  torchModule: (_x, p) => `nn.AdaptiveAvgPool2d(${pyPair(p.output_size)})`,
  onnx: {
    export(op, out) {
      const [, h, w] = op.inputShapes[0] as [number, number, number];
      const [oh, ow] = op.params.output_size;
      const x = out.inputs[0]!;
      if (oh === 1 && ow === 1) return out.node('GlobalAveragePool', [x], [out.output]);
      if (h % oh === 0 && w % ow === 0) {
        // Even windows: an average pool with kernel = stride = input / output.
        const k = [h / oh, w / ow];
        return out.node('AveragePool', [x], [out.output], {
          kernel_shape: { ints: k },
          strides: { ints: k },
          pads: { ints: [0, 0, 0, 0] },
        });
      }
      const ph = out.constant('rows', [oh, h], poolingMatrix(h, oh));
      const pwT = out.constant('columns', [w, ow], transpose(poolingMatrix(w, ow), ow, w));
      const pooledRows = out.value('rows_pooled');
      out.node('MatMul', [ph, x], [pooledRows]);
      out.node('MatMul', [pooledRows, pwT], [out.output]);
    },
    import: { opTypes: ['MatMul'], read: readPoolingProduct },
  },
});
