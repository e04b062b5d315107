/**
 * The safetensors format (huggingface/safetensors), in plain TypeScript so it runs in Node, the
 * browser and workers alike:
 *
 *   8 bytes   N, the header length, unsigned 64-bit little-endian
 *   N bytes   UTF-8 JSON: {"__metadata__": {string: string}?, name: {dtype, shape, data_offsets}}
 *             padded with spaces so the data starts 8-byte aligned
 *   rest      every tensor's bytes (little-endian, C order), back to back, no gaps
 *
 * `encode` lays files out as the reference implementation does (data ordered by dtype alignment,
 * largest first, then by name; header keys in that order after `__metadata__`), so a file it
 * writes is byte-identical to `safetensors.torch.save_file` of the same tensors.
 */

interface DtypeArrays {
  U64: BigUint64Array;
  I64: BigInt64Array;
  F64: Float64Array;
  F32: Float32Array;
  U32: Uint32Array;
  I32: Int32Array;
  /** bfloat16 bit patterns */
  BF16: Uint16Array;
  /** IEEE half bit patterns */
  F16: Uint16Array;
  U16: Uint16Array;
  I16: Int16Array;
  I8: Int8Array;
  U8: Uint8Array;
  BOOL: Uint8Array;
}

export type Dtype = keyof DtypeArrays;

/** One named tensor; `data` holds its elements in C order, typed by `dtype`. */
export type Tensor = {
  [D in Dtype]: { name: string; dtype: D; shape: number[]; data: DtypeArrays[D] };
}[Dtype];

export interface SafetensorsFile {
  /** In the order their data lies in the file. */
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

/**
 * Dtypes in the reference implementation's enum order (increasing alignment); files order their
 * data by the reverse of this, then by name.
 */
const dtypeOrder: readonly Dtype[] = [
  'BOOL',
  'U8',
  'I8',
  'I16',
  'U16',
  'F16',
  'BF16',
  'I32',
  'U32',
  'F32',
  'F64',
  'I64',
  'U64',
];

const arrayTypes: { [D in Dtype]: new (buffer: ArrayBuffer) => DtypeArrays[D] } = {
  U64: BigUint64Array,
  I64: BigInt64Array,
  F64: Float64Array,
  F32: Float32Array,
  U32: Uint32Array,
  I32: Int32Array,
  BF16: Uint16Array,
  F16: Uint16Array,
  U16: Uint16Array,
  I16: Int16Array,
  I8: Int8Array,
  U8: Uint8Array,
  BOOL: Uint8Array,
};

const isDtype = (s: unknown): s is Dtype => typeof s === 'string' && s in arrayTypes;

export const dtypeBytes = (d: Dtype): number => arrayTypes[d].prototype.BYTES_PER_ELEMENT;

/** The reference implementation refuses headers above 100 MB; so do we. */
const maxHeaderBytes = 100_000_000;

const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
function requireLittleEndian(): void {
  // Typed arrays use the platform's byte order; every WebGPU platform is little-endian.
  if (!littleEndian) throw new SafetensorsError('safetensors needs a little-endian platform');
}

const elementCount = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** Code-point order, which is the byte order of UTF-8 (the reference sorts names as bytes). */
function compareNames(a: string, b: string): number {
  const ca = [...a].map((c) => c.codePointAt(0)!);
  const cb = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    if (ca[i] !== cb[i]) return ca[i]! - cb[i]!;
  }
  return ca.length - cb.length;
}

const isShape = (s: unknown): s is number[] =>
  Array.isArray(s) && s.every((d) => Number.isSafeInteger(d) && d >= 0);

