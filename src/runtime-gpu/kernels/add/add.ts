import { uniformWords, type KernelCall } from '../../kernel.js';
import { channelCopy } from '../concat/slice.js';
import { flatCall, read, write } from '../flat.js';
import { addWgsl } from './add.wgsl.js';

/** Inputs per call: with y they stay within WebGPU's default 8 storage buffers per stage. */
const perCall = 6;

/** y = x0 + x1 + … elementwise over `count` values (any number of inputs ≥ 1). */
export function addForward(inputs: string[], y: string, count: number): KernelCall[] {
  const calls: KernelCall[] = [];
  for (let k = 0; k < inputs.length; k += perCall) {
    const group = inputs.slice(k, k + perCall);
    calls.push(
      flatCall(
        'add.forward',
        addWgsl(group.length),
        [...group.map(read), write(y)],
        uniformWords([count, k > 0 ? 1 : 0]),
        count,
      ),
    );
  }
  return calls;
}

/** Every input's gradient is dy; null where an input needs no gradient. */
export function addBackward(
  dy: string,
  dx: (string | null)[],
  accumulate: boolean[],
  count: number,
): KernelCall[] {
  return dx.flatMap((g, k) =>
    g === null
      ? []
      : [
          channelCopy(
            'add.backward',
            { tensor: dy, channels: 1, offset: 0 },
            { tensor: g, channels: 1, offset: 0 },
            1,
            1,
            count,
            accumulate[k]!,
          ),
        ],
  );
}
