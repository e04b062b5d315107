import type { Window } from './layer.js';
import type { Shape } from './shape.js';

/** How many input pixels one output value sees (size) and how far apart neighbours' windows start (jump), per axis. */
export interface ReceptiveField {
  size: [number, number];
  jump: [number, number];
}

export const inputField: ReceptiveField = { size: [1, 1], jump: [1, 1] };

/** The widest of several inputs' fields, for merge layers. */
export function widest(fields: ReceptiveField[]): ReceptiveField {
  return fields.reduce((a, b) => (b.size[0] * b.size[1] > a.size[0] * a.size[1] ? b : a));
}

export function applyWindow(
  rf: ReceptiveField,
  window: Window | 'global' | 'identity',
  input: Shape,
): ReceptiveField {
  if (window === 'identity' || input.length !== 3) return rf;
  if (window === 'global') {
    const span = (axis: 0 | 1) => rf.size[axis] + (input[axis + 1]! - 1) * rf.jump[axis];
    return { size: [span(0), span(1)], jump: [rf.jump[0], rf.jump[1]] };
  }
  const grow = (axis: 0 | 1) => rf.size[axis] + (window.kernel[axis] - 1) * rf.jump[axis];
  return {
    size: [grow(0), grow(1)],
    jump: [rf.jump[0] * window.stride[0], rf.jump[1] * window.stride[1]],
  };
}
