import protobuf from 'protobufjs/minimal.js';
import type { OnnxTensor } from '../graph/index.js';
import { onnx } from '../export/onnxProto/onnx.js';
import { ImportError } from './errors.js';

/** ONNX files are protobuf messages, which cannot pass 2 GiB; larger models keep data outside. */
const maxBytes = 2 ** 31 - 1;

/**
 * Decoded items (messages and repeated values) a model may hold. Real networks hold a few
 * thousand; the limit keeps a hostile file of, say, a hundred million empty nodes from taking
 * gigabytes of memory, as every item becomes an object of its own.
 */
const maxItems = 2_000_000;

/** A message to walk into, a packed list (up to one value per byte), or one value to skip. */
type Field = 'message' | 'packed' | 'leaf';

/** The message fields of onnx.proto the decoder reads (others are skipped), by message. */
const schema: Record<string, Record<number, [Field, string?]>> = {
  ModelProto: { 7: ['message', 'GraphProto'], 8: ['leaf'] },
  GraphProto: {
    1: ['message', 'NodeProto'],
    5: ['message', 'TensorProto'],
    11: ['message', 'ValueInfoProto'],
    12: ['message', 'ValueInfoProto'],
    13: ['message', 'ValueInfoProto'],
  },
  NodeProto: { 1: ['leaf'], 2: ['leaf'], 5: ['message', 'AttributeProto'] },
  AttributeProto: { 5: ['message', 'TensorProto'], 7: ['packed'], 8: ['packed'] },
  TensorProto: {
    1: ['packed'],
    4: ['packed'],
    5: ['packed'],
    7: ['packed'],
    10: ['packed'],
    13: ['leaf'],
  },
  ValueInfoProto: { 2: ['message', 'TypeProto'] },
  TypeProto: { 1: ['message', 'TypeTensor'] },
  TypeTensor: { 2: ['message', 'Shape'] },
  Shape: { 1: ['leaf'] },
};

/**
 * Counts what decoding would allocate, walking the same fields without building anything;
 * throws before the decoder allocates more than maxItems items. A packed field's values are
 * counted by bytes, the most values it can hold.
 */
function countItems(bytes: Uint8Array): number {
  const reader = protobuf.Reader.create(bytes);
  let items = 0;
  const walk = (type: string, end: number) => {
    const fields = schema[type]!;
    while (reader.pos < end) {
      const tag = reader.uint32();
      const [number, wire] = [tag >>> 3, tag & 7];
      const field = fields[number];
      if (field && wire === 2) {
        const length = reader.uint32();
        if (reader.pos + length > end) throw new RangeError('a field runs past its message');
        items += field[0] === 'packed' ? length : 1;
        if (items > maxItems) {
          throw new ImportError(
            `the model holds more than ${maxItems.toLocaleString('en-US')} nodes, tensors and values; CNN Studio reads models up to that size`,
          );
        }
        if (field[0] === 'message') walk(field[1]!, reader.pos + length);
        else reader.skip(length);
      } else {
        if (field) items += 1;
        reader.skipType(wire);
      }
    }
    if (reader.pos !== end) throw new RangeError('a field runs past its message');
  };
  walk('ModelProto', bytes.length);
  return items;
}

/** The model in `bytes`, or an ImportError saying in one line why it is not a readable ONNX file. */
export function decodeModel(bytes: Uint8Array): onnx.ModelProto {
  if (bytes.length === 0) throw new ImportError('the file is empty');
  if (bytes.length > maxBytes) {
    throw new ImportError('the file is larger than 2 GiB, the most an ONNX file holds');
  }
  try {
    countItems(bytes);
    return onnx.ModelProto.decode(bytes);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(`not an ONNX model (${(e as Error).message})`);
  }
}

type Long = { toNumber(): number } | number;

/** An int64 field as a number; refuses one past 2^53, which no size or attribute needs. */
export function toNumber(v: Long | null | undefined, what: string): number {
  const n = typeof v === 'number' ? v : v ? v.toNumber() : 0;
  if (!Number.isSafeInteger(n)) throw new ImportError(`${what} is ${n}, past any size`);
  return n;
}

const { DataType } = onnx.TensorProto;

/** Bytes per element of the raw_data of each type read. */
const rawWidth: Partial<Record<number, number>> = {
  [DataType.FLOAT]: 4,
  [DataType.DOUBLE]: 8,
  [DataType.FLOAT16]: 2,
  [DataType.INT64]: 8,
  [DataType.INT32]: 4,
  [DataType.INT8]: 1,
  [DataType.UINT8]: 1,
  [DataType.BOOL]: 1,
};

/** IEEE half to float. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function fromRaw(raw: Uint8Array, type: number, count: number): Float32Array {
  // Float32 as is: one copy (typed arrays are little-endian on every platform WebGPU runs on).
  // `new Uint8Array(raw)` copies even a Node Buffer, whose slice() would be a view of the file.
  if (type === DataType.FLOAT) return new Float32Array(new Uint8Array(raw).buffer, 0, count);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const read: Record<number, (i: number) => number> = {
    [DataType.FLOAT]: (i) => view.getFloat32(4 * i, true),
    [DataType.DOUBLE]: (i) => view.getFloat64(8 * i, true),
    [DataType.FLOAT16]: (i) => halfToFloat(view.getUint16(2 * i, true)),
    [DataType.INT64]: (i) => Number(view.getBigInt64(8 * i, true)),
    [DataType.INT32]: (i) => view.getInt32(4 * i, true),
    [DataType.INT8]: (i) => view.getInt8(i),
    [DataType.UINT8]: (i) => view.getUint8(i),
    [DataType.BOOL]: (i) => view.getUint8(i),
  };
  return Float32Array.from({ length: count }, (_, i) => read[type]!(i));
}

/**
 * A tensor's values as float32, whichever way the file stores them; every length is checked
 * against the tensor's dims before anything of that size is allocated.
 */
export function tensorValues(t: onnx.TensorProto.$Properties, what: string): OnnxTensor {
  const dims = (t.dims ?? []).map((d) => toNumber(d, `a dimension of ${what}`));
  if (dims.some((d) => d < 0)) throw new ImportError(`${what} has a negative dimension`);
  const count = dims.reduce((a, b) => a * b, 1);
  if (t.data_location === onnx.TensorProto.DataLocation.EXTERNAL || t.external_data?.length) {
    throw new ImportError(
      `${what} keeps its data in an external file; save the model with the weights inside (onnx.save(model, path, save_as_external_data=False))`,
    );
  }
  const type = t.data_type ?? 0;
  const width = rawWidth[type];
  if (width === undefined) {
    throw new ImportError(
      `${what} has data type ${type}; CNN Studio reads float and integer tensors`,
    );
  }
  const mismatch = (n: number) =>
    new ImportError(`${what} holds ${n} values but its dims [${dims}] make ${count}`);
  const raw = t.raw_data;
  if (raw && raw.length > 0) {
    if (raw.length !== count * width) throw mismatch(Math.floor(raw.length / width));
    return { dims, data: fromRaw(raw, type, count) };
  }
  const listed =
    type === DataType.FLOAT || type === DataType.FLOAT16
      ? t.float_data
      : type === DataType.DOUBLE
        ? t.double_data
        : type === DataType.INT64
          ? t.int64_data
          : t.int32_data;
  const values = (listed ?? []) as Long[];
  if (values.length !== count) throw mismatch(values.length);
  const half = type === DataType.FLOAT16;
  return {
    dims,
    data: Float32Array.from(values, (v) => {
      const n = typeof v === 'number' ? v : v.toNumber();
      return half ? halfToFloat(n) : n;
    }),
  };
}
