import type { Analysis, GraphNode, Params } from '../../graph/index.js';
import type { DatasetInfo } from './datasets.js';

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

/**
 * Checks, before anything runs, that the network can learn from this dataset: its Input takes
 * the dataset's channels and size (or the user agreed to resize on the GPU) and its output gives
 * one score per class.
 */
export function checkFit(
  analysis: Analysis,
  nodes: readonly GraphNode[],
  data: DatasetInfo,
  resizeAgreed: boolean,
): Check[] {
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    return [
      {
        severity: 'error',
        message: `The network has ${errors.length} problem${errors.length > 1 ? 's' : ''} (see the Problems tab); fix ${errors.length > 1 ? 'them' : 'it'} before training.`,
        fixes: [],
      },
    ];
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const input = analysis.inputId ? byId.get(analysis.inputId) : undefined;
  const outputId = analysis.outputId;
  if (!input || !outputId) {
    return [
      {
        severity: 'error',
        message: 'Training needs one Input and one final layer.',
        fixes: [],
      },
    ];
  }
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
  const shape = analysis.nodes.get(outputId)?.shape ?? [];
  const output = byId.get(outputId)!;
  if (shape.length !== 1) {
    checks.push({
      severity: 'error',
      message: `The network must end in one score per class, but ${outputId} gives ${shape.join('×')}; end it with Flatten and Linear.`,
      fixes: [],
    });
  } else if (shape[0] !== data.classes) {
    checks.push({
      severity: 'error',
      message: `${outputId} gives ${shape[0]} scores, but ${data.name} has ${data.classes} classes.`,
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
