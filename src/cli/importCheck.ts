import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, parseGraph, type Graph } from '../graph/index.js';
import { decode, encode, toFloat32, type Tensor } from '../runtime-gpu/index.js';

/** Runs one cnn-studio command (in this process or as its own); its exit code and output. */
export type Cli = (...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

/** What checkImport measured of one model written by scripts/onnx_models.py. */
export interface ImportCheck {
  name: string;
  opset: number;
  layers: number;
  /** Parameters of the imported graph, of the file's layers, and of the PyTorch module. */
  params: number;
  fileParams: number;
  torchParams: number;
  /** Largest |CNN Studio − PyTorch| of the eval output, and the output's largest |value|. */
  maxError: number;
  scale: number;
  /** Cross-entropy of the training step taken from the imported weights. */
  stepLoss: number;
  /** Export → import gives the same graph and weights. */
  roundTrip: boolean;
  seconds: { import: number; forward: number; step: number };
}

const bytesOf = (t: Tensor) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);

const loadGraph = (path: string): Graph => {
  const r = parseGraph(readFileSync(path, 'utf8'));
  if (!r.ok) throw new Error(`${path}: ${JSON.stringify(r.errors)}`);
  return r.graph;
};

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

/**
 * The graph without positions, which layout sets and export does not keep, and without the order
 * of its nodes and edges (export writes them in the order analyze() runs them).
 */
const structure = (g: Graph) => ({
  nodes: g.nodes.map(({ id, kind, params }) => ({ id, kind, params })).sort(byId),
  edges: [...g.edges].sort(byId),
});

/**
 * Imports `dir/name.onnx` with `cnn-studio import`, runs PyTorch's input through
 * `cnn-studio forward`, takes a training step with `cnn-studio step`, and exports the result as
 * ONNX and imports that again; throws when a command fails.
 */
export async function checkImport(cli: Cli, dir: string, name: string): Promise<ImportCheck> {
  const path = (suffix: string) => join(dir, `${name}${suffix}`);
  const ok = async (...args: string[]) => {
    const r = await cli(...args);
    if (r.code !== 0) throw new Error(`cnn-studio ${args.join(' ')}: ${r.stderr || r.stdout}`);
    return r;
  };
  const timed = async (f: () => Promise<unknown>) => {
    const t0 = performance.now();
    await f();
    return (performance.now() - t0) / 1000;
  };
  const meta = JSON.parse(readFileSync(path('.json'), 'utf8')) as {
    opset: number;
    torch_params: number;
    file_params: number;
  };
  const seconds = {
    import: await timed(() => ok('import', path('.onnx'), '-o', path('.cnn.json'))),
    forward: await timed(() =>
      ok(
        'forward',
        path('.cnn.json'),
        '--weights',
        path('.safetensors'),
        '--input',
        path('.io.safetensors'),
        '-o',
        path('.out.safetensors'),
      ),
    ),
    step: 0,
  };
  const graph = loadGraph(path('.cnn.json'));
  const io = decode(readFileSync(path('.io.safetensors'))).tensors;
  const want = toFloat32(io.get('output')!);
  const got = toFloat32(decode(readFileSync(path('.out.safetensors'))).tensors.get('output')!);
  let maxError = got.length === want.length ? 0 : Infinity;
  want.forEach((v, i) => (maxError = Math.max(maxError, Math.abs(got[i]! - v))));
  const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

  const batch = io.get('input')!.shape[0]!;
  const classes = io.get('output')!.shape[1]!;
  const labels = BigInt64Array.from({ length: batch }, (_, i) => BigInt((i * 7) % classes));
  writeFileSync(
    path('.labels.safetensors'),
    encode([{ name: 'labels', dtype: 'I64', shape: [batch], data: labels }]),
  );
  seconds.step = await timed(() =>
    ok(
      'step',
      path('.cnn.json'),
      '--weights',
      path('.safetensors'),
      '--input',
      path('.io.safetensors'),
      '--labels',
      path('.labels.safetensors'),
      '--lr',
      '0.01',
      '-o',
      path('.step.safetensors'),
    ),
  );
  const stepLoss = toFloat32(
    decode(readFileSync(path('.step.safetensors'))).tensors.get('loss')!,
  )[0]!;

  await ok(
    'export',
    path('.cnn.json'),
    '--format',
    'onnx',
    '--weights',
    path('.safetensors'),
    '-o',
    path('.again.onnx'),
  );
  await ok('import', path('.again.onnx'), '-o', path('.again.cnn.json'));
  const again = loadGraph(path('.again.cnn.json'));
  const weights = decode(readFileSync(path('.safetensors'))).tensors;
  const weightsAgain = decode(readFileSync(path('.again.safetensors'))).tensors;
  const sameWeights =
    weights.size === weightsAgain.size &&
    [...weights].every(([key, t]) => {
      const u = weightsAgain.get(key);
      return u !== undefined && u.dtype === t.dtype && Buffer.compare(bytesOf(t), bytesOf(u)) === 0;
    });
  const roundTrip =
    sameWeights && JSON.stringify(structure(again)) === JSON.stringify(structure(graph));
  return {
    name,
    opset: meta.opset,
    layers: graph.nodes.length - 1,
    params: analyze(graph).totals.paramCount,
    fileParams: meta.file_params,
    torchParams: meta.torch_params,
    maxError,
    scale,
    stepLoss,
    roundTrip,
    seconds,
  };
}
