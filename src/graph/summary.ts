import { analyze, type Analysis, type Op } from './analyze.js';
import type { Graph } from './graph.js';

/** One row per primitive layer, in execution order, as torchinfo lists a model. */
export interface SummaryRow {
  name: string;
  kind: string;
  output_shape: number[];
  params: number;
  macs: number;
  receptive_field: [number, number];
}

export interface Summary {
  total_params: number;
  trainable_params: number;
  macs: number;
  layers: SummaryRow[];
}

const row = (op: Op): SummaryRow => ({
  name: op.name,
  kind: op.kind,
  output_shape: [...op.shape],
  params: op.paramCount,
  macs: op.macs,
  receptive_field: [op.rf.size[0], op.rf.size[1]],
});

export function summaryOf(analysis: Analysis): Summary {
  const layers = analysis.ops.filter((o) => o.kind !== 'Input').map(row);
  // BatchNorm's running statistics are buffers, so every counted parameter is trainable.
  return {
    total_params: analysis.totals.paramCount,
    trainable_params: analysis.totals.paramCount,
    macs: analysis.totals.macs,
    layers,
  };
}

export const summarize = (graph: Graph): Summary => summaryOf(analyze(graph));
