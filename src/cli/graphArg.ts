import {
  maxGraphFileBytes,
  parseGraph,
  template,
  templateNames,
  type Graph,
} from '../graph/index.js';
import { CliError } from './errors.js';
import { InputError, readInput } from './inputFile.js';

/** A command's graph argument: a template name or the path of a graph file. */
export function readGraphArg(arg: string | undefined): Graph {
  if (arg === undefined) {
    throw new CliError(`give a template name (${templateNames.join(', ')}) or a graph file`);
  }
  const fromTemplate = template(arg);
  if (fromTemplate) return fromTemplate;
  let text: string;
  try {
    text = readInput(
      arg,
      'graph file',
      maxGraphFileBytes,
      `the ${maxGraphFileBytes / 2 ** 20} MiB a graph file may have`,
    ).toString('utf8');
  } catch (e) {
    if (!(e instanceof InputError) || e.tooLarge) throw e;
    throw new CliError(
      `"${arg}" is neither a template (${templateNames.join(', ')}) nor a readable file (${e.why})`,
    );
  }
  const result = parseGraph(text);
  if (!result.ok) {
    throw new CliError(
      `${arg} is not a valid graph file: ${result.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    );
  }
  return result.graph;
}
