import {
  BaseEdge,
  EdgeLabelRenderer,
  getBezierPath,
  getSmoothStepPath,
  Position,
  type EdgeProps,
} from '@xyflow/react';
import { memo } from 'react';
import { defaultNodeSize, flowGap } from '../layout/geometry.js';
import type { LayerFlowEdge } from './flowElements.js';

/** How far a wrapping edge runs clear of the layers (and of a stage frame's title). */
const clearance = 40;
/** How far beside the column a skip connection bows out, from the column's middle. */
const bow = defaultNodeSize.width / 2 + 36;

/**
 * The path of an edge. Down (or along) the flow: a curve. Against it, on to the top of the next
 * column: right angles round the layers. Past layers of its own column (a residual's identity
 * shortcut): bowed out beside them, where it would otherwise hide behind them.
 */
function edgePath(p: EdgeProps<LayerFlowEdge>): [string, number, number] {
  const down = p.sourcePosition === Position.Bottom;
  const along = down ? p.targetY - p.sourceY : p.targetX - p.sourceX;
  const across = down ? p.targetX - p.sourceX : p.targetY - p.sourceY;
  if (along < 0) {
    const [path, x, y] = getSmoothStepPath({ ...p, borderRadius: 12, offset: clearance });
    return [path, x, y];
  }
  const row = (down ? defaultNodeSize.height : defaultNodeSize.width) + flowGap;
  if (along > 1.5 * row && Math.abs(across) < defaultNodeSize.width / 4) {
    const { sourceX: sx, sourceY: sy, targetX: tx, targetY: ty } = p;
    if (down) {
      const x = Math.max(sx, tx) + bow;
      const path = `M ${sx},${sy} C ${sx},${sy + 40} ${x},${sy + 10} ${x},${sy + 60} L ${x},${ty - 60} C ${x},${ty - 10} ${tx},${ty - 40} ${tx},${ty}`;
      return [path, x, (sy + ty) / 2];
    }
    const y = Math.max(sy, ty) + defaultNodeSize.height / 2 + 36;
    const path = `M ${sx},${sy} C ${sx + 40},${sy} ${sx + 10},${y} ${sx + 60},${y} L ${tx - 60},${y} C ${tx - 10},${y} ${tx - 40},${ty} ${tx},${ty}`;
    return [path, (sx + tx) / 2, y];
  }
  const [path, x, y] = getBezierPath(p);
  return [path, x, y];
}

/** An edge that shows a red marker with the problem's message when analyze() rejects it. */
function CheckedEdgeView(props: EdgeProps<LayerFlowEdge>) {
  const [path, labelX, labelY] = edgePath(props);
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
