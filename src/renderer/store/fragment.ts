import type { BlockDef, GraphEdge, GraphNode } from '../../graph/index.js';
import { edgeId, freshNodeId } from './ids.js';

type Blocks = Record<string, BlockDef>;

/** Copied layers, the connections among them and the user blocks they use. */
export interface Fragment {
  nodes: GraphNode[];
  edges: GraphEdge[];
  blocks?: Blocks;
}

/** The chosen nodes, only the edges that run between two of them, and the blocks they use. */
export function cutFragment(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  ids: ReadonlySet<string>,
  blocks: Blocks = {},
): Fragment {
  const chosen = nodes.filter((n) => ids.has(n.id));
  const used = Object.entries(blocks).filter(([name]) => chosen.some((n) => n.kind === name));
  return {
    nodes: chosen,
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    ...(used.length > 0 ? { blocks: Object.fromEntries(used) } : {}),
  };
}

/**
 * The graph's blocks with the fragment's added, and the fragment with its nodes' kinds following
 * any renaming: a block the graph has under the same name and definition is shared, one with the
 * same name but another definition (copied from another file) gets a free name.
 */
export function mergeBlocks(
  blocks: Blocks,
  fragment: Fragment,
): { blocks: Blocks; fragment: Fragment } {
  const incoming = Object.entries(fragment.blocks ?? {});
  if (incoming.length === 0) return { blocks, fragment };
  const merged = { ...blocks };
  const renamed = new Map<string, string>();
  for (const [name, def] of incoming) {
    const same = (n: string) => JSON.stringify(merged[n]) === JSON.stringify(def);
    let free = name;
    for (let i = 2; Object.hasOwn(merged, free) && !same(free); i++) free = `${name}_${i}`;
    merged[free] = def;
    renamed.set(name, free);
  }
  const nodes = fragment.nodes.map((n) => {
    const kind = renamed.get(n.kind);
    return kind === undefined || kind === n.kind ? n : { ...n, kind };
  });
  return { blocks: merged, fragment: { nodes, edges: fragment.edges } };
}

/** A copy of a fragment with fresh ids (not in `taken`), moved by `offset`, ready to add. */
export function renameFragment(
  fragment: Fragment,
  taken: ReadonlySet<string>,
  offset: { x: number; y: number },
): Fragment {
  const used = new Set(taken);
  const rename = new Map<string, string>();
  const nodes = fragment.nodes.map((n) => {
    const id = freshNodeId(n.kind, used);
    used.add(id);
    rename.set(n.id, id);
    return {
      ...n,
      id,
      params: structuredClone(n.params),
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
    };
  });
  const edges = fragment.edges.map((e) => {
    const source = rename.get(e.source)!;
    const target = rename.get(e.target)!;
    return { ...e, id: edgeId(source, target), source, target };
  });
  return { nodes, edges };
}
