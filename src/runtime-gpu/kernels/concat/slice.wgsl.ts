import { flatMain } from '../flat.js';

/**
 * Copies `channels` channels of every sample from src (starting at srcOffset of srcChannels)
 * into dst (at dstOffset of dstChannels), adding to dst when acc is set.
 */
export const channelCopyWgsl = /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
struct U {
  total: u32, block: u32, srcChannels: u32, srcOffset: u32,
  dstChannels: u32, dstOffset: u32, hw: u32, acc: u32,
}
@group(0) @binding(2) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i >= u.total) { return; }
  let b = i / u.block;
  let r = i % u.block;
  let d = (b * u.dstChannels + u.dstOffset) * u.hw + r;
  var v = src[(b * u.srcChannels + u.srcOffset) * u.hw + r];
  if (u.acc != 0u) { v += dst[d]; }
  dst[d] = v;`)}`;
