import { defineLayer } from '../layer.js';
import { int } from '../params.js';

export const input = defineLayer({
  kind: 'Input',
  label: 'Input',
  category: 'Input',
  description: 'The images fed to the network: channels × height × width.',
  composite: false,
  arity: 'none',
  fields: {
    channels: int('Channels', 1, 1, 4096, '1 for grayscale, 3 for RGB'),
    height: int('Height', 28, 1, 8192, 'Image height in pixels'),
    width: int('Width', 28, 1, 8192, 'Image width in pixels'),
  },
  summary: (p) => `${p.channels}×${p.height}×${p.width}`,
  inferShape: (_x, p) => [p.channels, p.height, p.width],
  weights: () => [],
  macs: () => 0,
  window: () => 'identity',
  torchModule: () => null,
  onnx: {
    // The exporter makes the Input the model's graph input, and the importer reads it from there.
    export: () => undefined,
    import: "the model's input: the importer makes it from the ONNX graph's input",
  },
});
