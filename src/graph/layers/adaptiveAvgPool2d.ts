import { defineLayer } from '../layer.js';
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
});
