import { readFileSync } from 'node:fs';
import { parseGraph, template, templateNames, type Graph } from '../graph/index.js';
import { CliError } from './errors.js';

/** A command's graph argument: a template name or the path of a graph file. */
export function readGraphArg(arg: string | undefined): Graph {
  if (arg === undefined) {
    throw new CliError(`give a template name (${templateNames.join(', ')}) or a graph file`);
  }
  const fromTemplate = template(arg);
  if (fromTemplate) return fromTemplate;
  let text: string;
  try {
    text = readFileSync(arg, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code;
    throw new CliError(
      `"${arg}" is neither a template (${templateNames.join(', ')}) nor a readable file (${why})`,
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
