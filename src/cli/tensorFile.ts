import {
  decode,
  encode,
  SafetensorsError,
  toFloat32,
  type SafetensorsFile,
  type Tensor,
} from '../runtime-gpu/index.js';
import { CliError } from './errors.js';
import { readInput } from './inputFile.js';
import { writeOutput } from './output.js';

/** A safetensors file, or a CliError saying why it cannot be read. */
export function readTensorFile(path: string | undefined, what: string): SafetensorsFile {
  if (path === undefined) throw new CliError(`give ${what} (a .safetensors file)`);
  const bytes = readInput(path, what);
  try {
    return decode(bytes);
  } catch (e) {
    if (e instanceof SafetensorsError) throw new CliError(`${path}: ${e.message}`);
    throw e;
  }
}

/** The tensors of a safetensors file, or a CliError saying why it cannot be read. */
export const readTensors = (path: string | undefined, what: string): Map<string, Tensor> =>
  readTensorFile(path, what).tensors;

/** A tensor's values as float32, or a CliError naming the file (64-bit integers above 2^53). */
export function float32Of(t: Tensor, path: string): Float32Array {
  try {
    return toFloat32(t);
  } catch (e) {
    if (e instanceof SafetensorsError) throw new CliError(`${path}: ${e.message}`);
    throw e;
  }
}

/** The tensor named `key`, or the file's only tensor. */
export function tensorOf(tensors: Map<string, Tensor>, key: string, path: string): Tensor {
  const t = tensors.get(key) ?? (tensors.size === 1 ? [...tensors.values()][0]! : undefined);
  if (!t) {
    throw new CliError(
      `${path} has no tensor "${key}" (it has ${[...tensors.keys()].slice(0, 5).join(', ') || 'none'})`,
    );
  }
  return t;
}

export async function writeTensors(path: string | undefined, tensors: Tensor[]): Promise<void> {
  if (path === undefined) throw new CliError('give an output file with -o');
  await writeOutput(path, encode(tensors, { format: 'pt' }));
}
