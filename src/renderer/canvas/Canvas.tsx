import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useMemo, type DragEvent } from 'react';
import { selectAnalysis } from '../store/analysis.js';
import { canConnect } from '../store/graphSlice.js';
import { editorStore, useEditor } from '../store/store.js';
import {
  createFlowEdgeMapper,
  createFlowNodeMapper,
  largeGraph,
  type LayerFlowEdge,
  type LayerFlowNode,
} from './flowElements.js';
import { edgeTypes, nodeTypes } from './elementTypes.js';

export const paletteMime = 'application/x-cnn-studio-kind';

/** Applies React Flow's node changes: selection and sizes to the UI, finished moves to the graph. */
function applyNodeChanges(changes: NodeChange<LayerFlowNode>[]) {
  const s = editorStore.getState();
  const dragging = { ...s.dragging };
  const finished = new Map<string, { x: number; y: number }>();
  let measured = s.measured;
  let selected: Set<string> | null = null;
  for (const c of changes) {
    if (c.type === 'position') {
      const position = c.position ?? dragging[c.id];
      if (c.dragging && c.position) dragging[c.id] = c.position;
      else if (position) {
        finished.set(c.id, position);
        delete dragging[c.id];
      }
    } else if (c.type === 'dimensions' && c.dimensions) {
      measured = { ...measured, [c.id]: c.dimensions };
    } else if (c.type === 'select') {
      selected ??= new Set(s.selectedNodes);
      if (c.selected) selected.add(c.id);
      else selected.delete(c.id);
    }
  }
  if (finished.size > 0) s.setPositions(finished);
  s.setUi({ dragging, measured });
  if (selected) s.select([...selected], s.selectedEdges);
}

function applyEdgeChanges(changes: EdgeChange<LayerFlowEdge>[]) {
  const s = editorStore.getState();
  const selected = new Set(s.selectedEdges);
  let changed = false;
  for (const c of changes) {
    if (c.type !== 'select') continue;
    changed = true;
    if (c.selected) selected.add(c.id);
    else selected.delete(c.id);
  }
  if (changed) s.select(s.selectedNodes, [...selected]);
}

const onConnect = (c: Connection) => editorStore.getState().connect(c.source, c.target);
const isValidConnection = (c: { source: string; target: string }) =>
  canConnect(editorStore.getState(), c.source, c.target);
const onDelete = ({ nodes, edges }: { nodes: LayerFlowNode[]; edges: LayerFlowEdge[] }) =>
  editorStore.getState().remove(
    nodes.map((n) => n.id),
    edges.map((e) => e.id),
  );

const onDragOver = (event: DragEvent) => {
  if (!event.dataTransfer.types.includes(paletteMime)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
};

export function Canvas() {
  const { screenToFlowPosition } = useReactFlow();
  const graphNodes = useEditor((s) => s.nodes);
  const graphEdges = useEditor((s) => s.edges);
  const selectedNodes = useEditor((s) => s.selectedNodes);
  const selectedEdges = useEditor((s) => s.selectedEdges);
  const measured = useEditor((s) => s.measured);
  const dragging = useEditor((s) => s.dragging);
  const analysis = useEditor(selectAnalysis);
  const theme = useEditor((s) => s.theme);

  const mapNodes = useMemo(() => createFlowNodeMapper(), []);
  const nodes = useMemo(
    () => mapNodes(graphNodes, new Set(selectedNodes), measured, dragging),
    [mapNodes, graphNodes, selectedNodes, measured, dragging],
  );
  const mapEdges = useMemo(() => createFlowEdgeMapper(), []);
  const edges = useMemo(
    () => mapEdges(graphEdges, new Set(selectedEdges), analysis),
    [mapEdges, graphEdges, selectedEdges, analysis],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(paletteMime);
      if (!kind) return;
      event.preventDefault();
      const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      // The drop point is where the node's top-left corner was under the pointer in the palette.
      editorStore.getState().addNode(kind, { x: at.x - 20, y: at.y - 12 });
    },
    [screenToFlowPosition],
  );

  return (
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas">
      <ReactFlow<LayerFlowNode, LayerFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={applyNodeChanges}
        onEdgesChange={applyEdgeChanges}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onDelete={onDelete}
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        colorMode={theme}
        minZoom={0.05}
        maxZoom={2}
        // Big graphs keep only on-screen nodes in the DOM, so edits and drags stay smooth.
        onlyRenderVisibleElements={graphNodes.length > largeGraph}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable nodeStrokeWidth={3} />
      </ReactFlow>
      {graphNodes.length === 0 && (
        <div className="canvas-hint">
          Drag layers here from the palette, or pick a network from <strong>Templates</strong>.
        </div>
      )}
    </div>
  );
}
