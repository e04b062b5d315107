import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { layerIn, type AnyLayer } from '../../graph/index.js';
import { categoryClass, shapeText } from '../format.js';
import { problemsByNode, selectAnalysis } from '../store/analysis.js';
import { useEditor } from '../store/store.js';
import { selectUnfitNodes } from '../training/weightsFit.js';
import type { LayerFlowNode } from './flowElements.js';
import { NodeFace } from './NodeFace.js';

/** One layer on the canvas: kind, key hyperparameters, output shape and parameter count. */
function LayerNodeView({ id, data, selected }: NodeProps<LayerFlowNode>) {
  const { node } = data;
  // Undefined only for a moment: undoing a grouping drops the block just before its node.
  const layer = useEditor((s) => layerIn(s, node.kind));
  // Plain values, so that a node re-renders only when what it shows changes.
  const shape = useEditor((s) => shapeText(selectAnalysis(s).nodes.get(id)?.shape));
  const paramCount = useEditor((s) => selectAnalysis(s).nodes.get(id)?.paramCount ?? 0);
  const problems = useEditor((s) => problemsByNode(selectAnalysis(s)).get(id));
  const isOutput = useEditor((s) => selectAnalysis(s).finalId === id);
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
    <NodeFace
      label={layer.label}
      name={id}
      summary={summary ?? ''}
      shape={shape}
      paramCount={paramCount}
      className={`${categoryClass(layer.category)} ${state}${selected ? ' selected' : ''}${unfit ? ' weights-unfit' : ''}${isOutput ? ' output' : ''}`}
      title={[
        message || layer.description,
        isOutput ? 'The network’s output: the loss and the predictions are taken here.' : '',
        unfit ? 'The trained weights no longer fit this layer.' : '',
      ]
        .filter(Boolean)
        .join('\n')}
      testId={`node-${id}`}
      actions={
        layer.composite && (
          <button
            className="icon-button nodrag"
            title="Show the layers inside this block"
            aria-label="Expand block"
            onClick={() => setUi({ expandedBlock: id })}
          >
            ⤢
          </button>
        )
      }
    >
      {errors.length > 0 && <div className="layer-node-error">{errors[0]!.message}</div>}
      {isOutput && (
        <div className="output-tag" data-testid="output-tag">
          output → loss
        </div>
      )}
      {layer.arity !== 'none' && (
        <Handle type="target" position={vertical ? Position.Top : Position.Left} />
      )}
      <Handle type="source" position={vertical ? Position.Bottom : Position.Right} />
    </NodeFace>
  );
}

/** A file may hold params the layer rejects; the face then says so instead of crashing. */
function safeSummary(layer: AnyLayer, params: Record<string, unknown>): string {
  const parsed = layer.schema.safeParse(params);
  return parsed.success ? layer.summary(parsed.data) : 'invalid hyperparameters';
}

export const LayerNode = memo(LayerNodeView);
