import { z } from 'zod';
import type { Graph } from './graph.js';
import { isNodeId, maxIdParts, stageNamePattern } from './graph.js';
import { isLayerKind, layerOf, layers } from './layers/index.js';
import { problemText } from './problems.js';
import { blockNamePattern, type BlockDef } from './userBlocks.js';

export const graphFormat = 'cnn-studio.graph';
export const graphVersion = 1;

const finite = z.number().finite();

const position = z.strictObject({ x: finite, y: finite });
const nodeId = z
  .string()
  .refine(
    isNodeId,
    `letters, digits and _ in at most ${maxIdParts} dot-separated parts, starting with a letter or _`,
  );
const identifier = 'letters, digits and _, starting with a letter';

/** Nodes of the built-in kinds and of the file's own blocks (which have no hyperparameters). */
const nodeSchema = (blockNames: readonly string[]) =>
  z.discriminatedUnion('kind', [
    ...layers.map((l) =>
      z.strictObject({
        id: nodeId,
        kind: z.literal(l.kind),
        params: (l.schema as z.ZodType).default(l.defaults),
        position,
      }),
    ),
    ...blockNames.map((name) =>
      z.strictObject({ id: nodeId, kind: z.literal(name), params: z.strictObject({}), position }),
    ),
  ] as unknown as [z.ZodObject, ...z.ZodObject[]]);

