import {
  Background,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useUpdateNodeInternals,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import { layerIn } from '../../graph/index.js';
import { regionOf, stageBoxPosition, stageOf } from '../layout/stages.js';
import { problemsByNode, selectAnalysis } from '../store/analysis.js';
import { canConnect } from '../store/graphSlice.js';
import { editorStore, useEditor } from '../store/store.js';
import { selectUnfitNodes } from '../training/weightsFit.js';
import { edgeTypes, nodeTypes } from './elementTypes.js';
import {
  createFlowEdgeMapper,
  createFlowNodeMapper,
  hiddenLayers,
  largeGraph,
  type CanvasFlowNode,
  type LayerFlowEdge,
} from './flowElements.js';
import { useMinimapCoversNodes } from './minimap.js';
import { QuickAdd } from './QuickAdd.js';
import { useRefitOnResize } from './viewport.js';
import { useOverview } from './zoom.js';

export const paletteMime = 'application/x-cnn-studio-kind';

/** The layers a flow node stands for: itself, or every layer of a collapsed stage. */
function layersOf(id: string): string[] {
  if (!id.startsWith('stage:')) return [id];
  const stage = id.slice('stage:'.length);
  return editorStore
    .getState()
    .nodes.filter((n) => stageOf(n.id) === stage)
    .map((n) => n.id);
}

/** Applies React Flow's node changes: selection and sizes to the UI, finished moves to the graph. */
function applyNodeChanges(changes: NodeChange<CanvasFlowNode>[]) {
  const s = editorStore.getState();
  const dragging = { ...s.dragging };
  const finished = new Map<string, { x: number; y: number }>();
  let measured = s.measured;
  let selected: Set<string> | null = null;
  const byId = new Map(s.nodes.map((n) => [n.id, n]));
  for (const c of changes) {
    if (c.type === 'position') {
      // A collapsed stage's box moves all its layers with it.
      const ids = layersOf(c.id);
      const lead = c.id.startsWith('stage:') ? stageDragOrigin(ids) : null;
      for (const id of ids) {
        const node = byId.get(id);
        if (!node) continue;
        const at = c.position && lead ? shifted(node.position, lead, c.position) : c.position;
        const position = at ?? dragging[id];
        if (c.dragging && at) dragging[id] = at;
        else if (position) {
          finished.set(id, position);
          delete dragging[id];
        }
      }
    } else if (c.type === 'dimensions' && c.dimensions) {
      measured = { ...measured, [c.id]: c.dimensions };
    } else if (c.type === 'select') {
      selected ??= new Set(s.selectedNodes);
      for (const id of layersOf(c.id)) {
        if (c.selected) selected.add(id);
        else selected.delete(id);
      }
    }
  }
  if (finished.size > 0) s.setPositions(finished);
  s.setUi({ dragging, measured });
  if (selected) s.select([...selected], s.selectedEdges);
}

/** Where a stage's box is while its layers are where they were: they move by what it moves. */
function stageDragOrigin(ids: string[]) {
  const { nodes, measured, direction } = editorStore.getState();
  return stageBoxPosition(regionOf(nodes, new Set(ids), measured)!, direction);
}

const shifted = (
  p: { x: number; y: number },
  from: { x: number; y: number },
  to: { x: number; y: number },
) => ({ x: p.x + to.x - from.x, y: p.y + to.y - from.y });

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
const onDelete = ({ nodes, edges }: { nodes: CanvasFlowNode[]; edges: LayerFlowEdge[] }) =>
  editorStore.getState().remove(
    nodes.flatMap((n) => layersOf(n.id)),
    edges.map((e) => e.id),
  );

/** A collapsed stage opens; a block shows its layers, as its ⤢ button does. */
function onNodeDoubleClick(_: unknown, n: CanvasFlowNode) {
  const s = editorStore.getState();
  if (n.type === 'stage') s.setStageCollapsed(n.data.stage, false);
  if (n.type === 'layer' && layerIn(s, n.data.node.kind)?.composite) {
    s.setUi({ expandedBlock: n.id });
  }
}

/** The edge under a screen point, by its (wide, invisible) hit path. */
function edgeAt(x: number, y: number): string | null {
  for (const el of document.elementsFromPoint(x, y)) {
    const edge = el.closest<SVGGElement>('.react-flow__edge');
    const id = edge?.dataset.id;
    if (id && editorStore.getState().edges.some((e) => e.id === id)) return id;
  }
  return null;
}

export function Canvas() {
  const { screenToFlowPosition } = useReactFlow();
  const graphNodes = useEditor((s) => s.nodes);
  const graphEdges = useEditor((s) => s.edges);
  const selectedNodes = useEditor((s) => s.selectedNodes);
  const selectedEdges = useEditor((s) => s.selectedEdges);
  const measured = useEditor((s) => s.measured);
  const dragging = useEditor((s) => s.dragging);
  const collapsed = useEditor((s) => s.collapsed);
  const direction = useEditor((s) => s.direction);
  const analysis = useEditor(selectAnalysis);
  const blocks = useEditor((s) => s.blocks);
  const unfit = useEditor(selectUnfitNodes);
  const theme = useEditor((s) => s.theme);
  const minimap = useEditor((s) => s.panels.minimap);
  const setUi = useEditor((s) => s.setUi);
  const overview = useOverview();
  useRefitOnResize();
  const [dropEdge, setDropEdge] = useState<string | null>(null);
  // Handles move (bottom and top, or right and left) with the direction; React Flow measures
  // where they are only when told to.
  const updateNodeInternals = useUpdateNodeInternals();
  useEffect(() => {
    updateNodeInternals(editorStore.getState().nodes.map((n) => n.id));
  }, [direction, updateNodeInternals]);

  const collapsedSet = useMemo(() => new Set(collapsed), [collapsed]);
  const mapNodes = useMemo(() => createFlowNodeMapper(), []);
  const nodes = useMemo(
    () =>
      mapNodes({
        nodes: graphNodes,
        blocks,
        analysis,
        problems: problemsByNode(analysis),
        unfit,
        selected: new Set(selectedNodes),
        measured,
        dragging,
        collapsed: collapsedSet,
        direction,
      }),
    [
      mapNodes,
      graphNodes,
      blocks,
      analysis,
      unfit,
      selectedNodes,
      measured,
      dragging,
      collapsedSet,
      direction,
    ],
  );
  const hidden = useMemo(() => hiddenLayers(graphNodes, collapsedSet), [graphNodes, collapsedSet]);
  const mapEdges = useMemo(() => createFlowEdgeMapper(), []);
  const edges = useMemo(() => {
    const list = mapEdges(graphEdges, new Set(selectedEdges), analysis, hidden);
    return dropEdge === null
      ? list
      : list.map((e) => (e.id === dropEdge ? { ...e, className: 'drop-target' } : e));
  }, [mapEdges, graphEdges, selectedEdges, analysis, hidden, dropEdge]);
  const minimapCovers = useMinimapCoversNodes(nodes);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(paletteMime)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDropEdge(edgeAt(event.clientX, event.clientY));
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      setDropEdge(null);
      const kind = event.dataTransfer.getData(paletteMime);
      if (!kind) return;
      event.preventDefault();
      const s = editorStore.getState();
      // Dropped onto an edge: the layer goes into it.
      const edge = edgeAt(event.clientX, event.clientY);
      if (edge && s.insertOnEdge(kind, edge)) return;
      const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      // The drop point is where the node's top-left corner was under the pointer in the palette.
      s.addNode(kind, { x: at.x - 20, y: at.y - 12 });
    },
    [screenToFlowPosition],
  );

  // A connection dragged from a handle into empty space: choose the layer to put there.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || state.toNode || !state.fromHandle || !state.fromNode) return;
      if (state.fromNode.id.startsWith('frame:')) return;
      const point = 'changedTouches' in event ? event.changedTouches[0]! : event;
      const from = { nodeId: state.fromNode.id, handle: state.fromHandle.type };
      if (from.nodeId.startsWith('stage:')) return;
      setUi({
        quickAdd: {
          screen: { x: point.clientX, y: point.clientY },
          flow: screenToFlowPosition({ x: point.clientX, y: point.clientY }),
          from,
        },
      });
    },
    [screenToFlowPosition, setUi],
  );

  const showMinimap = minimap && !minimapCovers;
  return (
    <div
      className={`canvas${overview ? ' overview' : ''}`}
      onDragOver={onDragOver}
      onDragLeave={() => setDropEdge(null)}
      onDrop={onDrop}
      data-testid="canvas"
    >
      <ReactFlow<CanvasFlowNode, LayerFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={applyNodeChanges}
        onEdgesChange={applyEdgeChanges}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onNodeDoubleClick={onNodeDoubleClick}
        isValidConnection={isValidConnection}
        onDelete={onDelete}
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        // Dropping a connection near a handle counts; handles are hard to hit exactly.
        connectionRadius={36}
        colorMode={theme}
        minZoom={0.05}
        maxZoom={2}
        // Big graphs keep only on-screen nodes in the DOM, so edits and drags stay smooth.
        onlyRenderVisibleElements={graphNodes.length > largeGraph}
        proOptions={{ hideAttribution: true }}
      >
        {/* Zoomed out the dot grid is dense and costly to repaint on every edit; it is left out. */}
        {!overview && <Background gap={20} />}
        <Controls showInteractive={false}>
          <ControlButton
            onClick={() => editorStore.getState().setPanels({ minimap: !minimap })}
            title={minimap ? 'Hide the minimap' : 'Show the minimap'}
            aria-label="Toggle minimap"
            aria-pressed={minimap}
            data-testid="toggle-minimap"
          >
            ▦
          </ControlButton>
        </Controls>
        {showMinimap && <MiniMap pannable zoomable nodeStrokeWidth={3} />}
      </ReactFlow>
      {graphNodes.length === 0 && (
        <div className="canvas-hint">
          Drag layers here from the palette, or pick a network from <strong>Templates</strong>.
        </div>
      )}
      <QuickAdd />
    </div>
  );
}
