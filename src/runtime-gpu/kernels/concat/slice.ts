import { uniformWords, type KernelCall } from '../../kernel.js';
import { flatCall, read, write } from '../flat.js';
import { channelCopyWgsl } from './slice.wgsl.js';

/** One side of a channel copy: a tensor of `channels` channels, read or written from `offset`. */
export interface ChannelSlice {
  tensor: string;
  channels: number;
  offset: number;
}

/** dst[:, dst.offset + k] (+)= src[:, src.offset + k] for k < count, over n samples of hw. */
export function channelCopy(
  label: string,
  src: ChannelSlice,
  dst: ChannelSlice,
  count: number,
  n: number,
  hw: number,
  accumulate: boolean,
): KernelCall {
  const block = count * hw;
  return flatCall(
    label,
    channelCopyWgsl,
    [read(src.tensor), write(dst.tensor)],
    uniformWords([
      n * block,
      block,
      src.channels,
      src.offset,
      dst.channels,
      dst.offset,
      hw,
      accumulate ? 1 : 0,
    ]),
    n * block,
  );
}
