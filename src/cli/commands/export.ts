import { basename } from 'node:path';
import { optimizerPrefix } from '../../runtime-gpu/trainer.js';
import { parseArgs } from 'node:util';
import { ExportError, exportOnnx, exportPytorch } from '../../export/index.js';
import { serializeGraph, type Graph } from '../../graph/index.js';
import { outcomeOf, outcomeWarning } from '../../training/outcome.js';
import { CliError } from '../errors.js';
import { readGraphArg } from '../graphArg.js';
import { writeOutput } from '../output.js';
import { float32Of, readTensorFile } from '../tensorFile.js';

export const usage =
  'export <template|file.json> --format json|pytorch|onnx -o <out> [--weights w.safetensors]';

const formats = ['json', 'pytorch', 'onnx'] as const;
type Format = (typeof formats)[number];
const isFormat = (f: string): f is Format => (formats as readonly string[]).includes(f);

/** The ONNX model, with the weights of a safetensors file embedded when one is given. */
function onnxOf(graph: Graph, weights: string | undefined): { bytes: Uint8Array; note?: string } {
  if (weights === undefined) return { bytes: exportOnnx(graph) };
  const file = readTensorFile(weights, '--weights');
  const note = outcomeWarning(outcomeOf(file.metadata)) ?? undefined;
  // A training checkpoint also holds its optimizer's state, which is not part of the model.
  const tensors = new Map(
    [...file.tensors]
      .filter(([key]) => !key.startsWith(optimizerPrefix))
      .map(([key, t]) => [key, { shape: t.shape, data: float32Of(t, weights) }]),
  );
  return {
    bytes: exportOnnx(graph, {
      weights: tensors,
      ...(note ? { note: `CNN Studio: ${note}.` } : {}),
    }),
    ...(note ? { note } : {}),
  };
}

function render(
  graph: Graph,
  format: Format,
  out: string,
  weights?: string,
): { content: string | Uint8Array; note?: string } {
  try {
    switch (format) {
      case 'json':
        return { content: serializeGraph(graph) };
      case 'pytorch':
        return {
          content: exportPytorch(graph, { fileName: out === '-' ? 'model.py' : basename(out) }),
        };
      case 'onnx': {
        const { bytes, note } = onnxOf(graph, weights);
        return { content: bytes, ...(note ? { note } : {}) };
      }
    }
  } catch (e) {
    if (e instanceof ExportError) throw new CliError(e.message);
    throw e;
  }
}

export async function exportGraph(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'json' },
      output: { type: 'string', short: 'o' },
      weights: { type: 'string' },
    },
    allowPositionals: true,
  });
  const graph = readGraphArg(positionals[0]);
  const format = values.format;
  if (!isFormat(format)) {
    throw new CliError(`unknown export format "${format}"; use ${formats.join(', ')}`);
  }
  if (values.weights !== undefined && format !== 'onnx') {
    throw new CliError(
      '--weights goes with --format onnx; the PyTorch script takes its weights when it runs (--weights there)',
    );
  }
  const out = values.output ?? '-';
  if (out === '-' && format === 'onnx') throw new CliError('ONNX is binary; give a file with -o');
  const { content, note } = render(graph, format, out, values.weights);
  if (out === '-') {
    process.stdout.write(content);
    return 0;
  }
  await writeOutput(out, content);
  if (note) console.error(`note: ${note} (the model's doc_string says so too)`);
  const inputs =
    format === 'onnx' && values.weights === undefined
      ? ' (its weights are inputs of the model; --weights embeds them)'
      : '';
  console.log(`wrote ${out}${inputs}`);
  return 0;
}
