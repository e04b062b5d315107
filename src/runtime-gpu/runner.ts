import {
  createStorage,
  encodeCalls,
  recordCalls,
  type PipelineCache,
  type RecordedCall,
} from './gpu.js';
import type { Plan } from './plan/compile.js';
import { isPersistent } from './plan/tensors.js';
import { timeCalls } from './profile.js';

/** One call of a plan and the GPU time it took. */
export interface CallTime {
  /** The kernel, e.g. `conv2d.forward`. */
  label: string;
  /** The tensors it writes, which name the op it belongs to. */
  writes: string[];
  workgroups: [number, number, number];
  ms: number;
}

/**
 * A plan made real: one GPUBuffer per slot and every call's bind group, made once. Weights,
 * BatchNorm statistics and optimizer state come from `shared` (so a training and an evaluation
 * plan see the same weights); the plan's other buffers belong to the runner.
 */
export class PlanRunner {
  readonly buffers = new Map<string, GPUBuffer>();
  private readonly own: GPUBuffer[] = [];
  private recorded: RecordedCall[] = [];

  private constructor(
    private readonly device: GPUDevice,
    readonly plan: Plan,
  ) {}

  static async create(
    device: GPUDevice,
    cache: PipelineCache,
    plan: Plan,
    shared: ReadonlyMap<string, GPUBuffer>,
  ): Promise<PlanRunner> {
    const r = new PlanRunner(device, plan);
    await cache.prepare(plan.calls);
    plan.slots.forEach((slot) => {
      const first = plan.tensors.get(slot.tensors[0]!)!;
      const external = isPersistent(first.role) ? shared.get(first.name) : undefined;
      const buffer = external ?? createStorage(device, slot.bytes, slot.tensors.join(' | '));
      if (!external) r.own.push(buffer);
      for (const t of slot.tensors) r.buffers.set(t, buffer);
    });
    for (const [alias, source] of plan.aliases) r.buffers.set(alias, r.buffers.get(source)!);
    r.recorded = recordCalls(device, cache, plan.calls, r.buffers);
    return r;
  }

  buffer(tensor: string): GPUBuffer {
    const b = this.buffers.get(tensor);
    if (!b) throw new Error(`the plan has no tensor "${tensor}"`);
    return b;
  }

  /** Rewrites the uniforms that depend on the training step (1-based) before it is submitted. */
  setStep(step: number): void {
    for (const p of this.plan.perStep) {
      this.device.queue.writeBuffer(this.recorded[p.call]!.uniforms!, 0, p.uniforms(step));
    }
  }

  encode(encoder: GPUCommandEncoder): void {
    encodeCalls(encoder, this.recorded);
  }

  /** Runs the plan `repeats` times, timing every call (see timeCalls). */
  async time(repeats: number): Promise<CallTime[]> {
    const ms = await timeCalls(this.device, this.recorded, repeats);
    return this.plan.calls.map((c, i) => ({
      label: c.label,
      writes: c.bindings.filter((b) => b.access === 'read_write').map((b) => b.tensor),
      workgroups: c.workgroups,
      ms: ms[i]!,
    }));
  }

  destroy(): void {
    for (const b of this.own) b.destroy();
  }
}
