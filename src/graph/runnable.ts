import type { Analysis } from './analyze.js';
import { formatShape } from './shape.js';

/**
 * Why the network cannot be compiled (or trained, as a classifier), in one sentence; null when it
 * can. The planner refuses with it and the fit check of network against dataset starts with it.
 */
export function runProblem(analysis: Analysis, training: boolean): string | null {
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0]!;
    return `the network has ${errors.length} problem${errors.length > 1 ? 's' : ''}; first: ${first.nodeId ?? first.edgeId ?? 'graph'}: ${first.message}`;
  }
  if (!analysis.inputId || !analysis.outputId) {
    return 'the network must have one Input and end in exactly one layer (its output)';
  }
  const output = analysis.nodes.get(analysis.outputId)!;
  if (training && output.shape.length !== 1) {
    return `training needs the output to be class scores (a flat vector), but ${output.ops.at(-1)!.name} gives ${formatShape(output.shape)}; end the network with Flatten and Linear`;
  }
  return null;
}
