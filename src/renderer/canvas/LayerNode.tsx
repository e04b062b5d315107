import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { editorStore, useEditor } from '../store/store.js';
import type { LayerFlowNode } from './flowElements.js';
import { NodeFace } from './NodeFace.js';
import { useOverview } from './zoom.js';

const outputNote = 'The network’s output: the loss and the predictions are taken here.';
const unfitNote = 'The trained weights no longer fit this layer.';

/**
 * One layer on the canvas: kind, key hyperparameters, output shape and parameter count. All it
 * shows comes in `data.face`, worked out for every layer at once, so that an edit re-renders only
 * the layers whose face changed.
 */
function LayerNodeView({ id, data, selected }: NodeProps<LayerFlowNode>) {
  const f = data.face;
  const vertical = useEditor((s) => s.direction === 'DOWN');
  const overview = useOverview();
  const state = f.errors.length > 0 ? 'invalid' : f.warnings.length > 0 ? 'warning' : 'ok';
  const title = [
    [...f.errors, ...f.warnings].join('\n') || f.description,
    f.output ? outputNote : '',
    f.unfit ? unfitNote : '',
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <NodeFace
      label={f.label}
      name={id}
      summary={f.summary}
      shape={f.shape}
      paramCount={f.paramCount}
      className={`${f.category} ${state}${selected ? ' selected' : ''}${f.unfit ? ' weights-unfit' : ''}${f.output ? ' output' : ''}`}
      title={title}
      testId={`node-${id}`}
      overview={overview}
      actions={
        f.composite && (
          <button
            className="icon-button nodrag"
            title="Show the layers inside this block"
            aria-label="Expand block"
            onClick={() => editorStore.getState().setUi({ expandedBlock: id })}
          >
            ⤢
          </button>
        )
      }
    >
      {f.errors.length > 0 && !overview && <div className="layer-node-error">{f.errors[0]}</div>}
      {f.output && (
        <div className="output-tag" data-testid="output-tag">
          output → loss
        </div>
      )}
      {f.takesInput && <Handle type="target" position={vertical ? Position.Top : Position.Left} />}
      <Handle type="source" position={vertical ? Position.Bottom : Position.Right} />
    </NodeFace>
  );
}

export const LayerNode = memo(LayerNodeView);
