import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { LayerFlowEdge } from './flowElements.js';

/** An edge that shows a red marker with the problem's message when analyze() rejects it. */
function CheckedEdgeView(props: EdgeProps<LayerFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath(props);
  const problem = props.data?.problem;
  return (
    <>
      <BaseEdge id={props.id} path={path} interactionWidth={16} />
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
