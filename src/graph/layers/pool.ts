import { defineLayer } from '../layer.js';
import { bool, pair } from '../params.js';
import { ShapeError, requireImage } from '../shape.js';
import { pairText, pyPair, slide } from './window.js';

/** Max and average pooling differ only in what they compute, not in geometry. */
function poolLayer<K extends 'MaxPool2d' | 'AvgPool2d'>(kind: K, description: string) {
  const torchName = kind === 'MaxPool2d' ? 'nn.MaxPool2d' : 'nn.AvgPool2d';
  return defineLayer({
    kind,
    label: kind,
    category: 'Pooling',
    description,
    composite: false,
    arity: 'one',
    fields: {
      kernel_size: pair('Kernel', 2, 1, 1024, 'Window height × width'),
      stride: pair(
        'Stride',
        2,
        1,
        1024,
        'Step between windows (PyTorch defaults it to the kernel)',
      ),
      padding: pair('Padding', 0, 0, 512, 'Padding on each side; at most half the kernel'),
      ceil_mode: bool('Ceil mode', false, 'Round the output size up instead of down'),
    },
    summary: (p) =>
      `${p.kernel_size[0]}×${p.kernel_size[1]} /${pairText(p.stride)}${p.padding[0] || p.padding[1] ? ` p${pairText(p.padding)}` : ''}${p.ceil_mode ? ' ceil' : ''}`,
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
      `${torchName}(kernel_size=${pyPair(p.kernel_size)}, stride=${pyPair(p.stride)}, padding=${pyPair(p.padding)}, ceil_mode=${p.ceil_mode ? 'True' : 'False'})`,
  });
}

export const maxPool2d = poolLayer('MaxPool2d', 'Keeps the largest value of each window.');
export const avgPool2d = poolLayer(
  'AvgPool2d',
  'Averages each window (padding zeros count, as in PyTorch).',
);
