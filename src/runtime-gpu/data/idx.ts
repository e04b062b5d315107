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

/**
 * The most an IDX file may hold once inflated: one typed array (2 GiB in every browser; EMNIST's
 * largest file is 0.7 GB).
 */
export const maxIdxBytes = 2 ** 31 - 1;

/** The first `n` bytes of a list of chunks, or null while fewer have arrived. */
function head(chunks: readonly Uint8Array[], total: number, n: number): Uint8Array | null {
  if (total < n) return null;
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    if (at >= n) break;
    out.set(c.subarray(0, n - at), at);
    at += Math.min(c.length, n - at);
  }
  return out;
}

/** The size an IDX file's header declares (header included), once the header is in `first`. */
function declaredSize(first: Uint8Array): number | null {
  if (first.length < 4) return null;
  const rank = first[3]!;
  if (first.length < 4 + 4 * rank) return null;
  const view = new DataView(first.buffer, first.byteOffset, first.length);
  let size = 4 + 4 * rank;
  let data = 1;
  for (let i = 0; i < rank; i++) data *= view.getUint32(4 + 4 * i, false);
  size += data;
  return size;
}

/**
 * Inflates a gzipped IDX file, stopping as soon as it holds more than its header declares or
 * more than `limit` bytes (a small .gz can inflate to gigabytes: a "gzip bomb").
 */
export async function gunzip(
  bytes: Uint8Array,
  what = 'file',
  limit = maxIdxBytes,
): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let bound = limit;
  let declared: number | null = null;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
      if (declared === null) {
        const first = head(chunks, total, Math.min(total, 4 + 4 * 255));
        declared = first && isIdxHeader(first) ? declaredSize(first) : null;
        if (declared !== null && declared > limit) {
          throw new IdxError(
            `${what}: its header declares ${declared} bytes, over the limit of ${limit} bytes an IDX file may hold`,
          );
        }
        if (declared !== null) bound = declared;
      }
      if (total > bound) {
        throw new IdxError(
          declared !== null
            ? `${what}: inflates to more than the ${declared} bytes its IDX header declares (a gzip bomb?); stopped there`
            : `${what}: inflates to more than ${limit} bytes, the limit of an IDX file; stopped there`,
        );
      }
    }
  } catch (e) {
    await reader.cancel().catch(() => {});
    if (e instanceof IdxError) throw e;
    throw new IdxError(`${what}: gzip data is corrupt or truncated (${(e as Error).message})`);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const isIdxHeader = (first: Uint8Array): boolean =>
  first.length >= 4 && first[0] === 0 && first[1] === 0;

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
