/** How a kernel uses a tensor. A GPUBuffer may not be bound as both in one dispatch. */
export type Access = 'read' | 'read_write';

export interface Binding {
  tensor: string;
  access: Access;
}

/**
 * One compute dispatch, described without touching the GPU so a plan can be built, inspected
 * and replayed. Storage bindings are `@group(0) @binding(i)` in array order; when `uniforms` is
 * present it is bound next, at `@binding(bindings.length)`, as a uniform buffer.
 */
export interface KernelCall {
  label: string;
  /** WGSL source with one `@compute` entry point named `main`; pipelines are cached by it. */
  code: string;
  bindings: Binding[];
  uniforms?: ArrayBuffer;
  workgroups: [number, number, number];
}

export type DType = 'f32' | 'u32' | 'i32';

/** A tensor's full shape (batch first where it has one) and element type. */
export interface TensorDesc {
  name: string;
  shape: number[];
  dtype: DType;
}

export const elementCount = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** Packs numbers into a uniform block of 4-byte words; u32 unless listed in `floats`. */
export function uniformWords(
  values: number[],
  floats: ReadonlySet<number> = new Set(),
): ArrayBuffer {
  // Uniform buffers are sized in 16-byte steps.
  const words = Math.max(4, Math.ceil(values.length / 4) * 4);
  const buf = new ArrayBuffer(words * 4);
  const u = new Uint32Array(buf);
  const f = new Float32Array(buf);
  values.forEach((v, i) => {
    if (floats.has(i)) f[i] = v;
    else u[i] = v;
  });
  return buf;
}

/** Splits a 1-D workgroup count over x and y so no dimension passes WebGPU's 65,535 limit. */
export function grid1d(threads: number, workgroupSize: number): [number, number, number] {
  const groups = Math.ceil(threads / workgroupSize);
  if (groups <= 65535) return [Math.max(groups, 1), 1, 1];
  const y = Math.ceil(groups / 65535);
  return [Math.ceil(groups / y), y, 1];
}
