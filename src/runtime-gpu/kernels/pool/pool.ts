import { elementCount, uniformWords, type KernelCall, type TensorDesc } from '../../kernel.js';
import { flatCall, read, write } from '../flat.js';
import { poolOutput, type Pool2dDims } from './dims.js';
import {
  avgPoolBackwardWgsl,
  avgPoolForwardWgsl,
  maxPoolBackwardWgsl,
  maxPoolForwardWgsl,
} from './pool.wgsl.js';

export { poolOutput, type Pool2dDims } from './dims.js';

function poolUniforms(d: Pool2dDims, threads: number, accumulate: boolean): ArrayBuffer {
  const [oh, ow] = poolOutput(d);
  return uniformWords([
    threads,
    d.h,
    d.w,
    oh,
    ow,
    d.kernel[0],
    d.kernel[1],
    d.stride[0],
    d.stride[1],
    d.padding[0],
    d.padding[1],
    accumulate ? 1 : 0,
    d.countIncludePad === false ? 0 : 1,
  ]);
}

const outputCount = (d: Pool2dDims): number => d.n * d.c * elementCount(poolOutput(d));
const inputCount = (d: Pool2dDims): number => d.n * d.c * d.h * d.w;

/** What MaxPool2d's forward keeps for its backward: each output's argmax within its plane. */
export function maxPool2dSaved(prefix: string, d: Pool2dDims): TensorDesc[] {
  return [{ name: `${prefix}.argmax`, shape: [d.n, d.c, ...poolOutput(d)], dtype: 'u32' }];
}

/** y = MaxPool2d(x); `argmax` is the tensor named by maxPool2dSaved. */
export function maxPool2dForward(
  x: string,
  y: string,
  argmax: string,
  d: Pool2dDims,
): KernelCall[] {
  const n = outputCount(d);
  return [
    flatCall(
      'maxpool2d.forward',
      maxPoolForwardWgsl,
      [read(x), write(y), write(argmax)],
      poolUniforms(d, n, false),
      n,
    ),
  ];
}

export function maxPool2dBackward(
  dy: string,
  argmax: string,
  dx: string,
  d: Pool2dDims,
  accumulate: boolean,
): KernelCall[] {
  const n = inputCount(d);
  return [
    flatCall(
      'maxpool2d.backward',
      maxPoolBackwardWgsl,
      [read(dy), read(argmax), write(dx)],
      poolUniforms(d, n, accumulate),
      n,
    ),
  ];
}

/** y = AvgPool2d(x), dividing by the window with or without its padding (countIncludePad). */
export function avgPool2dForward(x: string, y: string, d: Pool2dDims): KernelCall[] {
  const n = outputCount(d);
  return [
    flatCall(
      'avgpool2d.forward',
      avgPoolForwardWgsl,
      [read(x), write(y)],
      poolUniforms(d, n, false),
      n,
    ),
  ];
}

export function avgPool2dBackward(
  dy: string,
  dx: string,
  d: Pool2dDims,
  accumulate: boolean,
): KernelCall[] {
  const n = inputCount(d);
  return [
    flatCall(
      'avgpool2d.backward',
      avgPoolBackwardWgsl,
      [read(dy), write(dx)],
      poolUniforms(d, n, accumulate),
      n,
    ),
  ];
}
