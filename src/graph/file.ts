import { z } from 'zod';
import type { Graph } from './graph.js';
import { nodeIdPattern } from './graph.js';
import { layers } from './layers/index.js';

export const graphFormat = 'cnn-studio.graph';
export const graphVersion = 1;

const finite = z.number().finite();

const nodeSchema = z.discriminatedUnion(
  'kind',
  layers.map((l) =>
    z.strictObject({
      id: z.string().regex(nodeIdPattern, 'letters, digits and _ in dot-separated parts'),
      kind: z.literal(l.kind),
      params: (l.schema as z.ZodType).default(l.defaults),
      position: z.strictObject({ x: finite, y: finite }),
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

const edgeSchema = z.strictObject({
  id: z.string().min(1),
  source: z.string().min(1),
  target: z.string().min(1),
  targetPort: z.number().int().min(0).default(0),
});

/** The one schema every graph file is read through. */
export const graphFileSchema = z.strictObject({
  format: z.literal(graphFormat),
  version: z.literal(graphVersion),
  meta: z.strictObject({ name: z.string(), description: z.string().optional() }),
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema),
});

export interface FileError {
  /** JSON path of the offending value, e.g. `nodes[3].params.stride`. */
  path: string;
  message: string;
}

export type LoadResult = { ok: true; graph: Graph } | { ok: false; errors: FileError[] };

const jsonPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)),
    '',
  ) || '(file)';

/** Cross-references the schema cannot see: unique ids, edges that point at nodes that exist. */
function referenceErrors(graph: Graph): FileError[] {
  const errors: FileError[] = [];
  const nodeIds = new Set<string>();
  graph.nodes.forEach((n, i) => {
    if (nodeIds.has(n.id))
      errors.push({ path: `nodes[${i}].id`, message: `duplicate node id "${n.id}"` });
    nodeIds.add(n.id);
  });
  const edgeIds = new Set<string>();
  graph.edges.forEach((e, i) => {
    if (edgeIds.has(e.id))
      errors.push({ path: `edges[${i}].id`, message: `duplicate edge id "${e.id}"` });
    edgeIds.add(e.id);
    for (const end of ['source', 'target'] as const) {
      if (!nodeIds.has(e[end])) {
        errors.push({ path: `edges[${i}].${end}`, message: `no node has the id "${e[end]}"` });
      }
    }
  });
  return errors;
}

/** Reads a graph file's JSON value; every problem is returned, nothing is thrown. */
export function loadGraph(value: unknown): LoadResult {
  if (typeof value === 'object' && value !== null && 'version' in value) {
    const v = (value as { version: unknown }).version;
    if (typeof v === 'number' && v > graphVersion) {
      return {
        ok: false,
        errors: [
          {
            path: 'version',
            message: `this file was made by a newer CNN Studio (format version ${v}); this one reads version ${graphVersion}`,
          },
        ],
      };
    }
  }
  const parsed = graphFileSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message })),
    };
  }
  const { meta, nodes, edges } = parsed.data;
  const graph: Graph = {
    meta,
    nodes: nodes as unknown as Graph['nodes'],
    edges,
  };
  const errors = referenceErrors(graph);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, graph };
}

/** Parses text (a file's contents), reporting malformed JSON like any other problem. */
export function parseGraph(text: string): LoadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      errors: [{ path: '(file)', message: `not valid JSON: ${(e as Error).message}` }],
    };
  }
  return loadGraph(value);
}

export function serializeGraph(graph: Graph): string {
  const file = {
    format: graphFormat,
    version: graphVersion,
    meta: graph.meta,
    nodes: graph.nodes,
    edges: graph.edges,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
