import type { Params } from './params.js';
import type { BlockDef } from './userBlocks.js';

/** The editable network: what the canvas shows and what a graph file stores. */
export interface GraphNode {
  id: string;
  kind: string;
  params: Params;
  position: { x: number; y: number };
}

/** An edge feeds `source`'s output into input number `targetPort` of `target`. */
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  targetPort: number;
}

export interface GraphMeta {
  name: string;
  description?: string;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  meta: GraphMeta;
  /** Blocks the user grouped, by name; a node of kind `name` is one use of it. */
  blocks?: Record<string, BlockDef>;
  /**
   * Stages the canvas shows as one box each: a stage is the layers whose ids share the part
   * before the first dot (`b2` of `b2.0`, `b2.1`). A view setting, like positions.
   */
  collapsed?: string[];
}

/** A node id is a dotted path of identifiers or indices, as PyTorch module paths are. */
export const nodeIdPattern = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

/** A stage name is the first part of a node id. */
export const stageNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The most parts a node id may have: each part nests a ModuleDict in the exported Python, whose
 * parser gives up at 200 nested brackets (two per part).
 */
export const maxIdParts = 32;

export const isNodeId = (id: string): boolean =>
  nodeIdPattern.test(id) && id.split('.').length <= maxIdParts;
