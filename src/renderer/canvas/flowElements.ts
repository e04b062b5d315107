import type { Edge, Node } from '@xyflow/react';
import {
  layerIn,
  type AnyLayer,
  type Analysis,
  type BlockDef,
  type GraphEdge,
  type GraphNode,
  type Problem,
  type Shape,
} from '../../graph/index.js';
import { categoryClass, shapeText } from '../format.js';
import {
  boundsOf,
  boxOf,
  byColumn,
  defaultNodeSize,
  type Box,
  type LayoutDirection,
  type Position,
  type Size,
} from '../layout/geometry.js';
import { stageBoxId, stageBoxPosition, stageOf, stagesOf } from '../layout/stages.js';

/** Above this many nodes, only the visible ones are rendered. */
export const largeGraph = 60;

/** Room between an open stage's layers and its frame, and the frame's title bar above them. */
export const framePadding = 10;
export const frameTitle = 22;

/** Everything a layer's node shows, worked out once per change for all of them. */
export interface LayerFace {
  label: string;
  /** The category's colour class. */
  category: string;
  description: string;
  composite: boolean;
  /** False for the Input, which takes no connection. */
  takesInput: boolean;
  summary: string;
  shape: string;
  paramCount: number;
  errors: readonly string[];
  warnings: readonly string[];
  /** The network's output, where the loss is taken. */
  output: boolean;
  /** The last checkpoint's weights no longer fit it. */
  unfit: boolean;
}

export type LayerFlowNode = Node<{ node: GraphNode; face: LayerFace }, 'layer'>;
/** A collapsed stage: one box for all its layers. */
export type StageFlowNode = Node<{ stage: string; members: readonly string[] }, 'stage'>;
/** The outline drawn behind an open stage's layers, with its name and a collapse button. */
export type FrameFlowNode = Node<{ stage: string; count: number; title: boolean }, 'frame'>;
export type CanvasFlowNode = LayerFlowNode | StageFlowNode | FrameFlowNode;
export type LayerFlowEdge = Edge<{ problem?: string }, 'checked'>;

export interface CanvasView {
  nodes: readonly GraphNode[];
  blocks: Readonly<Record<string, BlockDef>>;
  analysis: Analysis;
  problems: ReadonlyMap<string, readonly Problem[]>;
  unfit: ReadonlySet<string>;
  selected: ReadonlySet<string>;
  measured: Readonly<Record<string, Size>>;
  dragging: Readonly<Record<string, Position>>;
  collapsed: ReadonlySet<string>;
  direction: LayoutDirection;
}

