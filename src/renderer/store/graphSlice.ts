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
import { selectAnalysis } from './analysis.js';
import { cutFragment, mergeBlocks, renameFragment, type Fragment } from './fragment.js';
import { blockNameProblem, groupIntoBlock } from './groupBlock.js';
import { edgeId, freshNodeId } from './ids.js';
import type { EditorState, SliceCreator } from './types.js';

type Position = { x: number; y: number };

/** The network being edited; `nodes`, `edges` and `blocks` are recorded for undo. */
export interface GraphSlice {
  nodes: GraphNode[];
  edges: GraphEdge[];
  meta: GraphMeta;
  /** The user's blocks, by name (the kind of the nodes that use them). */
  blocks: Record<string, BlockDef>;
  addNode(kind: string, position: Position): string;
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

export function canConnect(state: EditorState, source: string, target: string): boolean {
  if (source === target) return false;
  const targetNode = state.nodes.find((n) => n.id === target);
  if (!targetNode || layerFor(state, targetNode.kind).arity === 'none') return false;
  return !state.edges.some((e) => e.source === source && e.target === target);
}

/** The open graph; files of graphs without blocks keep their shape. */
export const graphOf = (state: EditorState): Graph => ({
  nodes: state.nodes,
  edges: state.edges,
  meta: state.meta,
  ...(Object.keys(state.blocks).length > 0 ? { blocks: state.blocks } : {}),
});

export const createGraphSlice: SliceCreator<GraphSlice> = (set, get) => ({
  ...emptyGraph(),
  blocks: {},

  addNode(kind, position) {
    const state = get();
    const id = freshNodeId(kind, new Set(state.nodes.map((n) => n.id)));
    const params = structuredClone(layerFor(state, kind).defaults);
    const node: GraphNode = { id, kind, params, position };
    set({ nodes: [...state.nodes, node], selectedNodes: [id], selectedEdges: [] });
    return id;
  },

  connect(source, target) {
    const state = get();
    if (!canConnect(state, source, target)) return;
    const targetKind = state.nodes.find((n) => n.id === target)!.kind;
    const into = state.edges.filter((e) => e.target === target);
    const replacing = layerFor(state, targetKind).arity === 'one';
    const kept = replacing ? state.edges.filter((e) => e.target !== target) : state.edges;
    const targetPort = replacing ? 0 : Math.max(-1, ...into.map((e) => e.targetPort)) + 1;
    set({ edges: [...kept, { id: edgeId(source, target), source, target, targetPort }] });
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

  removeBlock(name) {
    const { blocks, nodes } = get();
    if (!Object.hasOwn(blocks, name) || nodes.some((n) => n.kind === name)) return;
    const { [name]: _, ...rest } = blocks;
    set({ blocks: rest });
  },
});

export const copySelection = (state: EditorState): Fragment =>
  cutFragment(state.nodes, state.edges, new Set(state.selectedNodes), state.blocks);
