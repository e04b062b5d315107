import { defineLayer } from '../layer.js';
import type { OnnxMapping, OnnxNode, OnnxValue } from '../onnx.js';
import { decimalOf } from '../onnx.js';
import { float } from '../params.js';

type ActivationKind = 'ReLU' | 'Sigmoid' | 'Tanh' | 'ReLU6' | 'Hardswish' | 'Hardsigmoid' | 'SiLU';

function activation<K extends ActivationKind>(
  kind: K,
  description: string,
  onnx: OnnxMapping<Record<string, never>>,
) {
  return defineLayer({
    kind,
    label: kind,
    category: 'Activation',
    description,
    composite: false,
    arity: 'one',
    fields: {},
    summary: () => '',
    inferShape: ([x]) => x!,
    weights: () => [],
    macs: () => 0,
    window: () => 'identity',
    torchModule: () => `nn.${kind}()`,
    onnx,
  });
}

/** One ONNX op of the same input and output, both ways. */
const single = (opType: string): OnnxMapping<Record<string, never>> => ({
  export: (_op, out) => out.node(opType, [out.inputs[0]!], [out.output]),
  import: { opTypes: [opType], read: () => ({ params: {} }) },
});

/** Clip's bounds; opset 11 made them optional inputs (−∞ and ∞ when left out). */
function clipBounds(node: OnnxNode): [number, number] {
  const bound = (i: number, missing: number) => {
    if (!node.inputs[i]) return missing;
    const t = node.constant(i);
    if (t.data.length !== 1) node.fail(`has a bound of ${t.data.length} values, not one`);
    return t.data[0]!;
  };
  return [bound(1, -Infinity), bound(2, Infinity)];
}

/**
 * `x · gate(x)` as ONNX writes it: Mul(x, gate) or Mul(gate, x) with gate = `gateType`(x) read
 * only here; the x and the gate's node, or null for another Mul.
 */
function gatedBy(node: OnnxNode, gateType: string, isGate: (gate: OnnxNode) => boolean) {
  for (const [x, gate] of [
    [node.inputs[0], node.inputs[1]],
    [node.inputs[1], node.inputs[0]],
  ] as [OnnxValue | null, OnnxValue | null][]) {
    const g = gate?.producer;
    if (
      x &&
      g?.opType === gateType &&
      gate!.readers === 1 &&
      g.inputs[0]?.name === x.name &&
      isGate(g)
    ) {
      return { x, gate: g };
    }
  }
  return null;
}

/** HardSigmoid(x) = max(0, min(1, αx + β)) is PyTorch's Hardsigmoid for α = 1/6, β = 1/2. */
const isTorchHardsigmoid = (node: OnnxNode): boolean =>
  Math.abs(node.float('alpha', 0.2) - 1 / 6) < 1e-6 && node.float('beta', 0.5) === 0.5;

export const relu = activation('ReLU', 'max(0, x), element-wise.', {
  export: (_op, out) => out.node('Relu', [out.inputs[0]!], [out.output]),
  import: {
    opTypes: ['Relu', 'Clip'],
    read(node) {
      if (node.opType === 'Clip') {
        const [min, max] = clipBounds(node);
        if (min !== 0 || max !== Infinity) return null;
      }
      return { params: {} };
    },
  },
});
export const sigmoid = activation('Sigmoid', '1 / (1 + e^−x), element-wise.', single('Sigmoid'));
export const tanh = activation('Tanh', 'Hyperbolic tangent, element-wise.', single('Tanh'));
export const relu6 = activation('ReLU6', 'min(max(0, x), 6), element-wise (MobileNetV2).', {
  export(op, out) {
    const low = out.constant('min', [], [0]);
    const high = out.constant('max', [], [6]);
    out.node('Clip', [out.inputs[0]!, low, high], [out.output]);
  },
  import: {
    opTypes: ['Clip'],
    read(node) {
      const [min, max] = clipBounds(node);
      if (min !== 0 || max !== 6) {
        node.fail(`clips to [${min}, ${max}]; only [0, 6] (ReLU6) and [0, ∞) (ReLU) are layers`);
      }
      return { params: {} };
    },
  },
});
export const hardswish = activation(
  'Hardswish',
  'x · ReLU6(x + 3) / 6, element-wise: a cheap SiLU (MobileNetV3).',
  {
    export: (_op, out) => out.node('HardSwish', [out.inputs[0]!], [out.output]),
    import: {
      // Before opset 14 PyTorch writes it as x · HardSigmoid(x).
      opTypes: ['HardSwish', 'Mul'],
      read(node) {
        if (node.opType === 'HardSwish') return { params: {} };
        const found = gatedBy(node, 'HardSigmoid', isTorchHardsigmoid);
        return found && { params: {}, inputs: [found.x], absorbs: [found.gate] };
      },
    },
  },
);
export const hardsigmoid = activation(
  'Hardsigmoid',
  'ReLU6(x + 3) / 6, element-wise: a cheap sigmoid (MobileNetV3’s squeeze-and-excitation gate).',
  {
    export: (_op, out) =>
      out.node('HardSigmoid', [out.inputs[0]!], [out.output], {
        alpha: { float: 1 / 6 },
        beta: { float: 0.5 },
      }),
    import: {
      opTypes: ['HardSigmoid'],
      read(node) {
        if (!isTorchHardsigmoid(node)) {
          node.fail(
            `has alpha ${decimalOf(node.float('alpha', 0.2))} and beta ${decimalOf(node.float('beta', 0.5))}; PyTorch's Hardsigmoid is alpha 1/6, beta 0.5`,
          );
        }
        return { params: {} };
      },
    },
  },
);
export const silu = activation(
  'SiLU',
  'x · sigmoid(x), element-wise; also called Swish (EfficientNet).',
  {
    // ONNX (to opset 18) has no SiLU: PyTorch writes x · Sigmoid(x), and so does CNN Studio.
    export(_op, out) {
      const gate = out.value('sigmoid');
      out.node('Sigmoid', [out.inputs[0]!], [gate]);
      out.node('Mul', [out.inputs[0]!, gate], [out.output]);
    },
    import: {
      opTypes: ['Mul'],
      read(node) {
        const found = gatedBy(node, 'Sigmoid', () => true);
        return found && { params: {}, inputs: [found.x], absorbs: [found.gate] };
      },
    },
  },
);

export const leakyRelu = defineLayer({
  kind: 'LeakyReLU',
  label: 'LeakyReLU',
  category: 'Activation',
  description: 'x for x > 0, negative_slope · x otherwise, element-wise.',
  composite: false,
  arity: 'one',
  fields: {
    negative_slope: float('Negative slope', 0.01, -100, 100, 'Slope of the line for x < 0'),
  },
  summary: (p) => `slope ${p.negative_slope}`,
  inferShape: ([x]) => x!,
  weights: () => [],
  macs: () => 0,
  window: () => 'identity',
  torchModule: (_x, p) => `nn.LeakyReLU(negative_slope=${p.negative_slope})`,
  onnx: {
    export: (op, out) =>
      out.node('LeakyRelu', [out.inputs[0]!], [out.output], {
        alpha: { float: op.params.negative_slope },
      }),
    import: {
      opTypes: ['LeakyRelu'],
      read: (node) => ({ params: { negative_slope: decimalOf(node.float('alpha', 0.01)) } }),
    },
  },
});