export function encode(tensors: readonly Tensor[], metadata?: Record<string, string>): Uint8Array {
  requireLittleEndian();
  const seen = new Set<string>();
  for (const t of tensors) {
    if (t.name === '__metadata__') throw new SafetensorsError('"__metadata__" is a reserved name');
    if (seen.has(t.name)) throw new SafetensorsError(`tensor "${t.name}" appears twice`);
    seen.add(t.name);
    if (!isDtype(t.dtype)) throw new SafetensorsError(`tensor "${t.name}": unknown dtype`);
    if (!isShape(t.shape)) {
      throw new SafetensorsError(`tensor "${t.name}": shape must be non-negative integers`);
    }
    if (!(t.data instanceof arrayTypes[t.dtype])) {
      throw new SafetensorsError(`tensor "${t.name}": ${t.dtype} data must be a typed array of it`);
    }
    if (t.data.length !== elementCount(t.shape)) {
      throw new SafetensorsError(
        `tensor "${t.name}": shape [${t.shape.join(', ')}] needs ${elementCount(t.shape)} ` +
          `elements, data has ${t.data.length}`,
      );
    }
  }
  const ordered = [...tensors].sort(
    (a, b) =>
      dtypeOrder.indexOf(b.dtype) - dtypeOrder.indexOf(a.dtype) || compareNames(a.name, b.name),
  );

  // Built by hand: JSON.stringify would move integer-like keys ("0", "1") to the front.
  const entries: string[] = [];
  if (metadata) {
    const keys = Object.keys(metadata).sort(compareNames);
    for (const k of keys) {
      if (typeof metadata[k] !== 'string') {
        throw new SafetensorsError(`metadata "${k}" must be a string`);
      }
    }
    const body = keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`);
    entries.push(`"__metadata__":{${body.join(',')}}`);
  }
  let offset = 0;
  for (const t of ordered) {
    const end = offset + t.data.byteLength;
    const info = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, end] };
    entries.push(`${JSON.stringify(t.name)}:${JSON.stringify(info)}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${entries.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;

  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const t of ordered) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

interface Entry {
  name: string;
  dtype: Dtype;
  shape: number[];
  begin: number;
  end: number;
}

function parseHeader(bytes: Uint8Array): { entries: Entry[]; metadata: Record<string, string> } {
  if (bytes.length < 8) {
    throw new SafetensorsError(`file is ${bytes.length} bytes, too short for a header length`);
  }
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(maxHeaderBytes)) {
    throw new SafetensorsError(`header length ${n} is over the 100 MB limit: corrupt file?`);
  }
  if (Number(n) > bytes.length - 8) {
    throw new SafetensorsError(
      `header length ${n} runs past the end of the file (${bytes.length} bytes): truncated?`,
    );
  }
  let header: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + Number(n)));
    if (!text.startsWith('{')) throw new Error('it does not start with "{"');
    header = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(`header is not a JSON object: ${(e as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new SafetensorsError('header is not a JSON object');
  }

  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(header)) {
    const v = value as Record<string, unknown> | null;
    if (name === '__metadata__') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) {
        throw new SafetensorsError('__metadata__ must be an object of strings');
      }
      for (const [k, s] of Object.entries(v)) {
        if (typeof s !== 'string') throw new SafetensorsError(`__metadata__.${k} is not a string`);
        metadata[k] = s;
      }
      continue;
    }
    const offsets = v?.data_offsets;
    if (
      typeof v !== 'object' ||
      v === null ||
      !isDtype(v.dtype) ||
      !isShape(v.shape) ||
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
    ) {
      throw new SafetensorsError(
        `tensor "${name}": entry must be {dtype: one of ${dtypeOrder.join('|')}, ` +
          `shape: [integers ≥ 0], data_offsets: [begin, end]}, got ${JSON.stringify(v)}`,
      );
    }
    const [begin, end] = offsets as [number, number];
    entries.push({ name, dtype: v.dtype, shape: v.shape, begin, end });
  }
  return { entries, metadata };
}

/** Reads a safetensors file; tensors are copied out, so `bytes` may be reused afterwards. */
export function decode(bytes: Uint8Array): SafetensorsFile {
  requireLittleEndian();
  const { entries, metadata } = parseHeader(bytes);
  const dataStart =
    8 + Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  const dataLength = bytes.length - dataStart;

  // The data must be covered exactly: tensors back to back from 0 to the end of the file.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const e of entries) {
    if (e.begin !== expected || e.end < e.begin) {
      throw new SafetensorsError(
        `tensor "${e.name}": data_offsets [${e.begin}, ${e.end}] ` +
          `should start at ${expected} (tensors must be contiguous and not overlap)`,
      );
    }
    const bytesNeeded = elementCount(e.shape) * dtypeBytes(e.dtype);
    if (e.end - e.begin !== bytesNeeded) {
      throw new SafetensorsError(
        `tensor "${e.name}": ${e.dtype} [${e.shape.join(', ')}] needs ${bytesNeeded} bytes, ` +
          `data_offsets span ${e.end - e.begin}`,
      );
    }
    expected = e.end;
  }
  if (expected !== dataLength) {
    throw new SafetensorsError(
      expected > dataLength
        ? `tensor data needs ${expected} bytes but the file has ${dataLength}: truncated?`
        : `${dataLength - expected} bytes after the last tensor: corrupt file?`,
    );
  }

  const tensors = new Map<string, Tensor>();
  for (const e of entries) {
    const start = bytes.byteOffset + dataStart + e.begin;
    const copy = bytes.buffer.slice(start, start + (e.end - e.begin)) as ArrayBuffer;
    const data = new arrayTypes[e.dtype](copy);
    tensors.set(e.name, { name: e.name, dtype: e.dtype, shape: e.shape, data } as Tensor);
  }
  return { tensors, metadata };
}

/** A file's metadata, read from its header alone. */
export const metadataOf = (bytes: Uint8Array): Record<string, string> =>
  parseHeader(bytes).metadata;

/** The same tensors with `metadata` merged into the file's own. */
export function withMetadata(bytes: Uint8Array, metadata: Record<string, string>): Uint8Array {
  const file = decode(bytes);
  return encode([...file.tensors.values()], { ...file.metadata, ...metadata });
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** A tensor's values as float32, from any dtype (64-bit integers must fit in 2^53). */
export function toFloat32(t: Tensor): Float32Array {
  switch (t.dtype) {
    case 'F32':
      return t.data;
    case 'F16':
      return Float32Array.from(t.data, halfToFloat);
    case 'BF16': {
      const bits = new Uint32Array(t.data.length);
      bits.forEach((_, i) => (bits[i] = t.data[i]! << 16));
      return new Float32Array(bits.buffer);
    }
    case 'I64':
    case 'U64':
      return Float32Array.from(t.data, (v) => {
        const n = Number(v);
        if (!Number.isSafeInteger(n)) {
          throw new SafetensorsError(
            `tensor "${t.name}": ${v} is beyond ±2^53, too large to convert exactly`,
          );
        }
        return n;
      });
    default:
      return Float32Array.from(t.data);
  }
}
