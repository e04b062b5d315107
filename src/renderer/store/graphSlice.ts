import {
  layerIn,
  type AnyLayer,
  type BlockDef,
  type Graph,
  type GraphEdge,
  type GraphMeta,
  type GraphNode,
  type Params,
} from '../../graph/index.js';
import { defaultNodeSize, flowGap, type Position } from '../layout/geometry.js';
import { makeRoom } from '../layout/makeRoom.js';
import { regionOf, stagesOf } from '../layout/stages.js';
import { selectAnalysis } from './analysis.js';
import { blockReplacedByLayers } from './expandBlocks.js';
import { cutFragment, mergeBlocks, renameFragment, type Fragment } from './fragment.js';
import { blockNameProblem, groupIntoBlock } from './groupBlock.js';
import { edgeId, freshNodeId } from './ids.js';
import type { EditorState, SliceCreator } from './types.js';

/** The network being edited; `nodes`, `edges` and `blocks` are recorded for undo. */
export interface GraphSlice {
  nodes: GraphNode[];
  edges: GraphEdge[];
  meta: GraphMeta;
  /** The user's blocks, by name (the kind of the nodes that use them). */
  blocks: Record<string, BlockDef>;
  /** Stages shown as one box each (see Graph.collapsed); recorded for undo, saved in the file. */
  collapsed: string[];
  addNode(kind: string, position: Position): string;
  /**
   * Adds a layer right after `after`, feeding everything `after` fed, below it in its column;
   * what follows there moves down. One undo step; the new layer is selected.
   */
  insertAfter(kind: string, after: string): string;
  /** Puts a new layer into an edge (source → new → target), right after the source. */
  insertOnEdge(kind: string, edgeId: string): string | null;
  /** Adds a layer at `position` fed by `end` (from its output) or feeding it (its input). */
  addConnected(kind: string, end: ConnectionEnd, position: Position): string;
  /** Feeds `source` into `target`; a one-input layer's old input is replaced. */
  connect(source: string, target: string): void;
  remove(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  setParams(id: string, params: Params): void;
  setPositions(positions: ReadonlyMap<string, Position>): void;
  /** Adds a fragment under fresh ids, selects it and returns the new ids. */
  insert(fragment: Fragment, offset: Position): string[];
  /** Replaces the whole graph (file, template); one undo step. */
  replaceGraph(graph: Graph): void;
  /** Groups the selected layers into a new block `name`; says why when they cannot be. */
  groupSelection(name: string): { ok: true } | { ok: false; reason: string };
  /** Forgets a block that no layer uses. */
  removeBlock(name: string): void;
  /** Renames a block and every layer of it; says why when the name cannot be used. */
  renameBlock(from: string, to: string): { ok: true } | { ok: false; reason: string };
  /** Shows a stage as one box, or its layers again; what follows in its column moves. */
  setStageCollapsed(stage: string, collapsed: boolean): void;
  /** Shows every stage collapsed, or none. */
  setAllStagesCollapsed(collapsed: boolean): void;
  /**
   * Replaces a block node by its layers, laid out where it was; what follows moves to make room.
   * One undo step; trained weights keep their names.
   */
  replaceWithLayers(id: string): Promise<void>;
}

/** Where a connection drawn into empty space started: a node's output or its input. */
export interface ConnectionEnd {
  nodeId: string;
  handle: 'source' | 'target';
}

/** The layer a kind names in the open graph: built in, or one of its blocks. */
export function layerFor(state: Pick<GraphSlice, 'blocks'>, kind: string): AnyLayer {
  const layer = layerIn(state, kind);
  if (!layer) throw new Error(`unknown layer kind "${kind}"`);
  return layer;
}

export const emptyGraph = (): Graph => ({
  nodes: [],
  edges: [],
  meta: { name: 'Untitled' },
});

export function canConnect(
  state: Pick<EditorState, 'nodes' | 'edges' | 'blocks'>,
  source: string,
  target: string,
): boolean {
  if (source === target) return false;
  const targetNode = state.nodes.find((n) => n.id === target);
  if (!targetNode || layerFor(state, targetNode.kind).arity === 'none') return false;
  return !state.edges.some((e) => e.source === source && e.target === target);
}

/** The edges with `source` feeding `target`: a one-input layer's old input is replaced. */
function withEdge(
  state: Pick<EditorState, 'nodes' | 'edges' | 'blocks'>,
  source: string,
  target: string,
): GraphEdge[] {
  if (!canConnect(state, source, target)) return state.edges;
  const targetKind = state.nodes.find((n) => n.id === target)!.kind;
  const into = state.edges.filter((e) => e.target === target);
  const replacing = layerFor(state, targetKind).arity === 'one';
  const kept = replacing ? state.edges.filter((e) => e.target !== target) : state.edges;
  const targetPort = replacing ? 0 : Math.max(-1, ...into.map((e) => e.targetPort)) + 1;
  return [...kept, { id: edgeId(source, target), source, target, targetPort }];
}

/** A new layer of `kind` under a fresh id, with its default hyperparameters. */
function newNode(state: EditorState, kind: string, position: Position): GraphNode {
  const id = freshNodeId(kind, new Set(state.nodes.map((n) => n.id)));
  return { id, kind, params: structuredClone(layerFor(state, kind).defaults), position };
}

/**
 * The nodes with `added` placed right after `after` along the flow, centred on it, and what
 * followed `after` in its column moved on to make room.
 */
function placedAfter(state: EditorState, after: GraphNode, added: GraphNode): GraphNode[] {
  const { direction, measured } = state;
  const size = measured[after.id] ?? defaultNodeSize;
  const at = { ...after.position, ...size };
  const room = (direction === 'DOWN' ? defaultNodeSize.height : defaultNodeSize.width) + flowGap;
  const moved = makeRoom(state.nodes, at, room, {
    direction,
    collapsed: new Set(state.collapsed),
    sizes: measured,
  });
  const position =
    direction === 'DOWN'
      ? { x: at.x + (size.width - defaultNodeSize.width) / 2, y: at.y + size.height + flowGap }
      : { x: at.x + size.width + flowGap, y: at.y + (size.height - defaultNodeSize.height) / 2 };
  return [...moved, { ...added, position }];
}

/** The open graph; files of graphs without blocks keep their shape. */
export const graphOf = (state: EditorState): Graph => ({
  nodes: state.nodes,
  edges: state.edges,
  meta: state.meta,
  ...(Object.keys(state.blocks).length > 0 ? { blocks: state.blocks } : {}),
  ...(shownCollapsed(state).length > 0 ? { collapsed: shownCollapsed(state) } : {}),
});

/** The collapsed stages that still exist (a stage whose layers were deleted is forgotten). */
function shownCollapsed(state: Pick<EditorState, 'nodes' | 'collapsed'>): string[] {
  if (state.collapsed.length === 0) return state.collapsed;
  const stages = stagesOf(state.nodes);
  return state.collapsed.filter((s) => stages.has(s));
}

/**
 * The nodes and collapsed stages once `stage` is shown as one box (or opened again): what follows
 * it in its column moves by the difference between its layers' extent and the box's.
 */
function withStageCollapsed(
  state: EditorState,
  stage: string,
  collapse: boolean,
): Pick<EditorState, 'nodes' | 'collapsed'> {
  const members = stagesOf(state.nodes).get(stage);
  if (!members || state.collapsed.includes(stage) === collapse) {
    return { nodes: state.nodes, collapsed: state.collapsed };
  }
  const { direction, measured } = state;
  const region = regionOf(state.nodes, new Set(members), measured)!;
  const axis = direction === 'DOWN' ? 'height' : 'width';
  const room = region[axis] - defaultNodeSize[axis];
  const others = new Set(state.collapsed.filter((s) => s !== stage));
  const nodes = makeRoom(state.nodes, region, collapse ? -room : room, {
    direction,
    collapsed: others,
    sizes: measured,
    keep: new Set(members),
  });
  return { nodes, collapsed: collapse ? [...others, stage] : [...others] };
}

export const createGraphSlice: SliceCreator<GraphSlice> = (set, get) => ({
  ...emptyGraph(),
  blocks: {},
  collapsed: [],

  addNode(kind, position) {
    const state = get();
    const node = newNode(state, kind, position);
    set({ nodes: [...state.nodes, node], selectedNodes: [node.id], selectedEdges: [] });
    return node.id;
  },

  insertAfter(kind, afterId) {
    const state = get();
    const after = state.nodes.find((n) => n.id === afterId);
    if (!after || layerFor(state, kind).arity === 'none') {
      return state.addNode(kind, after?.position ?? { x: 0, y: 0 });
    }
    const node = newNode(state, kind, after.position);
    const fed = state.edges.filter((e) => e.source === afterId);
    const edges: GraphEdge[] = [
      ...state.edges.filter((e) => e.source !== afterId),
      { id: edgeId(afterId, node.id), source: afterId, target: node.id, targetPort: 0 },
      ...fed.map((e) => ({ ...e, id: edgeId(node.id, e.target), source: node.id })),
    ];
    set({
      nodes: placedAfter(state, after, node),
      edges,
      selectedNodes: [node.id],
      selectedEdges: [],
    });
    return node.id;
  },

  insertOnEdge(kind, id) {
    const state = get();
    const edge = state.edges.find((e) => e.id === id);
    const source = edge && state.nodes.find((n) => n.id === edge.source);
    if (!edge || !source || layerFor(state, kind).arity === 'none') return null;
    const node = newNode(state, kind, source.position);
    const edges: GraphEdge[] = [
      ...state.edges.filter((e) => e.id !== id),
      { id: edgeId(edge.source, node.id), source: edge.source, target: node.id, targetPort: 0 },
      { ...edge, id: edgeId(node.id, edge.target), source: node.id },
    ];
    set({
      nodes: placedAfter(state, source, node),
      edges,
      selectedNodes: [node.id],
      selectedEdges: [],
    });
    return node.id;
  },

  addConnected(kind, end, position) {
    const state = get();
    const node = newNode(state, kind, position);
    const nodes = [...state.nodes, node];
    const [source, target] =
      end.handle === 'source' ? [end.nodeId, node.id] : [node.id, end.nodeId];
    set({
      nodes,
      edges: withEdge({ ...state, nodes }, source, target),
      selectedNodes: [node.id],
      selectedEdges: [],
    });
    return node.id;
  },

  connect(source, target) {
    const state = get();
    const edges = withEdge(state, source, target);
    if (edges !== state.edges) set({ edges });
  },

  remove(nodeIds, edgeIds) {
    if (nodeIds.length === 0 && edgeIds.length === 0) return;
    const gone = new Set(nodeIds);
    const goneEdges = new Set(edgeIds);
    const { nodes, edges, selectedNodes, selectedEdges } = get();
    set({
      nodes: nodes.filter((n) => !gone.has(n.id)),
      edges: edges.filter(
        (e) => !goneEdges.has(e.id) && !gone.has(e.source) && !gone.has(e.target),
      ),
      selectedNodes: selectedNodes.filter((id) => !gone.has(id)),
      selectedEdges: selectedEdges.filter((id) => !goneEdges.has(id)),
    });
  },

  setParams(id, params) {
    set({ nodes: get().nodes.map((n) => (n.id === id ? { ...n, params } : n)) });
  },

  setPositions(positions) {
    if (positions.size === 0) return;
    set({
      nodes: get().nodes.map((n) => {
        const p = positions.get(n.id);
        return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: p } : n;
      }),
    });
  },

  insert(fragment, offset) {
    const { nodes, edges } = get();
    const merged = mergeBlocks(get().blocks, fragment);
    const added = renameFragment(merged.fragment, new Set(nodes.map((n) => n.id)), offset);
    const ids = added.nodes.map((n) => n.id);
    set({
      nodes: [...nodes, ...added.nodes],
      edges: [...edges, ...added.edges],
      blocks: merged.blocks,
      selectedNodes: ids,
      selectedEdges: added.edges.map((e) => e.id),
    });
    return ids;
  },

  replaceGraph(graph) {
    set({
      nodes: graph.nodes,
      edges: graph.edges,
      meta: graph.meta,
      blocks: graph.blocks ?? {},
      collapsed: graph.collapsed ?? [],
      selectedNodes: [],
      selectedEdges: [],
      measured: {},
      dragging: {},
    });
  },

  groupSelection(name) {
    const state = get();
    const nodeId = freshNodeId(name, new Set(state.nodes.map((n) => n.id)));
    const ids = new Set(state.selectedNodes);
    const result = groupIntoBlock(graphOf(state), selectAnalysis(state), ids, name, nodeId);
    if (!result.ok) return result;
    set({
      nodes: result.graph.nodes,
      edges: result.graph.edges,
      blocks: result.graph.blocks ?? {},
      selectedNodes: [nodeId],
      selectedEdges: [],
    });
    return { ok: true };
  },

  renameBlock(from, to) {
    const state = get();
    if (from === to || !Object.hasOwn(state.blocks, from)) return { ok: true };
    const reason = blockNameProblem(graphOf(state), to);
    if (reason) return { ok: false, reason };
    // Same order of definitions, so the file changes only where the name does.
    const blocks = Object.fromEntries(
      Object.entries(state.blocks).map(([name, def]) => [name === from ? to : name, def]),
    );
    const nodes = state.nodes.map((n) => (n.kind === from ? { ...n, kind: to } : n));
    set({ blocks, nodes });
    return { ok: true };
  },

  setStageCollapsed(stage, collapse) {
    const state = get();
    const next = withStageCollapsed(state, stage, collapse);
    const hidden = new Set(collapse ? (stagesOf(state.nodes).get(stage) ?? []) : []);
    set({ ...next, selectedNodes: state.selectedNodes.filter((id) => !hidden.has(id)) });
  },

  setAllStagesCollapsed(collapse) {
    const state = get();
    let view = { nodes: state.nodes, collapsed: state.collapsed };
    for (const stage of stagesOf(state.nodes).keys()) {
      view = withStageCollapsed({ ...state, ...view }, stage, collapse);
    }
    set({ ...view, selectedNodes: collapse ? [] : state.selectedNodes });
  },

  async replaceWithLayers(id) {
    // The layout is asynchronous; an edit made meanwhile is kept and the work done again.
    for (let tries = 0; tries < 3; tries++) {
      const state = get();
      const next = await blockReplacedByLayers(graphOf(state), selectAnalysis(state), id, {
        direction: state.direction,
        sizes: state.measured,
        collapsed: new Set(state.collapsed),
      });
      const now = get();
      if (now.nodes !== state.nodes || now.edges !== state.edges) continue;
      set({ nodes: next.nodes, edges: next.edges, selectedNodes: [], selectedEdges: [] });
      return;
    }
  },

  removeBlock(name) {
    const { blocks, nodes } = get();
    if (!Object.hasOwn(blocks, name) || nodes.some((n) => n.kind === name)) return;
    const { [name]: _, ...rest } = blocks;
    set({ blocks: rest });
  },
});

export const copySelection = (state: EditorState): Fragment =>
  cutFragment(state.nodes, state.edges, new Set(state.selectedNodes), state.blocks);
