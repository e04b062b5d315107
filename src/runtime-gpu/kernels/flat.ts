import { grid1d, type Binding, type KernelCall } from '../kernel.js';

/** Threads per workgroup for the one-thread-per-element kernels. */
export const flatWorkgroup = 64;

/**
 * WGSL entry point for a kernel dispatched by `flatCall`: the body sees `i`, the thread's flat
 * index (grid1d folds large counts over two grid axes), and must bound-check it itself.
 */
export const flatMain = (body: string): string => /* wgsl */ `
@compute @workgroup_size(${flatWorkgroup})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * ${flatWorkgroup}u;
${body}
}`;

/** A one-thread-per-item call over `threads` items. */
export function flatCall(
  label: string,
  code: string,
  bindings: Binding[],
  uniforms: ArrayBuffer,
  threads: number,
): KernelCall {
  return { label, code, bindings, uniforms, workgroups: grid1d(threads, flatWorkgroup) };
}

export const read = (tensor: string): Binding => ({ tensor, access: 'read' });
export const write = (tensor: string): Binding => ({ tensor, access: 'read_write' });
