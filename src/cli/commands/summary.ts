import { parseArgs } from 'node:util';
import { analyze, formatShape, summaryOf } from '../../graph/index.js';
import { readGraphArg } from '../graphArg.js';
import { textTable, thousands } from '../table.js';

export const usage = 'summary <template|file.json> [--json]';

export function summary(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const graph = readGraphArg(positionals[0]);
  const analysis = analyze(graph);
  const s = summaryOf(analysis);
  if (values.json) {
    const { total_params, trainable_params, macs, layers } = s;
    const rows = layers.map(({ name, kind, output_shape, params, macs }) => ({
      name,
      kind,
      output_shape,
      params,
      macs,
    }));
    console.log(JSON.stringify({ total_params, trainable_params, macs, layers: rows }));
  } else {
    console.log(`${graph.meta.name}\n`);
    console.log(
      textTable(
        ['Layer', 'Kind', '>Output shape', '>Params', '>MACs', '>Receptive field'],
        s.layers.map((l) => [
          l.name,
          l.kind,
          formatShape(l.output_shape),
          thousands(l.params),
          thousands(l.macs),
          `${l.receptive_field[0]}×${l.receptive_field[1]}`,
        ]),
      ),
    );
    console.log(
      `\nTotal params: ${thousands(s.total_params)}\nTrainable params: ${thousands(s.trainable_params)}\nMACs per sample: ${thousands(s.macs)}`,
    );
  }
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  for (const p of errors) console.error(`error: ${p.nodeId ?? p.edgeId ?? 'graph'}: ${p.message}`);
  return errors.length > 0 ? 1 : 0;
}
