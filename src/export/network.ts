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
 * `<op name>.<weight name>`, the app's weight keys. A name cannot be both a layer and a folder of
 * layers: a state_dict could not tell `a.weight` the tensor from `a.weight` the layer.
 */
function moduleTree(ops: Op[]): ModuleDir {
  const root: ModuleDir = { kind: 'dir', children: new Map() };
  const holder = new Map<ModuleDir, string>();
  for (const op of ops) {
    if (op.kind === 'Input') continue;
    const parts = op.name.split('.');
    let dir = root;
    parts.forEach((part, i) => {
      const path = parts.slice(0, i + 1).join('.');
      const at = dir.children.get(part);
      if (i === parts.length - 1) {
        if (at?.kind === 'leaf') throw new ExportError(`two layers are both named "${op.name}"`);
        if (at?.kind === 'dir') {
          throw new ExportError(
            `"${op.name}" names a layer and also the group that holds "${holder.get(at)}"; rename one of them so that no name is a prefix of another`,
          );
        }
        dir.children.set(part, { kind: 'leaf', op });
      } else if (at?.kind === 'leaf') {
        throw new ExportError(
          `"${path}" names a layer and also the group that holds "${op.name}"; rename one of them so that no name is a prefix of another`,
        );
      } else if (at?.kind === 'dir') {
        dir = at;
      } else {
        const made: ModuleDir = { kind: 'dir', children: new Map() };
        holder.set(made, op.name);
        dir.children.set(part, made);
        dir = made;
      }
    });
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