interface LayerView {
  selected: boolean;
  measured: Size | undefined;
  position: Position;
  faced: Faced;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

const sameFace = (a: LayerFace, b: LayerFace) =>
  a.label === b.label &&
  a.category === b.category &&
  a.description === b.description &&
  a.composite === b.composite &&
  a.takesInput === b.takesInput &&
  a.summary === b.summary &&
  a.shape === b.shape &&
  a.paramCount === b.paramCount &&
  a.output === b.output &&
  a.unfit === b.unfit &&
  sameList(a.errors, b.errors) &&
  sameList(a.warnings, b.warnings);

/** A file may hold params the layer rejects; the face then says so instead of crashing. */
function safeSummary(layer: AnyLayer, params: Record<string, unknown>): string {
  const parsed = layer.schema.safeParse(params);
  return parsed.success ? layer.summary(parsed.data) : 'invalid hyperparameters';
}

/** Summaries by the params object they were made from: only edited layers are summarised again. */
const summaries = new WeakMap<object, { layer: AnyLayer; text: string }>();

/** A layer's face and what it was made from. */
interface Faced {
  node: GraphNode;
  layer: AnyLayer;
  shape: Shape | undefined;
  face: LayerFace;
}

const noProblems: readonly string[] = [];

const sameShape = (a: Shape | undefined, b: Shape | undefined) =>
  a === b ||
  (a !== undefined && b !== undefined && a.length === b.length && a.every((d, i) => d === b[i]));

/** The layer's face; `previous` itself when it shows the same (no new objects, no strings). */
function faceOf(node: GraphNode, view: CanvasView, previous: Faced | undefined): Faced | null {
  // Undefined only for a moment: undoing a grouping drops the block just before its node.
  const layer = layerIn(view, node.kind);
  if (!layer) return null;
  const info = view.analysis.nodes.get(node.id);
  const problems = view.problems.get(node.id);
  const output = view.analysis.finalId === node.id;
  const unfit = view.unfit.has(node.id);
  const paramCount = info?.paramCount ?? 0;
  const old = previous?.face;
  // An edit elsewhere leaves most layers as they were: see so without building their faces.
  if (
    previous &&
    old &&
    previous.node === node &&
    previous.layer === layer &&
    !problems &&
    old.errors.length === 0 &&
    old.warnings.length === 0 &&
    old.output === output &&
    old.unfit === unfit &&
    old.paramCount === paramCount &&
    sameShape(previous.shape, info?.shape)
  ) {
    return previous;
  }
  let summary = summaries.get(node.params);
  if (summary?.layer !== layer) {
    summary = { layer, text: safeSummary(layer, node.params) };
    summaries.set(node.params, summary);
  }
  const face: LayerFace = {
    label: layer.label,
    category: categoryClass(layer.category),
    description: layer.description,
    composite: layer.composite,
    takesInput: layer.arity !== 'none',
    summary: summary.text,
    shape: shapeText(info?.shape),
    paramCount,
    errors: problems?.filter((p) => p.severity === 'error').map((p) => p.message) ?? noProblems,
    warnings: problems?.filter((p) => p.severity === 'warning').map((p) => p.message) ?? noProblems,
    output,
    unfit,
  };
  // The same object while it shows the same, so the node component can skip rendering.
  return { node, layer, shape: info?.shape, face: old && sameFace(old, face) ? old : face };
}

const sameBox = (a: Box, b: Box) =>
  a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/**
 * React Flow nodes for what the canvas shows: each layer, a box for each collapsed stage and a
 * frame behind each open one. An object is reused while nothing it shows changes, so React Flow
 * and the memoised node components skip it.
 */
export function createFlowNodeMapper() {
  let layers = new Map<string, { view: LayerView; flow: LayerFlowNode }>();
  let boxes = new Map<string, StageFlowNode>();
  let frames = new Map<string, FrameFlowNode>();
  let stageCache: { nodes: readonly GraphNode[]; stages: Map<string, string[]> } | null = null;
  let last: CanvasFlowNode[] = [];
  let faceInputs: Pick<CanvasView, 'blocks' | 'analysis' | 'unfit'> | null = null;

  return (view: CanvasView): CanvasFlowNode[] => {
    const { nodes, selected, measured, dragging, collapsed, direction } = view;
    // A drag or a selection changes no face: the faces of unchanged layers are kept as they are.
    const facesHold =
      faceInputs?.analysis === view.analysis &&
      faceInputs.blocks === view.blocks &&
      faceInputs.unfit === view.unfit;
    faceInputs = { analysis: view.analysis, blocks: view.blocks, unfit: view.unfit };
    if (stageCache?.nodes !== nodes) stageCache = { nodes, stages: stagesOf(nodes) };
    const { stages } = stageCache;
    const positionOf = (n: GraphNode) => dragging[n.id] ?? n.position;
    const boxOfNode = (n: GraphNode) => boxOf(positionOf(n), measured[n.id] ?? defaultNodeSize);
    const members = new Map<string, GraphNode[]>();

    const nextLayers = new Map<string, { view: LayerView; flow: LayerFlowNode }>();
    const shown: CanvasFlowNode[] = [];
    for (const node of nodes) {
      const stage = stageOf(node.id);
      if (stages.has(stage)) {
        const list = members.get(stage);
        if (list) list.push(node);
        else members.set(stage, [node]);
      }
      if (collapsed.has(stage) && stages.has(stage)) continue;
      const old = layers.get(node.id);
      const previous = old?.view.faced;
      const faced = facesHold && previous?.node === node ? previous : faceOf(node, view, previous);
      if (!faced) continue;
      const v: LayerView = {
        selected: selected.has(node.id),
        measured: measured[node.id],
        position: positionOf(node),
        faced,
      };
      const same =
        old !== undefined &&
        old.view.faced.node === node &&
        old.view.selected === v.selected &&
        old.view.measured === v.measured &&
        old.view.position === v.position &&
        old.view.faced.face === faced.face;
      const flow: LayerFlowNode = same
        ? old.flow
        : {
            id: node.id,
            type: 'layer',
            position: v.position,
            data: { node, face: faced.face },
            selected: v.selected,
            ...(v.measured ? { measured: v.measured } : {}),
          };
      nextLayers.set(node.id, { view: v, flow });
      shown.push(flow);
    }
    layers = nextLayers;

    const nextBoxes = new Map<string, StageFlowNode>();
    const nextFrames = new Map<string, FrameFlowNode>();
    const behind: FrameFlowNode[] = [];
    for (const [stage, list] of members) {
      if (collapsed.has(stage)) {
        const region = boundsOf(list.map(boxOfNode))!;
        const id = stageBoxId(stage);
        const position = stageBoxPosition(region, direction);
        const isSelected = list.every((n) => selected.has(n.id));
        const old = boxes.get(id);
        const flow: StageFlowNode =
          old &&
          old.position.x === position.x &&
          old.position.y === position.y &&
          old.selected === isSelected &&
          old.data.members.length === list.length &&
          old.data.members.every((m, i) => m === list[i]!.id)
            ? old
            : {
                id,
                type: 'stage',
                position,
                data: { stage, members: list.map((n) => n.id) },
                selected: isSelected,
                ...(measured[id] ? { measured: measured[id] } : {}),
              };
        nextBoxes.set(id, flow);
        shown.push(flow);
      } else {
        // A stage that wraps on into the next column gets a frame in each, its title on the first.
        byColumn(list.map(boxOfNode), direction).forEach((part, i) => {
          const r = boundsOf(part)!;
          const box = {
            x: r.x - framePadding,
            y: r.y - framePadding - frameTitle,
            width: r.width + 2 * framePadding,
            height: r.height + 2 * framePadding + frameTitle,
          };
          const id = i === 0 ? `frame:${stage}` : `frame:${stage}:${i}`;
          const data = { stage, count: list.length, title: i === 0 };
          const old = frames.get(id);
          const flow: FrameFlowNode =
            old && old.data.count === data.count && sameBox(frameBox(old), box)
              ? old
              : {
                  id,
                  type: 'frame',
                  position: { x: box.x, y: box.y },
                  width: box.width,
                  height: box.height,
                  data,
                  selectable: false,
                  draggable: false,
                  connectable: false,
                  focusable: false,
                  zIndex: -1,
                };
          nextFrames.set(id, flow);
          behind.push(flow);
        });
      }
    }
    boxes = nextBoxes;
    frames = nextFrames;
    last = sameArray(last, behind.length > 0 ? [...behind, ...shown] : shown);
    return last;
  };
}

/**
 * `next`, or `previous` when it holds the very same objects: React Flow then sees no change at
 * all (a new array, even of old objects, makes it rebuild its lookups of every node or edge).
 */
function sameArray<T>(previous: T[], next: T[]): T[] {
  return previous.length === next.length && previous.every((x, i) => x === next[i])
    ? previous
    : next;
}

const frameBox = (f: FrameFlowNode): Box => ({
  ...f.position,
  width: f.width ?? 0,
  height: f.height ?? 0,
});

/** Which box each layer of a collapsed stage is drawn as. */
export function hiddenLayers(
  nodes: readonly GraphNode[],
  collapsed: ReadonlySet<string>,
): Map<string, string> {
  const out = new Map<string, string>();
  if (collapsed.size === 0) return out;
  for (const [stage, ids] of stagesOf(nodes)) {
    if (collapsed.has(stage)) for (const id of ids) out.set(id, stageBoxId(stage));
  }
  return out;
}

/**
 * React Flow edges, red with the message where analyze() found a problem; reused while unchanged.
 * An edge into or out of a collapsed stage is drawn to or from its box, once per pair of ends.
 */
export function createFlowEdgeMapper() {
  let cache = new Map<GraphEdge, LayerFlowEdge>();
  let last: LayerFlowEdge[] = [];
  return (
    edges: readonly GraphEdge[],
    selected: ReadonlySet<string>,
    analysis: Analysis,
    hidden: ReadonlyMap<string, string> = new Map(),
  ): LayerFlowEdge[] => {
    const problems = new Map<string, string>();
    for (const p of analysis.problems) {
      if (p.edgeId !== undefined) problems.set(p.edgeId, p.message);
    }
    // A one-input layer with several inputs is wrong on every edge into it.
    for (const p of analysis.problems) {
      if (p.code !== 'needsOneInput' && p.code !== 'inputHasInputs') continue;
      for (const e of edges) if (e.target === p.nodeId) problems.set(e.id, p.message);
    }
    const next = new Map<GraphEdge, LayerFlowEdge>();
    const merged = new Map<string, LayerFlowEdge>();
    const out: LayerFlowEdge[] = [];
    for (const e of edges) {
      const problem = problems.get(e.id);
      const [source, target] = [hidden.get(e.source) ?? e.source, hidden.get(e.target) ?? e.target];
      if (source !== e.source || target !== e.target) {
        if (source === target) continue;
        const id = `${source}->${target}`;
        const seen = merged.get(id);
        if (seen) {
          if (problem !== undefined && seen.data?.problem === undefined) {
            Object.assign(seen, { data: { problem }, className: 'invalid' });
          }
          continue;
        }
        const flow: LayerFlowEdge = {
          id,
          source,
          target,
          type: 'checked',
          selectable: false,
          data: problem === undefined ? {} : { problem },
          ...(problem === undefined ? {} : { className: 'invalid' }),
        };
        merged.set(id, flow);
        out.push(flow);
        continue;
      }
      const isSelected = selected.has(e.id);
      const old = cache.get(e);
      const flow: LayerFlowEdge =
        old && old.selected === isSelected && old.data?.problem === problem
          ? old
          : {
              id: e.id,
              source: e.source,
              target: e.target,
              type: 'checked',
              selected: isSelected,
              data: problem === undefined ? {} : { problem },
              ...(problem === undefined ? {} : { className: 'invalid' }),
            };
      next.set(e, flow);
      out.push(flow);
    }
    cache = next;
    last = sameArray(last, out);
    return last;
  };
}
