import type { KernelCall } from '../kernel.js';
import { tensorBytes } from '../gpu.js';
import { isPersistent, type PlanTensor } from './tensors.js';

/** One GPUBuffer of a plan and the tensors that take turns in it. */
export interface Slot {
  bytes: number;
  tensors: string[];
  persistent: boolean;
}

const overlaps = (a: PlanTensor, b: PlanTensor): boolean => a.first <= b.last && b.first <= a.last;

/**
 * Gives every tensor a slot. Persistent tensors get their own; the others, largest first, take the
 * first slot none of whose tensors is alive at the same time, or a new one. Largest first means a
 * slot's size is that of its first tensor and later ones always fit.
 */
export function assignSlots(tensors: readonly PlanTensor[]): {
  slots: Slot[];
  slotOf: Map<string, number>;
} {
  const slots: Slot[] = [];
  const slotOf = new Map<string, number>();
  const members: PlanTensor[][] = [];
  const add = (t: PlanTensor, persistent: boolean) => {
    slotOf.set(t.name, slots.length);
    slots.push({ bytes: tensorBytes(t), tensors: [t.name], persistent });
    members.push([t]);
  };
  for (const t of tensors) if (isPersistent(t.role)) add(t, true);
  const shared = tensors
    .filter((t) => !isPersistent(t.role) && t.first >= 0)
    .sort((a, b) => tensorBytes(b) - tensorBytes(a) || a.first - b.first);
  for (const t of shared) {
    const i = slots.findIndex((s, k) => !s.persistent && members[k]!.every((m) => !overlaps(m, t)));
    if (i < 0) {
      add(t, false);
      continue;
    }
    slotOf.set(t.name, i);
    slots[i]!.tensors.push(t.name);
    members[i]!.push(t);
  }
  return { slots, slotOf };
}

/** WebGPU forbids binding one buffer twice in a dispatch when either use writes; we never do it. */
export function checkDistinctBuffers(
  calls: readonly KernelCall[],
  slotOf: ReadonlyMap<string, number>,
): void {
  for (const call of calls) {
    const seen = new Map<number, string>();
    for (const b of call.bindings) {
      const slot = slotOf.get(b.tensor);
      if (slot === undefined) throw new Error(`${call.label}: tensor "${b.tensor}" has no buffer`);
      const other = seen.get(slot);
      if (other !== undefined) {
        throw new Error(`${call.label} binds "${other}" and "${b.tensor}", which share one buffer`);
      }
      seen.set(slot, b.tensor);
    }
  }
}
