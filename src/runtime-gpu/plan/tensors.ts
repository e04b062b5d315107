import type { KernelCall, TensorDesc } from '../kernel.js';

/**
 * What a tensor holds. Persistent roles keep their own buffer across steps (weights, optimizer
 * state, the uploaded batch, results read back); the rest live only between their first and last
 * call and share buffers.
 */
export type TensorRole =
  | 'input'
  | 'labels'
  | 'weight'
  | 'buffer'
  | 'state'
  | 'output'
  | 'metric'
  | 'activation'
  | 'grad'
  | 'scratch';

const persistentRoles: ReadonlySet<TensorRole> = new Set([
  'input',
  'labels',
  'weight',
  'buffer',
  'state',
  'output',
  'metric',
]);

export const isPersistent = (role: TensorRole): boolean => persistentRoles.has(role);

export interface PlanTensor extends TensorDesc {
  role: TensorRole;
  /** Index of the first and last call that binds it; -1 when no call does. */
  first: number;
  last: number;
}

/** Sets each tensor's lifetime from the calls that bind it; a bound but undeclared tensor is a bug. */
export function setLifetimes(tensors: Map<string, PlanTensor>, calls: readonly KernelCall[]): void {
  for (const t of tensors.values()) {
    t.first = -1;
    t.last = -1;
  }
  calls.forEach((call, i) => {
    for (const b of call.bindings) {
      const t = tensors.get(b.tensor);
      if (!t) throw new Error(`${call.label} binds "${b.tensor}", which the plan never declared`);
      if (t.first < 0) t.first = i;
      t.last = i;
    }
  });
}
