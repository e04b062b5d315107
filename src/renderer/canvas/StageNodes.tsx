import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Analysis, GraphEdge } from '../../graph/index.js';
import { shapeText } from '../format.js';
import { selectAnalysis } from '../store/analysis.js';
import { editorStore, useEditor } from '../store/store.js';
import type { FrameFlowNode, StageFlowNode } from './flowElements.js';
import { NodeFace } from './NodeFace.js';
import { useOverview } from './zoom.js';

/**
 * What a stage hands on: the output of its layer that feeds a layer outside it (or, with none,
 * its last layer in execution order), and its parameters.
 */
export function stageOutput(
  analysis: Analysis,
  edges: readonly GraphEdge[],
  members: readonly string[],
): { shape: string; paramCount: number } {
  const inside = new Set(members);
  const exit =
    edges.find((e) => inside.has(e.source) && !inside.has(e.target))?.source ??
    analysis.order.filter((id) => inside.has(id)).at(-1);
  const paramCount = members.reduce((n, id) => n + (analysis.nodes.get(id)?.paramCount ?? 0), 0);
  return { shape: shapeText(exit ? analysis.nodes.get(exit)?.shape : undefined), paramCount };
}

/** A collapsed stage: one box with its layer count, output shape and parameters. */
function StageBoxView({ data, selected }: NodeProps<StageFlowNode>) {
  const { stage, members } = data;
  const vertical = useEditor((s) => s.direction === 'DOWN');
  const { shape, paramCount } = useEditor(
    useShallow((s) => stageOutput(selectAnalysis(s), s.edges, members)),
  );
  const problems = useEditor((s) =>
    selectAnalysis(s).problems.some((p) => p.nodeId !== undefined && members.includes(p.nodeId)),
  );
  const output = useEditor((s) => members.includes(selectAnalysis(s).finalId ?? ''));
  const overview = useOverview();
  return (
    <NodeFace
      // Zoomed out, only the label shows: the stage's name says more there than "Stage".
      label={overview ? stage : 'Stage'}
      name={stage}
      summary={`${members.length} layers`}
      shape={shape}
      paramCount={paramCount}
      className={`stage-box${problems ? ' warning' : ''}${selected ? ' selected' : ''}${output ? ' output' : ''}`}
      title={`Stage ${stage}: ${members.join(', ')}. Double-click or ▸ to show its layers.`}
      testId={`stage-${stage}`}
      overview={overview}
      actions={
        <button
          className="icon-button nodrag"
          title={`Show the ${members.length} layers of ${stage}`}
          aria-label={`Expand stage ${stage}`}
          onClick={() => editorStore.getState().setStageCollapsed(stage, false)}
        >
          ▸
        </button>
      }
    >
      {output && (
        <div className="output-tag" data-testid="output-tag">
          output → loss
        </div>
      )}
      <Handle type="target" position={vertical ? Position.Top : Position.Left} />
      <Handle
        type="source"
        position={vertical ? Position.Bottom : Position.Right}
        isConnectable={false}
      />
    </NodeFace>
  );
}

/** The outline behind an open stage's layers: its name, and a button that collapses it. */
function StageFrameView({ data }: NodeProps<FrameFlowNode>) {
  if (!data.title) return <div className="stage-frame" />;
  return (
    <div className="stage-frame" data-testid={`frame-${data.stage}`}>
      <button
        className="stage-frame-title nodrag nopan"
        title={`Collapse ${data.stage} into one box`}
        aria-label={`Collapse stage ${data.stage}`}
        onClick={() => editorStore.getState().setStageCollapsed(data.stage, true)}
      >
        <span className="stage-frame-chevron">▾</span> {data.stage}{' '}
        <span className="stage-frame-count">{data.count} layers</span>
      </button>
    </div>
  );
}

export const StageBox = memo(StageBoxView);
export const StageFrame = memo(StageFrameView);
