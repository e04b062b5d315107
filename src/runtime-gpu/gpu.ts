import { elementCount, type KernelCall, type TensorDesc } from './kernel.js';
import { profileFeature } from './profile.js';

/**
 * Asks for the adapter's own limits rather than WebGPU's small defaults, and for timestamp
 * queries where the adapter has them (the profiler's only need).
 */
export async function requestDevice(gpu: GPU): Promise<{ adapter: GPUAdapter; device: GPUDevice }> {
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter is available on this machine');
  const l = adapter.limits;
  const device = await adapter.requestDevice({
    requiredFeatures: adapter.features.has(profileFeature) ? [profileFeature] : [],
    requiredLimits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeWorkgroupSizeY: l.maxComputeWorkgroupSizeY,
    },
  });
  return { adapter, device };
}

/** One compute pipeline per distinct WGSL source, made once. */
export class PipelineCache {
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  constructor(private readonly device: GPUDevice) {}

  get(code: string, label = 'kernel'): GPUComputePipeline {
    let p = this.pipelines.get(code);
    if (!p) {
      const module = this.device.createShaderModule({ code, label });
      p = this.device.createComputePipeline({
        layout: 'auto',
        compute: { module, entryPoint: 'main' },
        label,
      });
      this.pipelines.set(code, p);
    }
    return p;
  }

  /** Compiles many pipelines concurrently (compiles take seconds on software GPUs). */
  async prepare(calls: KernelCall[]): Promise<void> {
    const missing = new Map<string, string>();
    for (const c of calls) if (!this.pipelines.has(c.code)) missing.set(c.code, c.label);
    await Promise.all(
      [...missing].map(async ([code, label]) => {
        const module = this.device.createShaderModule({ code, label });
        const p = await this.device.createComputePipelineAsync({
          layout: 'auto',
          compute: { module, entryPoint: 'main' },
          label,
        });
        this.pipelines.set(code, p);
      }),
    );
  }

  get size(): number {
    return this.pipelines.size;
  }
}

const bytesPerElement = 4;

export function tensorBytes(t: Pick<TensorDesc, 'shape'>): number {
  // Storage bindings must be a multiple of 4 bytes and non-empty.
  return Math.max(bytesPerElement * elementCount(t.shape), 16);
}

/** A bind group and pipeline per call, made once, so running a call list is only encoding. */
export interface RecordedCall {
  label: string;
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  workgroups: [number, number, number];
  /** The call's uniform buffer, for values that change between runs (a step count, a seed). */
  uniforms?: GPUBuffer;
}

export function recordCalls(
  device: GPUDevice,
  cache: PipelineCache,
  calls: KernelCall[],
  buffers: ReadonlyMap<string, GPUBuffer>,
): RecordedCall[] {
  return calls.map((c) => {
    const pipeline = cache.get(c.code, c.label);
    let uniforms: GPUBuffer | undefined;
    const entries: GPUBindGroupEntry[] = c.bindings.map((b, i) => {
      const buffer = buffers.get(b.tensor);
      if (!buffer) throw new Error(`${c.label}: no buffer for tensor "${b.tensor}"`);
      return { binding: i, resource: { buffer } };
    });
    if (c.uniforms) {
      uniforms = device.createBuffer({
        size: c.uniforms.byteLength,
        usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
        label: `${c.label}:uniforms`,
      });
      device.queue.writeBuffer(uniforms, 0, c.uniforms);
      entries.push({ binding: c.bindings.length, resource: { buffer: uniforms } });
    }
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries,
      label: c.label,
    });
    return { label: c.label, pipeline, bindGroup, workgroups: c.workgroups, uniforms };
  });
}

export function encodeCalls(encoder: GPUCommandEncoder, calls: RecordedCall[]): void {
  const pass = encoder.beginComputePass();
  for (const c of calls) {
    pass.setPipeline(c.pipeline);
    pass.setBindGroup(0, c.bindGroup);
    pass.dispatchWorkgroups(...c.workgroups);
  }
  pass.end();
}

export function createStorage(device: GPUDevice, bytes: number, label: string): GPUBuffer {
  return device.createBuffer({
    size: Math.max(Math.ceil(bytes / 4) * 4, 16),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    label,
  });
}

export async function readBuffer(
  device: GPUDevice,
  buffer: GPUBuffer,
  bytes: number,
): Promise<ArrayBuffer> {
  const staging = device.createBuffer({
    size: Math.ceil(bytes / 4) * 4,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(buffer, 0, staging, 0, staging.size);
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = staging.getMappedRange().slice(0, bytes);
  staging.destroy();
  return out;
}
