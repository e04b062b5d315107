import { defineLayer } from '../layer.js';
import { transpose, type OnnxNode, type OnnxTensor, type OnnxValue } from '../onnx.js';
import { bool, int } from '../params.js';
import { requireFlat } from '../shape.js';

/** x · B + C with a constant [K, N] matrix B (Gemm's B when not transB, MatMul's B). */
function fromProduct(node: OnnxNode, x: OnnxValue, b: OnnxTensor, transB: boolean) {
  if (x.shape.length !== 1) {
    node.fail(`multiplies a ${x.shape.length + 1}-D input; a Linear layer takes N×features`);
  }
  if (b.dims.length !== 2) node.fail(`has a ${b.dims.length}-D weight matrix, not 2-D`);
  const [k, n] = (transB ? [b.dims[1], b.dims[0]] : b.dims) as [number, number];
  if (k !== x.shape[0]) node.fail(`multiplies ${x.shape[0]} features by a ${k}-row matrix`);
  return { n, weight: transB ? b.data : transpose(b.data, k, n) };
}

/** A bias broadcast to n outputs: [n], [1, n], or one value. */
function biasOf(node: OnnxNode, c: OnnxTensor, n: number, scale: number): Float32Array {
  if (c.data.length !== n && c.data.length !== 1) {
    node.fail(`adds a bias of ${c.data.length} values to ${n} outputs`);
  }
  return Float32Array.from({ length: n }, (_, i) => scale * c.data[c.data.length === 1 ? 0 : i]!);
}

export const linear = defineLayer({
  kind: 'Linear',
  label: 'Linear',
  category: 'Dense',
  description: 'Fully connected layer: y = xWᵀ + b.',
  composite: false,
  arity: 'one',
  fields: {
    out_features: int('Output features', 10, 1, 1 << 20, 'Number of outputs'),
    bias: bool('Bias', true, 'Add a learned bias per output'),
  },
  summary: (p) => `→ ${p.out_features}`,
  inferShape([x], p) {
    requireFlat(x!, 'Linear');
    return [p.out_features];
  },
  weights([x], p) {
    const fanIn = x![0]!;
    const bound = 1 / Math.sqrt(fanIn);
    return [
      {
        name: 'weight',
        shape: [p.out_features, fanIn],
        trainable: true,
        init: { uniform: bound },
      },
      ...(p.bias
        ? [
            {
              name: 'bias' as const,
              shape: [p.out_features],
              trainable: true,
              init: { uniform: bound },
            },
          ]
        : []),
    ];
  },
  macs: ([x], _y, p) => x![0]! * p.out_features,
  window: () => 'identity',
  torchModule: ([x], p) =>
    `nn.Linear(${x![0]}, ${p.out_features}, bias=${p.bias ? 'True' : 'False'})`,
  onnx: {
    export(op, out) {
      const weights = [out.weight('weight'), ...(op.params.bias ? [out.weight('bias')] : [])];
      out.node('Gemm', [out.inputs[0]!, ...weights], [out.output], { transB: { int: 1 } });
    },
    import: {
      // Gemm; MatMul by a constant; and MatMul + Add of a constant bias, as some exporters write it.
      opTypes: ['Gemm', 'MatMul', 'Add'],
      read(node) {
        if (node.opType === 'Add') {
          const [a, c] = [node.inputs[0], node.inputs[1]];
          const [product, bias] = a?.constant ? [c, a] : [a, c];
          const m = product?.producer;
          if (!bias?.constant || m?.opType !== 'MatMul' || product!.readers !== 1) return null;
          if (!m.inputs[1]?.constant) return null;
          const { n, weight } = fromProduct(m, m.data(0), m.constant(1), false);
          const params = { out_features: n, bias: true };
          const weights = { weight, bias: biasOf(node, bias.constant, n, 1) };
          return { params, inputs: [m.data(0)], weights, absorbs: [m] };
        }
        const x = node.data(0);
        if (node.opType === 'MatMul') {
          const { n, weight } = fromProduct(node, x, node.constant(1), false);
          return { params: { out_features: n, bias: false }, weights: { weight } };
        }
        if (node.int('transA', 0) !== 0)
          node.fail('transposes its input (transA); a Linear does not');
        const alpha = node.float('alpha', 1);
        const beta = node.float('beta', 1);
        const { n, weight } = fromProduct(node, x, node.constant(1), node.int('transB', 0) === 1);
        const c = node.inputs[2] && beta !== 0 ? node.constant(2) : null;
        return {
          params: { out_features: n, bias: c !== null },
          weights: {
            weight: alpha === 1 ? weight : weight.map((v) => alpha * v),
            ...(c ? { bias: biasOf(node, c, n, beta) } : {}),
          },
        };
      },
    },
  },
});
