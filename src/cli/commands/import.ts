import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { weightsPathFor } from '../../disk/weightsPath.js';
import { analyze, serializeGraph } from '../../graph/index.js';
import { ImportError, importOnnx } from '../../import/index.js';
import { autoLayout, withPositions } from '../../renderer/layout/autoLayout.js';
import { encode } from '../../runtime-gpu/index.js';
import { CliError } from '../errors.js';
import { readInput } from '../inputFile.js';
import { writeOutput } from '../output.js';

export const usage = 'import <model.onnx> -o <net.cnn.json> [--direction down|right]';

const directions = { down: 'DOWN', right: 'RIGHT' } as const;

/**
 * Reads an ONNX model (opsets 11–18) as a graph of primitive layers, lays it out, and writes it
 * with its weights beside it (`net.cnn.json` and `net.safetensors`, the pair Save writes).
 */
export async function importModel(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      output: { type: 'string', short: 'o' },
      direction: { type: 'string', default: 'down' },
    },
    allowPositionals: true,
  });
  const [file] = positionals;
  if (file === undefined) throw new CliError('give the ONNX model to import');
  const out = values.output;
  if (out === undefined || !/\.json$/i.test(out)) {
    throw new CliError('give the graph file to write with -o, e.g. -o net.cnn.json');
  }
  const direction = directions[values.direction as keyof typeof directions];
  if (!direction) throw new CliError(`--direction is down or right, not "${values.direction}"`);
  const bytes = readInput(file, 'the ONNX model');
  let model;
  try {
    model = importOnnx(bytes, basename(file).replace(/\.onnx$/i, ''));
  } catch (e) {
    if (e instanceof ImportError) throw new CliError(`${file}: ${e.message}`);
    throw e;
  }
  const { graph } = model;
  const laid = {
    ...graph,
    nodes: withPositions(graph.nodes, await autoLayout(graph.nodes, graph.edges, { direction })),
  };
  const weightsPath = weightsPathFor(out);
  await writeOutput(out, serializeGraph(laid));
  await writeOutput(weightsPath, encode(model.weights, { format: 'pt' }));
  const params = analyze(laid).totals.paramCount;
  console.log(
    `wrote ${out} (${graph.nodes.length - 1} layers, ${params.toLocaleString('en-US')} parameters, opset ${model.opset}) and ${weightsPath}`,
  );
  return 0;
}
