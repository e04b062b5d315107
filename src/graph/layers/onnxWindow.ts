import type { OnnxNode } from '../onnx.js';
import type { Shape } from '../shape.js';
import { windowOutput } from './window.js';

/** A sliding window's geometry as PyTorch's Conv2d and pooling layers take it. */
export interface TorchWindow {
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
}

/** Reads a 2-D attribute list (kernel_shape, strides, dilations) of exactly two entries. */
export function pairAttribute(node: OnnxNode, name: string, fallback: [number, number]) {
  const v = node.ints(name, fallback);
  if (v.length !== 2) node.fail(`${name} has ${v.length} entries; only 2-D windows are supported`);
  if (v.some((x) => !Number.isInteger(x) || x < 1)) node.fail(`${name} [${v}] must be ≥ 1`);
  return [v[0]!, v[1]!] as [number, number];
}

/** ONNX's output length on one axis with begin/end padding (floor, or ceil in ceil mode). */
const onnxOutput = (
  n: number,
  span: number,
  s: number,
  begin: number,
  end: number,
  ceil: boolean,
) => (ceil ? Math.ceil : Math.floor)((n + begin + end - span) / s) + 1;

/**
 * The node's strides, dilations and pads (or auto_pad) as PyTorch's symmetric padding. ONNX pads
 * [top, left, bottom, right] may differ per side; that is accepted when the symmetric padding of
 * the first side gives the same windows (the same output size; and, for an average that counts
 * padding, a last window that reaches no padding on either side's account).
 */
export function readWindow(
  node: OnnxNode,
  input: Shape,
  kernel: [number, number],
  options: { ceil: boolean; countsPadding: boolean },
): TorchWindow {
  const stride = pairAttribute(node, 'strides', [1, 1]);
  const dilation = pairAttribute(node, 'dilations', [1, 1]);
  if (input.length !== 3) node.fail(`needs a 4-D N×C×H×W input, not ${input.length + 1}-D`);
  const size = [input[1]!, input[2]!];
  const span = [0, 1].map((a) => dilation[a]! * (kernel[a]! - 1) + 1);
  const autoPad = node.string('auto_pad', 'NOTSET');
  let pads: number[];
  if (autoPad === 'NOTSET') pads = node.ints('pads', [0, 0, 0, 0]);
  else if (autoPad === 'VALID') pads = [0, 0, 0, 0];
  else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const total = [0, 1].map((a) =>
      Math.max(0, (Math.ceil(size[a]! / stride[a]!) - 1) * stride[a]! + span[a]! - size[a]!),
    );
    const small = total.map((t) => Math.floor(t / 2));
    const big = total.map((t, a) => t - small[a]!);
    pads = autoPad === 'SAME_UPPER' ? [...small, ...big] : [...big, ...small];
  } else node.fail(`auto_pad "${autoPad}" is not an ONNX padding mode`);
  if (pads.length !== 4) node.fail(`pads has ${pads.length} entries; a 2-D window needs 4`);
  if (pads.some((p) => !Number.isInteger(p) || p < 0)) node.fail(`pads [${pads}] must be ≥ 0`);
  const padding = [pads[0]!, pads[1]!] as [number, number];
  [0, 1].forEach((a) => {
    const [n, s, begin, end] = [size[a]!, stride[a]!, pads[a]!, pads[a + 2]!];
    if (begin === end && !options.ceil) return;
    const out = onnxOutput(n, span[a]!, s, begin, end, options.ceil);
    const same = windowOutput(n, span[a]!, s, begin, options.ceil) === out;
    const lastEnd = (out - 1) * s - begin + span[a]!;
    if (!same || (options.countsPadding && begin !== end && lastEnd > n + Math.min(begin, end))) {
      node.fail(
        `its padding ${begin} before and ${end} after on the ${a === 0 ? 'height' : 'width'} axis` +
          `${options.ceil ? ' in ceil mode' : ''} gives windows PyTorch's symmetric padding cannot`,
      );
    }
  });
  return { stride, padding, dilation };
}