const childSchema = z.discriminatedUnion(
  'kind',
  layers.map((l) =>
    z.strictObject({
      name: z.string().regex(blockNamePattern, identifier),
      kind: z.literal(l.kind),
      params: (l.schema as z.ZodType).default(l.defaults),
      inputs: z.array(z.string()),
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

const blockSchema = z.strictObject({
  description: z.string().optional(),
  children: z.array(childSchema).min(1),
  output: z.string(),
});

// Names are checked here rather than by a key schema, whose messages zod does not pass on.
const blocksSchema = z.record(z.string(), blockSchema).superRefine((blocks, ctx) => {
  for (const name of Object.keys(blocks)) {
    const problem = !blockNamePattern.test(name)
      ? `a block name uses ${identifier}`
      : isLayerKind(name)
        ? `"${name}" is the name of a built-in layer kind; give the block another name`
        : null;
    if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
  }
});

const edgeSchema = z.strictObject({
  id: z.string().min(1),
  source: z.string().min(1),
  target: z.string().min(1),
  targetPort: z.number().int().min(0).default(0),
});

/** The one schema every graph file is read through; node kinds may name the file's blocks. */
export const graphFileSchema = (blockNames: readonly string[] = []) =>
  z.strictObject({
    format: z.literal(graphFormat),
    version: z.literal(graphVersion),
    meta: z.strictObject({ name: z.string(), description: z.string().optional() }),
    blocks: blocksSchema.optional(),
    nodes: z.array(nodeSchema(blockNames)),
    edges: z.array(edgeSchema),
    collapsed: z
      .array(z.string().regex(stageNamePattern, 'the first part of a node id'))
      .optional(),
  });

const typeWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object ({…})',
  array: 'a list ([…])',
};

/** What a wrong value is, in a few words. */
function valueWords(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** zod's issue in the plain words of the app's other messages. */
function issueText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const want = typeWords[issue.expected] ?? issue.expected;
      return issue.input === undefined
        ? `is missing; it should be ${want}`
        : `should be ${want}, not ${valueWords(issue.input)}`;
    }
    case 'invalid_value':
      return `should be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      if (issue.origin === 'array') {
        return `needs ${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} entries`;
      }
      const side = issue.code === 'too_small' ? 'at least' : 'at most';
      return `should be ${side} ${bound}${issue.inclusive ? '' : ' (not equal)'}`;
    }
    case 'unrecognized_keys':
      return `${issue.keys.map((k) => `"${k}"`).join(', ')} ${issue.keys.length === 1 ? 'is not a field' : 'are not fields'} CNN Studio knows here; remove ${issue.keys.length === 1 ? 'it' : 'them'}`;
    case 'invalid_union': {
      // An unknown kind: zod reports the whole node (or block child) as the input.
      const kind = (issue.input as { kind?: unknown } | undefined)?.kind;
      if (!('discriminator' in issue)) return issue.message;
      return typeof kind === 'string'
        ? `${problemText.unknownKind(kind)}, and the file defines no block of that name`
        : 'is missing; it should be the name of a layer kind (e.g. "Conv2d")';
    }
    default:
      return issue.message;
  }
}

/**
 * Block names the schema never sees: a record drops `__proto__` (it sets the prototype), so the
 * raw keys are checked here.
 */
function rawBlockNameErrors(value: unknown): FileError[] {
  const blocks = (value as { blocks?: unknown } | null)?.blocks;
  if (typeof blocks !== 'object' || blocks === null || Array.isArray(blocks)) return [];
  return Object.keys(blocks)
    .filter((name) => !blockNamePattern.test(name))
    .map((name) => ({ path: `blocks.${name}`, message: `a block name uses ${identifier}` }));
}

/** The names a file gives its blocks, read before the file is checked so nodes may use them. */
function blockNamesIn(value: unknown): string[] {
  const blocks = (value as { blocks?: unknown } | null)?.blocks;
  if (typeof blocks !== 'object' || blocks === null) return [];
  return Object.keys(blocks).filter((name) => blockNamePattern.test(name) && !isLayerKind(name));
}

/**
 * What the schema cannot see inside a block: unique child names, inputs that name 'input' or an
 * earlier child, as many inputs as each child's kind takes, and an output that is a child.
 */
function blockErrors(name: string, block: BlockDef): FileError[] {
  const at = `blocks.${name}`;
  const errors: FileError[] = [];
  const earlier = new Set(['input']);
  block.children.forEach((c, i) => {
    const arity = layerOf(c.kind).arity;
    if (c.kind === 'Input') {
      errors.push({
        path: `${at}.children[${i}].kind`,
        message: `a block cannot hold an Input: its input is whatever layer feeds the block`,
      });
    }
    if (earlier.has(c.name)) {
      errors.push({ path: `${at}.children[${i}].name`, message: `"${c.name}" is used twice` });
    }
    const expected = arity === 'none' ? 'no inputs' : arity === 'one' ? 'one input' : 'two or more';
    const n = c.inputs.length;
    if (arity === 'none' ? n !== 0 : arity === 'one' ? n !== 1 : n < 2) {
      errors.push({
        path: `${at}.children[${i}].inputs`,
        message: `${c.kind} takes ${expected}, not ${n}`,
      });
    }
    c.inputs.forEach((input, j) => {
      if (!earlier.has(input)) {
        errors.push({
          path: `${at}.children[${i}].inputs[${j}]`,
          message: `"${input}" is neither "input" nor an earlier child`,
        });
      }
    });
    earlier.add(c.name);
  });
  if (!block.children.some((c) => c.name === block.output)) {
    errors.push({ path: `${at}.output`, message: `no child is named "${block.output}"` });
  }
  return errors;
}

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
  const errors = Object.entries(graph.blocks ?? {}).flatMap(([name, b]) => blockErrors(name, b));
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
  const parsed = graphFileSchema(blockNamesIn(value)).safeParse(value, { reportInput: true });
  const badNames = rawBlockNameErrors(value);
  if (!parsed.success || badNames.length > 0) {
    const issues = parsed.success ? [] : parsed.error.issues;
    const errors = issues.map((i) => ({ path: jsonPath(i.path), message: issueText(i) }));
    const known = new Set(errors.map((e) => e.path));
    return { ok: false, errors: [...errors, ...badNames.filter((e) => !known.has(e.path))] };
  }
  const { meta, blocks, nodes, edges, collapsed } = parsed.data;
  const graph: Graph = {
    meta,
    nodes: nodes as unknown as Graph['nodes'],
    edges,
    ...(blocks ? { blocks: blocks as unknown as Record<string, BlockDef> } : {}),
    ...(collapsed && collapsed.length > 0 ? { collapsed: [...new Set(collapsed)] } : {}),
  };
  const errors = referenceErrors(graph);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, graph };
}

/**
 * The largest graph file read: a 150,000-layer chain is about 25 MiB, and the app's IPC takes
 * 64 MiB of text.
 */
export const maxGraphFileBytes = 64 * 2 ** 20;

/** Parses text (a file's contents), reporting malformed JSON like any other problem. */
export function parseGraph(text: string): LoadResult {
  if (text.length > maxGraphFileBytes) {
    const mib = (text.length / 2 ** 20).toFixed(1);
    return {
      ok: false,
      errors: [
        {
          path: '(file)',
          message: `the file is ${mib} MiB, over the ${maxGraphFileBytes / 2 ** 20} MiB limit of a graph file`,
        },
      ],
    };
  }
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
    ...(graph.blocks ? { blocks: graph.blocks } : {}),
    nodes: graph.nodes,
    edges: graph.edges,
    ...(graph.collapsed && graph.collapsed.length > 0 ? { collapsed: graph.collapsed } : {}),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
