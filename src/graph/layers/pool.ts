import { defineLayer } from '../layer.js';
import type { OnnxAttributes, OnnxMapping, OnnxNode, OnnxOp, OnnxWriter } from '../onnx.js';
import { bool, pair, type ParamsOf } from '../params.js';
import { ShapeError, requireImage } from '../shape.js';
import { pairAttribute, readWindow } from './onnxWindow.js';
import { pairText, pyPair, slide } from './window.js';

const poolFields = {
  kernel_size: pair('Kernel', 2, 1, 1024, 'Window height × width'),
  stride: pair('Stride', 2, 1, 1024, 'Step between windows (PyTorch defaults it to the kernel)'),
  padding: pair('Padding', 0, 0, 512, 'Padding on each side; at most half the kernel'),
  ceil_mode: bool('Ceil mode', false, 'Round the output size up instead of down'),
};
type PoolParams = ParamsOf<typeof poolFields>;

/**
 * A pooling window's ONNX attributes. In ceil mode PyTorch drops a last window that would start
 * in the right padding; ONNX's shape inference does not, so on such an axis the end padding is
 * trimmed to just reach the last window PyTorch keeps. That window ends before input + padding,
 * so the padding AveragePool counts (count_include_pad) stays PyTorch's.
 */
function poolAttributes(op: OnnxOp<typeof poolFields>, out: OnnxWriter): OnnxAttributes {
  const p = op.params;
  const ends = [0, 1].map((axis) => {
    const [n, k, s, pad, size] = [
      op.inputShapes[0]![axis + 1]!,
      p.kernel_size[axis]!,
      p.stride[axis]!,
      p.padding[axis]!,
      op.shape[axis + 1]!,
    ];
    const onnxOut = Math.ceil((n + 2 * pad - k) / s) + 1;
    if (!p.ceil_mode || onnxOut === size) return pad;
    const end = (size - 1) * s + k - n - pad;
    if (end < 0) {
      out.fail(
        `${op.name}: ONNX cannot express this ceil-mode pooling (kernel smaller than stride minus padding); turn ceil mode off`,
      );
    }
    return end;
  });
  return {
    kernel_shape: { ints: p.kernel_size },
    strides: { ints: p.stride },
    pads: { ints: [p.padding[0], p.padding[1], ends[0]!, ends[1]!] },
    ceil_mode: { int: p.ceil_mode ? 1 : 0 },
  };
}

/** A MaxPool or AveragePool node as the layer's params. */
function readPool(node: OnnxNode, countsPadding: boolean): PoolParams {
  const x = node.data(0);
  if (node.ints('kernel_shape', []).length === 0) node.fail('has no kernel_shape');
  const kernel = pairAttribute(node, 'kernel_shape', [1, 1]);
  const ceil = node.int('ceil_mode', 0) === 1;
  const window = readWindow(node, x.shape, kernel, { ceil, countsPadding });
  if (window.dilation.some((d) => d !== 1)) node.fail('dilated pooling is not supported');
  return { kernel_size: kernel, stride: window.stride, padding: window.padding, ceil_mode: ceil };
}

/** Max and average pooling differ only in what they compute, not in geometry. */
function poolLayer<K extends 'MaxPool2d' | 'AvgPool2d', F extends typeof poolFields>(
  kind: K,
  description: string,
  fields: F,
  onnx: OnnxMapping<F>,
  /** What this kind adds to the summary and to the PyTorch module's arguments. */
  extra: (p: ParamsOf<F>) => { summary: string; torch: string },
) {
  const torchName = kind === 'MaxPool2d' ? 'nn.MaxPool2d' : 'nn.AvgPool2d';
  return defineLayer({
    kind,
    label: kind,
    category: 'Pooling',
    description,
    composite: false,
    arity: 'one',
    fields,
    summary: (p) =>
      `${p.kernel_size[0]}×${p.kernel_size[1]} /${pairText(p.stride)}${p.padding[0] || p.padding[1] ? ` p${pairText(p.padding)}` : ''}${p.ceil_mode ? ' ceil' : ''}${extra(p).summary}`,
    inferShape([x], p) {
      const [c, h, w] = requireImage(x!, kind);
      if (2 * p.padding[0] > p.kernel_size[0] || 2 * p.padding[1] > p.kernel_size[1]) {
        throw new ShapeError(
          `${kind} padding ${pairText(p.padding)} is more than half its ${p.kernel_size[0]}×${p.kernel_size[1]} kernel; PyTorch refuses this — lower the padding`,
        );
      }
      const [oh, ow] = slide(kind, h, w, p.kernel_size, p.stride, p.padding, p.ceil_mode);
      return [c, oh, ow];
    },
    weights: () => [],
    macs: () => 0,
    window: (p) => ({ kernel: p.kernel_size, stride: p.stride, padding: p.padding }),
    torchModule: (_x, p) =>
      `${torchName}(kernel_size=${pyPair(p.kernel_size)}, stride=${pyPair(p.stride)}, padding=${pyPair(p.padding)}, ceil_mode=${p.ceil_mode ? 'True' : 'False'}${extra(p).torch})`,
    onnx,
  });
}

const avgPoolFields = {
  ...poolFields,
  count_include_pad: bool(
    'Count padding',
    true,
    "Divide by the whole window, padding zeros included (PyTorch's default), or by the input values in it",
  ),
};

export const maxPool2d = poolLayer(
  'MaxPool2d',
  'Keeps the largest value of each window.',
  poolFields,
  {
    export(op, out) {
      out.node('MaxPool', [out.inputs[0]!], [out.output], poolAttributes(op, out));
    },
    import: {
      opTypes: ['MaxPool'],
      read(node) {
        if (node.usedOutputs > 1) {
          node.fail('its argmax indices are used; only the pooled values are');
        }
        if (node.int('storage_order', 0) !== 0) {
          node.fail('column-major storage_order is not supported');
        }
        return { params: readPool(node, false) };
      },
    },
  },
  () => ({ summary: '', torch: '' }),
);

export const avgPool2d = poolLayer(
  'AvgPool2d',
  'Averages each window (padding zeros count unless count_include_pad is off, as in PyTorch).',
  avgPoolFields,
  {
    export(op, out) {
      out.node('AveragePool', [out.inputs[0]!], [out.output], {
        ...poolAttributes(op, out),
        count_include_pad: { int: op.params.count_include_pad ? 1 : 0 },
      });
    },
    import: {
      opTypes: ['AveragePool'],
      read(node) {
        const counts = node.int('count_include_pad', 0) === 1;
        const params = readPool(node, counts);
        // Without padding it makes no difference: keep PyTorch's default.
        const unpadded = params.padding[0] === 0 && params.padding[1] === 0;
        return { params: { ...params, count_include_pad: counts || unpadded } };
      },
    },
  },
  (p) =>
    p.count_include_pad
      ? { summary: '', torch: '' }
      : { summary: ' excl. pad', torch: ', count_include_pad=False' },
);
