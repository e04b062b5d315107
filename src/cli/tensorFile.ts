import { readFileSync, writeFileSync } from 'node:fs';
import { decode, encode, SafetensorsError, type Tensor } from '../runtime-gpu/index.js';
import { CliError } from './errors.js';

/** The tensors of a safetensors file, or a CliError saying why it cannot be read. */
export function readTensors(path: string | undefined, what: string): Map<string, Tensor> {
  if (path === undefined) throw new CliError(`give ${what} (a .safetensors file)`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CliError(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
  try {
    return decode(bytes).tensors;
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

export function writeTensors(path: string | undefined, tensors: Tensor[]): void {
  if (path === undefined) throw new CliError('give an output file with -o');
  try {
    writeFileSync(path, encode(tensors, { format: 'pt' }));
  } catch (e) {
    throw new CliError(`cannot write ${path}: ${(e as Error).message}`);
  }
}
