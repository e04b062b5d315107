import { runProblem, type Analysis, type GraphNode, type Params } from '../graph/index.js';

/** What the fit check needs to know of a dataset. */
export interface DataShape {
  name: string;
  channels: number;
  height: number;
  width: number;
  /** Unknown for IDX files, whose labels are checked one by one instead (guards.ts). */
  classes?: number;
}

/** A change to one node's parameters that makes the graph fit the data. */
export interface GraphFix {
  label: string;
  nodeId: string;
  params: Params;
}

export interface Check {
  message: string;
  /** Errors block training until fixed; a warning only informs. */
  severity: 'error' | 'warning';
  fixes: GraphFix[];
  /** The one-click alternative of resizing the images on the GPU instead. */
  resize?: { height: number; width: number };
}

const sentence = (text: string): string => `${text[0]!.toUpperCase()}${text.slice(1)}.`;

/**
 * Checks, before anything runs, that the network can learn from this dataset: it compiles as a
 * classifier, its Input takes the dataset's channels and size (or the user agreed to resize on
 * the GPU) and it gives one score per class. The training session refuses a run on the first
 * error; the training panel shows them all with their fixes.
 */
export function checkFit(
  analysis: Analysis,
  nodes: readonly GraphNode[],
  data: DataShape,
  resizeAgreed: boolean,
): Check[] {
  const problem = runProblem(analysis, true);
  if (problem !== null) return [{ severity: 'error', message: sentence(problem), fixes: [] }];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const input = byId.get(analysis.inputId!)!;
  const outputId = analysis.outputId!;
  const checks: Check[] = [];
  const p = input.params as { channels: number; height: number; width: number };
  if (p.channels !== data.channels) {
    checks.push({
      severity: 'error',
      message: `${input.id} takes ${p.channels} channel${p.channels > 1 ? 's' : ''}, but ${data.name} images have ${data.channels}.`,
      fixes: [
        {
          label: `Set ${input.id} to ${data.channels} channel${data.channels > 1 ? 's' : ''}`,
          nodeId: input.id,
          params: { ...input.params, channels: data.channels },
        },
      ],
    });
  }
  if (p.height !== data.height || p.width !== data.width) {
    const size = `${p.height}×${p.width}`;
    checks.push({
      severity: resizeAgreed ? 'warning' : 'error',
      message: resizeAgreed
        ? `${data.name} images (${data.height}×${data.width}) are resized to ${size} on the GPU (bilinear).`
        : `${input.id} takes ${size} images, but ${data.name} images are ${data.height}×${data.width}.`,
      fixes: resizeAgreed
        ? []
        : [
            {
              label: `Set ${input.id} to ${data.height}×${data.width}`,
              nodeId: input.id,
              params: { ...input.params, height: data.height, width: data.width },
            },
          ],
      ...(resizeAgreed ? {} : { resize: { height: p.height, width: p.width } }),
    });
  }
  const scores = analysis.nodes.get(outputId)!.shape[0]!;
  const output = byId.get(outputId)!;
  if (data.classes !== undefined && scores !== data.classes) {
    // Too few scores leave classes without one (their labels would index past the logits);
    // extra scores only are never the answer.
    checks.push({
      severity: scores < data.classes ? 'error' : 'warning',
      message: `${outputId} gives ${scores} scores, but ${data.name} has ${data.classes} classes.`,
      fixes:
        output.kind === 'Linear'
          ? [
              {
                label: `Set ${outputId} to ${data.classes} outputs`,
                nodeId: outputId,
                params: { ...output.params, out_features: data.classes },
              },
            ]
          : [],
    });
  }
  return checks;
}

/** The first check that blocks a run, as one line for the CLI and the worker; null if none. */
export const firstFitError = (checks: readonly Check[]): string | null =>
  checks.find((c) => c.severity === 'error')?.message ?? null;
