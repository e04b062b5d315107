/** Every message the graph checks can give, in one place, worded for a student. */
export const problemText = {
  duplicateId: (id: string) => `Two layers share the id "${id}"; give each layer its own id`,
  badId: (id: string) =>
    `"${id}" is not a usable id: use letters, digits and _ in at most 32 dot-separated parts, starting with a letter (e.g. conv1 or b2.0)`,
  unknownKind: (kind: string) => `"${kind}" is not a layer kind CNN Studio knows`,
  badParams: (detail: string) => `Bad hyperparameters: ${detail}`,
  missingEndpoint: (end: string) => `This connection points to "${end}", which does not exist`,
  selfLoop: () => 'A layer cannot feed itself',
  duplicateEdge: () => 'These two layers are connected twice',
  inputHasInputs: () => 'The Input layer takes no incoming connections',
  needsOneInput: (n: number) =>
    n === 0
      ? 'Nothing feeds this layer; connect an earlier layer to it'
      : `This layer takes one input but ${n} are connected; remove all but one (use Concat or Add to merge)`,
  needsTwoInputs: (n: number) =>
    `A merge layer needs at least two inputs but has ${n}; connect another branch or remove it`,
  portTaken: (port: number) => `Two connections go into input ${port}; remove one`,
  cycle: () => 'This layer is part of a loop; a network must flow one way — remove a connection',
  noInput: () => 'The network has no Input layer; add one from the palette',
  manyInputs: (n: number) => `The network has ${n} Input layers; keep one`,
  unusedOutput: (output: string) =>
    `Nothing uses this layer’s output, and the network’s output is ${output}; connect it or delete it`,
  sameName: (name: string, other: string) =>
    `"${name}" is the name of this layer and also of ${other}; weight keys must be unique, so rename one`,
  nameIsPrefix: (name: string, longer: string) =>
    `"${name}" names a layer and also the group that holds "${longer}" (PyTorch cannot nest a layer inside a layer); rename one so that no name is a prefix of another`,
  shape: (message: string) => message,
  file: (message: string) => message,
  insideBlock: (child: string, message: string) => `Inside the block, ${child}: ${message}`,
} as const;

export type ProblemCode = keyof typeof problemText;

export interface Problem {
  code: ProblemCode;
  severity: 'error' | 'warning';
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Where in a graph file the problem is, for problems found while loading. */
  path?: string;
}
