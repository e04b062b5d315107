import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serializeGraph } from '../../graph/index.js';
import { CliError } from '../errors.js';
import { readGraphArg } from '../graphArg.js';

export const usage = 'export <template|file.json> --format json -o <out>';

export function exportGraph(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'json' },
      output: { type: 'string', short: 'o' },
    },
    allowPositionals: true,
  });
  const graph = readGraphArg(positionals[0]);
  if (values.format !== 'json')
    throw new CliError(`unknown export format "${values.format}"; use json`);
  const text = serializeGraph(graph);
  if (values.output === undefined || values.output === '-') {
    process.stdout.write(text);
    return 0;
  }
  try {
    writeFileSync(values.output, text);
  } catch (e) {
    throw new CliError(`cannot write ${values.output}: ${(e as Error).message}`);
  }
  console.log(`wrote ${values.output}`);
  return 0;
}
