import { analyze, type Graph } from '../graph/index.js';
import type { Tensor } from '../runtime-gpu/index.js';
import { CliError } from './errors.js';

/**
 * Checks a batch of images against the graph's Input (other sizes are resized on the GPU);
 * `classes` is the length of the graph's flat output, when it has one.
 */
export function imageBatch(
  graph: Graph,
  input: Tensor,
  path: string,
): { n: number; imageSize: [number, number]; classes: number | undefined } {
  const analysis = analyze(graph);
  const inputOp = analysis.ops.find((o) => o.kind === 'Input');
  const channels = inputOp?.shape[0];
  const [n, c, h, w] = input.shape;
  if (input.shape.length !== 4 || n === 0 || (channels !== undefined && c !== channels)) {
    throw new CliError(
      `${path}: input must be [N, ${channels ?? 'C'}, H, W] with N ≥ 1, got [${input.shape.join(', ')}]`,
    );
  }
  const output = analysis.outputId ? analysis.nodes.get(analysis.outputId)?.shape : undefined;
  return { n: n!, imageSize: [h!, w!], classes: output?.length === 1 ? output[0] : undefined };
}
