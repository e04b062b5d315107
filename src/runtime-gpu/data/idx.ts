/**
 * The IDX format of MNIST and Fashion-MNIST: 0x00 0x00, a type byte (0x08: unsigned byte), the
 * number of dimensions, each dimension as a big-endian u32, then the data in C order. Files are
 * often gzipped; both forms are read here with web-standard APIs only, so this runs in browsers,
 * workers and Node alike.
 */

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

export class IdxError extends Error {
  override name = 'IdxError';
}

const ubyte = 0x08;
const typeNames: Record<number, string> = {
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

export const isGzip = (bytes: Uint8Array): boolean => bytes[0] === 0x1f && bytes[1] === 0x8b;

export async function gunzip(bytes: Uint8Array, what = 'file'): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new IdxError(`${what}: gzip data is corrupt or truncated (${(e as Error).message})`);
  }
}

/** Parses an uncompressed IDX file of unsigned bytes; `data` is a view into `bytes`. */
export function parseIdx(bytes: Uint8Array, what = 'IDX file'): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new IdxError(`${what}: not an IDX file (magic bytes ${magic || 'missing'})`);
  }
  const type = bytes[2]!;
  if (type !== ubyte) {
    const name = typeNames[type] ?? `unknown type 0x${type.toString(16)}`;
    throw new IdxError(`${what}: holds ${name} values; only unsigned bytes (0x08) are supported`);
  }
  const rank = bytes[3]!;
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new IdxError(`${what}: file ends inside its header (${rank} dimensions)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((p, d) => p * d, 1);
  if (bytes.length - headerBytes !== size) {
    throw new IdxError(
      `${what}: dimensions ${dims.join('×')} need ${size} bytes of data, ` +
        `the file has ${bytes.length - headerBytes}${bytes.length - headerBytes < size ? ' (truncated?)' : ''}`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

/** Parses an IDX file, gunzipping it first when it starts with the gzip magic 1f 8b. */
export async function readIdx(bytes: Uint8Array, what = 'IDX file'): Promise<IdxArray> {
  return parseIdx(isGzip(bytes) ? await gunzip(bytes, what) : bytes, what);
}

export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const size = dims.reduce((p, d) => p * d, 1);
  if (data.length !== size) {
    throw new IdxError(`dimensions ${dims.join('×')} need ${size} bytes, got ${data.length}`);
  }
  const out = new Uint8Array(4 + 4 * dims.length + size);
  const view = new DataView(out.buffer);
  out[2] = ubyte;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

export interface IdxImages {
  count: number;
  height: number;
  width: number;
  /** count × height × width bytes, row-major. */
  data: Uint8Array;
}

/** Reads an images file (rank 3: count × rows × columns). */
export async function readIdxImages(bytes: Uint8Array, what = 'images file'): Promise<IdxImages> {
  const { dims, data } = await readIdx(bytes, what);
  if (dims.length !== 3) {
    throw new IdxError(
      `${what}: images need 3 dimensions (count × height × width), found ${dims.length} (${dims.join('×')})`,
    );
  }
  const [count, height, width] = dims as [number, number, number];
  return { count, height, width, data };
}

/** Reads a labels file (rank 1: count). */
export async function readIdxLabels(bytes: Uint8Array, what = 'labels file'): Promise<Uint8Array> {
  const { dims, data } = await readIdx(bytes, what);
  if (dims.length !== 1) {
    throw new IdxError(
      `${what}: labels need 1 dimension (count), found ${dims.length} (${dims.join('×')})`,
    );
  }
  return data;
}
