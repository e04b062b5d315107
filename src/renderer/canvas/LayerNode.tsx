import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { layerOf } from '../../graph/index.js';
import { problemsByNode, selectAnalysis } from '../store/analysis.js';
import { useEditor } from '../store/store.js';
import { compactCount, shapeText } from '../format.js';
import type { LayerFlowNode } from './flowElements.js';

/** One layer on the canvas: kind, key hyperparameters, output shape and parameter count. */
function LayerNodeView({ id, data, selected }: NodeProps<LayerFlowNode>) {
  const { node } = data;
  const layer = layerOf(node.kind);
  const info = useEditor((s) => selectAnalysis(s).nodes.get(id));
  const problems = useEditor((s) => problemsByNode(selectAnalysis(s)).get(id));
  const vertical = useEditor((s) => s.direction === 'DOWN');
  const setUi = useEditor((s) => s.setUi);
  const errors = problems?.filter((p) => p.severity === 'error') ?? [];
  const warnings = problems?.filter((p) => p.severity === 'warning') ?? [];
  const state = errors.length > 0 ? 'invalid' : warnings.length > 0 ? 'warning' : 'ok';
  const message = [...errors, ...warnings].map((p) => p.message).join('\n');
  return (
    <div
      className={`layer-node category-${layer.category.toLowerCase()} ${state}${selected ? ' selected' : ''}`}
      title={message || layer.description}
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
      <div className="layer-node-summary">{safeSummary(node.kind, node.params)}</div>
      <div className="layer-node-foot">
        <span className="layer-node-shape" data-testid="shape">
          {shapeText(info?.shape)}
        </span>
        <span className="layer-node-params" title={`${info?.paramCount ?? 0} parameters`}>
          {info && info.paramCount > 0 ? `${compactCount(info.paramCount)} params` : ''}
        </span>
      </div>
      {errors.length > 0 && <div className="layer-node-error">{errors[0]!.message}</div>}
      <Handle type="source" position={vertical ? Position.Bottom : Position.Right} />
    </div>
  );
}

/** A file may hold params the layer rejects; the face then says so instead of crashing. */
function safeSummary(kind: string, params: Record<string, unknown>): string {
  const layer = layerOf(kind);
  const parsed = layer.schema.safeParse(params);
  return parsed.success ? layer.summary(parsed.data) : 'invalid hyperparameters';
}

export const LayerNode = memo(LayerNodeView);
