import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ExportError, exportOnnx, exportPytorch } from '../../export/index.js';
import { serializeGraph, type Graph } from '../../graph/index.js';
import { toFloat32 } from '../../runtime-gpu/index.js';
import { CliError } from '../errors.js';
import { readGraphArg } from '../graphArg.js';
import { readTensors } from '../tensorFile.js';

export const usage =
  'export <template|file.json> --format json|pytorch|onnx -o <out> [--weights w.safetensors]';

const formats = ['json', 'pytorch', 'onnx'] as const;
type Format = (typeof formats)[number];
const isFormat = (f: string): f is Format => (formats as readonly string[]).includes(f);

function render(graph: Graph, format: Format, out: string, weights?: string): string | Uint8Array {
  try {
    switch (format) {
      case 'json':
        return serializeGraph(graph);
      case 'pytorch':
        return exportPytorch(graph, { fileName: out === '-' ? 'model.py' : basename(out) });
      case 'onnx': {
        if (weights === undefined) return exportOnnx(graph);
        const tensors = readTensors(weights, '--weights');
        return exportOnnx(graph, {
          weights: new Map([...tensors].map(([key, t]) => [key, toFloat32(t)])),
        });
      }
    }
  } catch (e) {
    if (e instanceof ExportError) throw new CliError(e.message);
    throw e;
  }
}

export function exportGraph(args: string[]): number {
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
  const content = render(graph, format, out, values.weights);
  if (out === '-') {
    process.stdout.write(content);
    return 0;
  }
  try {
    writeFileSync(out, content);
  } catch (e) {
    throw new CliError(`cannot write ${out}: ${(e as Error).message}`);
  }
  const note =
    format === 'onnx' && values.weights === undefined
      ? ' (its weights are inputs of the model; --weights embeds them)'
      : '';
  console.log(`wrote ${out}${note}`);
  return 0;
}
