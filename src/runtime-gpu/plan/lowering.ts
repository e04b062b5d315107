import type { Op, WeightSpec } from '../../graph/index.js';
import type { FusedActivation } from '../kernels/activation/activation.js';
import type { KernelCall, TensorDesc } from '../kernel.js';
import type { KernelSelector } from '../tune/problem.js';

/** The tensors one op works on, by name, and a way to add tensors of its own. */
export interface OpTensors {
  op: Op;
  batch: number;
  training: boolean;
  /** The op's inputs, in port order. */
  x: string[];
  y: string;
  weight(name: WeightSpec['name']): string;
  /** Adds a tensor only this op uses: saved for its backward ('activation') or scratch. */
  declare(desc: TensorDesc, role: 'activation' | 'scratch'): void;
  /**
   * For calls whose uniforms change every training step (a dropout seed): `make(step)` gives
   * the calls for step 1, 2, …; the plan keeps those of step 1 and rewrites their uniforms.
   */
  everyStep(make: (step: number) => KernelCall[]): KernelCall[];
  /** Seed for random ops, fixed per compile. */
  seed: number;
  /** Which kernel variant runs each of the op's passes. */
  kernels: KernelSelector;
  /**
   * Set when the op's only consumer is this activation (and the op `fusesActivation`): the
   * forward applies it as it stores, and `y` is the activation's output.
   */
  activation?: FusedActivation;
}

export interface BackwardTensors extends OpTensors {
  dy: string;
  /** The gradient of each input, or null where that input needs none (the image). */
  dx: (string | null)[];
  /** True where dx already holds another consumer's share and this op must add to it. */
  accumulate: boolean[];
  /** The gradient of a trainable weight. */
  grad(name: WeightSpec['name']): string;
}

/** How one primitive kind becomes kernel calls. */
export interface Lowering {
  /** True when the output is the input's buffer seen with another shape: no kernel, no copy. */
  alias?(op: Op, training: boolean): boolean;
  /** True when the forward can apply a following activation as it stores (OpTensors.activation). */
  fusesActivation?: boolean;
  forward(t: OpTensors): KernelCall[];
  backward(t: BackwardTensors): KernelCall[];
}
