import type { Graph } from './graph.js';
import { defineLayer, type Child } from './layer.js';
import { isLayerKind, layerOf, type AnyLayer } from './layers/index.js';

/**
 * A block the user grouped from layers on the canvas and may place again. It behaves as a
 * composite with one input and no hyperparameters: its children run in order, each named as its
 * weight keys will be (`<node id>.<child>.weight`), taking 'input' or earlier children.
 */
export interface BlockDef {
  description?: string;
  children: Child[];
  /** The child whose output the block hands on. */
  output: string;
}

/** Block names are kinds in files and on the canvas; they look like identifiers. */
export const blockNamePattern = /^[A-Za-z][A-Za-z0-9_]*$/;

const blockLayers = new WeakMap<BlockDef, AnyLayer>();

/** A user block as a composite layer, made once per definition. */
export function blockLayer(kind: string, def: BlockDef): AnyLayer {
  const made = blockLayers.get(def);
  if (made?.kind === kind) return made;
  const count = `${def.children.length} layer${def.children.length === 1 ? '' : 's'}`;
  const layer = defineLayer({
    kind,
    label: kind,
    category: 'My blocks',
    description: def.description ?? `Your block of ${count}.`,
    composite: true,
    arity: 'one',
    fields: {},
    summary: () => count,
    expand: () => ({ children: def.children, output: def.output }),
  }) as unknown as AnyLayer;
  blockLayers.set(def, layer);
  return layer;
}

/** The layer a node's kind names in this graph: a built-in kind or one of the graph's blocks. */
export function layerIn(graph: Pick<Graph, 'blocks'>, kind: string): AnyLayer | undefined {
  if (isLayerKind(kind)) return layerOf(kind);
  const blocks = graph.blocks;
  return blocks && Object.hasOwn(blocks, kind) ? blockLayer(kind, blocks[kind]!) : undefined;
}
