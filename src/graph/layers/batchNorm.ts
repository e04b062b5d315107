import { defineLayer, type WeightSpec } from '../layer.js';
import { decimalOf } from '../onnx.js';
import { float } from '../params.js';
import { numel, requireFlat, requireImage, type Shape } from '../shape.js';

function batchNormLayer<K extends 'BatchNorm2d' | 'BatchNorm1d'>(kind: K, description: string) {
  const channels = (x: Shape): number =>
    kind === 'BatchNorm2d' ? requireImage(x, kind)[0] : requireFlat(x, kind);
  return defineLayer({
    kind,
    label: kind,
    category: 'Normalization',
    description,
    composite: false,
    arity: 'one',
    fields: {
      eps: float('Epsilon', 1e-5, 1e-12, 1, 'Added to the variance before the square root'),
      momentum: float('Momentum', 0.1, 0, 1, 'Weight of the new batch in the running statistics'),
    },
    summary: (p) => (p.eps === 1e-5 && p.momentum === 0.1 ? '' : `eps ${p.eps}, m ${p.momentum}`),
    inferShape([x]) {
      channels(x!);
      return x!;
    },
    weights([x]): WeightSpec[] {
      const c = channels(x!);
      return [
        { name: 'weight', shape: [c], trainable: true, init: 'ones' },
        { name: 'bias', shape: [c], trainable: true, init: 'zeros' },
        { name: 'running_mean', shape: [c], trainable: false, init: 'zeros' },
        { name: 'running_var', shape: [c], trainable: false, init: 'ones' },
        { name: 'num_batches_tracked', shape: [], trainable: false, init: 'zeros' },
      ];
    },
    macs: (_x, y) => numel(y),
    window: () => 'identity',
    torchModule: ([x], p) => `nn.${kind}(${channels(x!)}, eps=${p.eps}, momentum=${p.momentum})`,
    onnx: {
      // Inference: normalise with the running statistics. ONNX's momentum weighs the old
      // statistics, PyTorch's the new batch.
      export(op, out) {
        const weights = weightOrder.map((w) => out.weight(w));
        out.node('BatchNormalization', [out.inputs[0]!, ...weights], [out.output], {
          epsilon: { float: op.params.eps },
          momentum: { float: 1 - op.params.momentum },
        });
      },
      import: {
        opTypes: ['BatchNormalization'],
        read(node) {
          // The input's rank tells BatchNorm2d (N×C×H×W) from BatchNorm1d (N×C).
          if (node.data(0).shape.length !== (kind === 'BatchNorm2d' ? 3 : 1)) return null;
          if (node.int('training_mode', 0) !== 0 || node.usedOutputs > 1) {
            node.fail(
              'runs in training mode; only an inference (eval-mode) BatchNormalization is read',
            );
          }
          const [weight, bias, mean, variance] = [1, 2, 3, 4].map((i) => node.constant(i).data);
          return {
            params: {
              eps: decimalOf(node.float('epsilon', 1e-5)),
              momentum: decimalOf(1 - decimalOf(node.float('momentum', 0.9))),
            },
            weights: { weight, bias, running_mean: mean, running_var: variance },
          };
        },
      },
    },
  });
}

/** BatchNormalization's inputs after x, as PyTorch names them. */
const weightOrder = ['weight', 'bias', 'running_mean', 'running_var'] as const;

export const batchNorm2d = batchNormLayer(
  'BatchNorm2d',
  'Normalises each channel by batch statistics in training and running statistics in eval.',
);
export const batchNorm1d = batchNormLayer(
  'BatchNorm1d',
  'Normalises each feature of a flat vector by batch statistics (running statistics in eval).',
);
