import {
  Background,
  Handle,
  Position,
  ReactFlow,
  ReactFlowProvider,
  type Edge,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import { memo, useEffect, useState } from 'react';
import { layerOf, type Op } from '../../graph/index.js';
import { CheckedEdge } from '../canvas/CheckedEdge.js';
import { NodeFace } from '../canvas/NodeFace.js';
import { categoryClass, shapeText } from '../format.js';
import { autoLayout, layoutStage } from '../layout/autoLayout.js';
import { boundsOf, boxOf, defaultNodeSize } from '../layout/geometry.js';
import { selectAnalysis } from '../store/analysis.js';
import { editorStore, useEditor } from '../store/store.js';
import { Dialog } from './Dialog.js';

type OpNode = Node<{ op: Op | null }, 'op'>;

/** The small box that stands for what flows into the block. */
const inputSize = { width: 80, height: 28 };
/** About the size of the dialog's canvas on a laptop. */
const blockArea = { width: 860, height: 600 };

/** A layer inside the block, or (op null) the block's input, which feeds its first layers. */
function OpNodeView({ data }: NodeProps<OpNode>) {
  const { op } = data;
  if (!op) {
    return (
      <div className="layer-node block-input" data-testid="block-input">
        input
        <Handle type="source" position={Position.Bottom} isConnectable={false} />
      </div>
    );
  }
  const layer = layerOf(op.kind);
  return (
    <NodeFace
      label={layer.label}
      name={op.name.split('.').at(-1)!}
      summary={layer.summary(op.params)}
      shape={shapeText(op.shape)}
      paramCount={op.paramCount}
      className={categoryClass(layer.category)}
      testId={`op-${op.name.split('.').at(-1)}`}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </NodeFace>
  );
}

const opNodeTypes = { op: memo(OpNodeView) };
const opEdgeTypes = { checked: CheckedEdge };

/**
 * The ops inside one block, as React Flow nodes laid out top to bottom, with every edge: from the
 * block's input to each layer it feeds (a Residual's shortcut, each Inception branch, each dense
 * concatenation) and between the layers.
 */
export async function innerGraph(ops: Op[]): Promise<{ nodes: OpNode[]; edges: Edge[] }> {
  const names = new Set(ops.map((o) => o.name));
  const outside = '(input)';
  const ids = [outside, ...ops.map((o) => o.name)];
  const edges = ops.flatMap((o) =>
    o.inputs.map((i) => {
      const source = names.has(i) ? i : outside;
      return { id: `${source}->${o.name}`, source, target: o.name, type: 'checked' };
    }),
  );
  const nodes = ids.map((id) => ({ id, kind: '', params: {}, position: { x: 0, y: 0 } }));
  const links = edges.map((e) => ({ ...e, targetPort: 0 }));
  const sizes = { [outside]: inputSize };
  // One column: a block is read top to bottom, its branches side by side. One too long to read
  // so (a dense block) wraps into columns as the canvas does.
  const column = await layoutStage(nodes, links, 'DOWN', sizes);
  const bounds = boundsOf(
    ids.map((id) => boxOf(column.get(id)!, id === outside ? inputSize : defaultNodeSize)),
  )!;
  const readable =
    Math.min(blockArea.width / bounds.width, blockArea.height / bounds.height) >= 0.45;
  const positions = readable ? column : await autoLayout(nodes, links, { fit: blockArea, sizes });
  const byName = new Map(ops.map((o) => [o.name, o]));
  return {
    nodes: ids.map((id) => ({
      id,
      type: 'op',
      position: positions.get(id)!,
      data: { op: byName.get(id) ?? null },
    })),
    edges,
  };
}

/** Read-only view of a composite's layers, with a way to replace it by an editable copy. */
export function BlockView({ id }: { id: string }) {
  const info = useEditor((s) => selectAnalysis(s).nodes.get(id));
  const kind = useEditor((s) => s.nodes.find((n) => n.id === id)?.kind);
  const setUi = useEditor((s) => s.setUi);
  const theme = useEditor((s) => s.theme);
  const [flow, setFlow] = useState<{ nodes: OpNode[]; edges: Edge[] } | null>(null);
  useEffect(() => {
    if (info) void innerGraph(info.ops).then(setFlow);
  }, [info]);
  const close = () => setUi({ expandedBlock: null });

  const replace = () => {
    void editorStore.getState().replaceWithLayers(id);
    close();
  };

  return (
    <Dialog title={`${kind ?? 'Block'} ${id}`} onClose={close} wide testId="block-view">
      {!info ? (
        <p>This block’s shapes cannot be worked out yet; fix the problems shown on it first.</p>
      ) : (
        <>
          <div className="block-canvas">
            {flow && (
              <ReactFlowProvider>
                <ReactFlow
                  nodes={flow.nodes}
                  edges={flow.edges}
                  nodeTypes={opNodeTypes}
                  edgeTypes={opEdgeTypes}
                  nodesDraggable={false}
                  nodesConnectable={false}
                  elementsSelectable={false}
                  colorMode={theme}
                  fitView
                  fitViewOptions={{ padding: 0.1 }}
                  // The default minimum (0.5) cannot fit a tall block into the dialog.
                  minZoom={0.1}
                  proOptions={{ hideAttribution: true }}
                >
                  <Background gap={20} />
                </ReactFlow>
              </ReactFlowProvider>
            )}
          </div>
          <footer className="dialog-actions">
            <button className="button" onClick={replace} data-testid="replace-with-layers">
              Replace with its layers (editable)
            </button>
            <button className="button primary" onClick={close} data-primary>
              Close
            </button>
          </footer>
        </>
      )}
    </Dialog>
  );
}
