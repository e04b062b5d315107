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
import { categoryClass, compactCount, shapeText } from '../format.js';
import { autoLayout } from '../layout/autoLayout.js';
import { selectAnalysis } from '../store/analysis.js';
import { expandBlocks } from '../store/expandBlocks.js';
import { graphOf } from '../store/graphSlice.js';
import { editorStore, useEditor } from '../store/store.js';
import { Dialog } from './Dialog.js';

type OpNode = Node<{ op: Op | null }, 'op'>;

function OpNodeView({ data }: NodeProps<OpNode>) {
  const { op } = data;
  if (!op) return <div className="layer-node block-input">input</div>;
  const layer = layerOf(op.kind);
  return (
    <div className={`layer-node ${categoryClass(layer.category)}`}>
      <Handle type="target" position={Position.Top} />
      <div className="layer-node-head">
        <span className="layer-node-kind">{layer.label}</span>
        <span className="layer-node-id">{op.name.split('.').at(-1)}</span>
      </div>
      <div className="layer-node-summary">{layer.summary(op.params)}</div>
      <div className="layer-node-foot">
        <span className="layer-node-shape">{shapeText(op.shape)}</span>
        <span className="layer-node-params">
          {op.paramCount > 0 ? `${compactCount(op.paramCount)} params` : ''}
        </span>
      </div>
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}

const opNodeTypes = { op: memo(OpNodeView) };

/** The ops inside one block, as React Flow nodes laid out top to bottom. */
async function innerGraph(ops: Op[]): Promise<{ nodes: OpNode[]; edges: Edge[] }> {
  const names = new Set(ops.map((o) => o.name));
  const outside = '(input)';
  const ids = [outside, ...ops.map((o) => o.name)];
  const edges = ops.flatMap((o) =>
    o.inputs.map((i) => {
      const source = names.has(i) ? i : outside;
      return { id: `${source}->${o.name}`, source, target: o.name };
    }),
  );
  const positions = await autoLayout(
    ids.map((id) => ({ id, kind: '', params: {}, position: { x: 0, y: 0 } })),
    edges.map((e) => ({ ...e, targetPort: 0 })),
    'DOWN',
  );
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
    const s = editorStore.getState();
    s.replaceGraph(expandBlocks(graphOf(s), selectAnalysis(s), new Set([id])));
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
            <button className="button" onClick={replace}>
              Replace with its layers (editable)
            </button>
            <button className="button primary" onClick={close}>
              Close
            </button>
          </footer>
        </>
      )}
    </Dialog>
  );
}
