import {
  BaseEdge,
  EdgeLabelRenderer,
  getBezierPath,
  getSmoothStepPath,
  Position,
  type EdgeProps,
} from '@xyflow/react';
import { memo } from 'react';
import type { LayerFlowEdge } from './flowElements.js';

/**
 * An edge that shows a red marker with the problem's message when analyze() rejects it. An edge
 * that runs against the flow (on to the top of the next column) goes round in right angles
 * instead of cutting back across the layers.
 */
function CheckedEdgeView(props: EdgeProps<LayerFlowEdge>) {
  const backwards =
    props.sourcePosition === Position.Bottom
      ? props.targetY < props.sourceY
      : props.sourcePosition === Position.Right && props.targetX < props.sourceX;
  const [path, labelX, labelY] = backwards
    ? getSmoothStepPath({ ...props, borderRadius: 12, offset: 20 })
    : getBezierPath(props);
  const problem = props.data?.problem;
  return (
    <>
      <BaseEdge id={props.id} path={path} interactionWidth={20} />
      {problem !== undefined && (
        <EdgeLabelRenderer>
          <div
            className="edge-problem nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={problem}
          >
            !
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const CheckedEdge = memo(CheckedEdgeView);
