import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { layerIn, type AnyLayer } from '../../graph/index.js';
import { problemsByNode, selectAnalysis } from '../store/analysis.js';
import { useEditor } from '../store/store.js';
import { selectUnfitNodes } from '../training/weightsFit.js';
import { categoryClass, compactCount, shapeText } from '../format.js';
import type { LayerFlowNode } from './flowElements.js';

/** One layer on the canvas: kind, key hyperparameters, output shape and parameter count. */
function LayerNodeView({ id, data, selected }: NodeProps<LayerFlowNode>) {
  const { node } = data;
  // Undefined only for a moment: undoing a grouping drops the block just before its node.
  const layer = useEditor((s) => layerIn(s, node.kind));
  // Plain values, so that a node re-renders only when what it shows changes.
  const shape = useEditor((s) => shapeText(selectAnalysis(s).nodes.get(id)?.shape));
  const paramCount = useEditor((s) => selectAnalysis(s).nodes.get(id)?.paramCount ?? 0);
  const problems = useEditor((s) => problemsByNode(selectAnalysis(s)).get(id));
  const vertical = useEditor((s) => s.direction === 'DOWN');
  const unfit = useEditor((s) => selectUnfitNodes(s).has(id));
  const setUi = useEditor((s) => s.setUi);
  const summary = useMemo(() => layer && safeSummary(layer, node.params), [layer, node.params]);
  if (!layer) return null;
  const errors = problems?.filter((p) => p.severity === 'error') ?? [];
  const warnings = problems?.filter((p) => p.severity === 'warning') ?? [];
  const state = errors.length > 0 ? 'invalid' : warnings.length > 0 ? 'warning' : 'ok';
  const message = [...errors, ...warnings].map((p) => p.message).join('\n');
  return (
    <div
      className={`layer-node ${categoryClass(layer.category)} ${state}${selected ? ' selected' : ''}${unfit ? ' weights-unfit' : ''}`}
      title={[
        message || layer.description,
        unfit ? 'The trained weights no longer fit this layer.' : '',
      ]
        .filter(Boolean)
        .join('\n')}
      data-testid={`node-${id}`}
    >
      {layer.arity !== 'none' && (
        <Handle type="target" position={vertical ? Position.Top : Position.Left} />
      )}
      <div className="layer-node-head">
        <span className="layer-node-kind">{layer.label}</span>
        <span className="layer-node-id">{id}</span>
        {layer.composite && (
          <button
            className="icon-button nodrag"
            title="Show the layers inside this block"
            aria-label="Expand block"
            onClick={() => setUi({ expandedBlock: id })}
          >
            ⤢
          </button>
        )}
      </div>
      <div className="layer-node-summary">{summary}</div>
      <div className="layer-node-foot">
        <span className="layer-node-shape" data-testid="shape">
          {shape}
        </span>
        <span className="layer-node-params" title={`${paramCount} parameters`}>
          {paramCount > 0 ? `${compactCount(paramCount)} params` : ''}
        </span>
      </div>
      {errors.length > 0 && <div className="layer-node-error">{errors[0]!.message}</div>}
      <Handle type="source" position={vertical ? Position.Bottom : Position.Right} />
    </div>
  );
}

/** A file may hold params the layer rejects; the face then says so instead of crashing. */
function safeSummary(layer: AnyLayer, params: Record<string, unknown>): string {
  const parsed = layer.schema.safeParse(params);
  return parsed.success ? layer.summary(parsed.data) : 'invalid hyperparameters';
}

export const LayerNode = memo(LayerNodeView);
