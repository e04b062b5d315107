import type { OnnxAttribute } from '../graph/index.js';
import { onnxAttribute } from '../export/onnx.js';
import { onnx } from '../export/onnxProto/onnx.js';

/** Test support: ONNX models written by hand, through the same generated encoder as the exporter. */

export interface TestNode {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attributes?: Record<string, OnnxAttribute>;
}

export interface TestModel {
  opset?: number;
  /** Graph inputs: name and dims (a string is a symbolic dim). */
  inputs?: { name: string; dims: (number | string)[]; type?: number }[];
  outputs?: string[];
  nodes: TestNode[];
  /** Float initializers by name: dims and values (a number fills them). */
  initializers?: Record<
    string,
    { dims: number[]; values?: ArrayLike<number> | number; int64?: boolean }
  >;
  name?: string;
}

const tensorType = (dims: (number | string)[], elem = onnx.TensorProto.DataType.FLOAT) => ({
  tensor_type: {
    elem_type: elem,
    shape: { dim: dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d })) },
  },
});

/** A float or int64 tensor proto. */
export function tensorProto(
  name: string,
  dims: number[],
  values: ArrayLike<number>,
  int64 = false,
): onnx.TensorProto.$Properties {
  const data = int64
    ? BigInt64Array.from(Array.from(values), (v) => BigInt(v))
    : Float32Array.from(values);
  return {
    name,
    dims,
    data_type: int64 ? onnx.TensorProto.DataType.INT64 : onnx.TensorProto.DataType.FLOAT,
    raw_data: new Uint8Array(data.buffer),
  };
}

/** Encodes a model; an input of [N, 3, 8, 8] named x and output y unless told. */
export function testModel(m: TestModel): Uint8Array {
  const initializer = Object.entries(m.initializers ?? {}).map(([name, t]) => {
    const count = t.dims.reduce((a, b) => a * b, 1);
    const values =
      typeof t.values === 'number' || t.values === undefined
        ? new Float32Array(count).fill((t.values as number | undefined) ?? 0.5)
        : t.values;
    return tensorProto(name, t.dims, values, t.int64);
  });
  const model = {
    ir_version: 8,
    opset_import: [{ domain: '', version: m.opset ?? 17 }],
    producer_name: 'test',
    graph: {
      name: m.name ?? 'test',
      node: m.nodes.map((n, i) => ({
        name: n.name ?? `${n.op.toLowerCase()}${i}`,
        op_type: n.op,
        domain: n.domain ?? '',
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attributes ?? {}).map(([k, a]) => onnxAttribute(k, a)),
      })),
      initializer,
      input: (m.inputs ?? [{ name: 'x', dims: ['N', 3, 8, 8] }]).map((v) => ({
        name: v.name,
        type: tensorType(v.dims, v.type),
      })),
      output: (m.outputs ?? ['y']).map((name) => ({ name, type: tensorType(['N']) })),
    },
  };
  return onnx.ModelProto.encode(model).finish();
}
