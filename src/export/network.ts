import { analyze, type Graph, type Op } from '../graph/index.js';

/** A graph the exporters cannot write, with the reason in words for the user. */
export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

/** A module that holds other modules, keyed by the next part of their dotted names. */
export interface ModuleDir {
  kind: 'dir';
  children: Map<string, ModuleNode>;
}

/** A module that computes one op. */
export interface ModuleLeaf {
  kind: 'leaf';
  op: Op;
}

export type ModuleNode = ModuleDir | ModuleLeaf;

/** What both exporters write: the ops in execution order, nested by name as PyTorch nests modules. */
export interface ExportNetwork {
  name: string;
  description: string;
  ops: Op[];
  input: Op;
  output: Op;
  modules: ModuleDir;
}

/**
 * Nests the ops (all but the Input) by their dotted names, so that a module's state_dict keys are
 * `<op name>.<weight name>`, the app's weight keys. analyze() has made sure no name repeats or is
 * a prefix of another, so each name is a leaf and each of its prefixes a folder.
 */
function moduleTree(ops: Op[]): ModuleDir {
  const root: ModuleDir = { kind: 'dir', children: new Map() };
  for (const op of ops) {
    if (op.kind === 'Input') continue;
    const parts = op.name.split('.');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      let next = dir.children.get(part) as ModuleDir | undefined;
      if (!next) {
        next = { kind: 'dir', children: new Map() };
        dir.children.set(part, next);
      }
      dir = next;
    }
    dir.children.set(parts.at(-1)!, { kind: 'leaf', op });
  }
  return root;
}

/** Analyses the graph and refuses, with the reasons, one that has errors or not exactly one output. */
export function exportNetwork(graph: Graph): ExportNetwork {
  const analysis = analyze(graph);
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const list = errors.map((p) => `${p.nodeId ?? p.edgeId ?? 'graph'}: ${p.message}`);
    throw new ExportError(`the network has problems to fix first: ${list.join('; ')}`);
  }
  if (analysis.outputId === undefined) {
    throw new ExportError(
      'the network must end in exactly one layer; connect or delete the layers whose output nothing uses',
    );
  }
  const input = analysis.ops.find((o) => o.name === analysis.inputId)!;
  const output = analysis.nodes.get(analysis.outputId)!.ops.at(-1)!;
  return {
    name: graph.meta.name,
    description: graph.meta.description ?? '',
    ops: analysis.ops,
    input,
    output,
    modules: moduleTree(analysis.ops),
  };
}
