/**
 * NaN tested by its bits. WGSL lets a compiler assume floats are never NaN, so `v != v` may fold
 * to false and max/min/clamp may return the other operand; kernels that must pass a NaN on (as
 * PyTorch does) test for it with this.
 */
export const isNanWgsl = /* wgsl */ `
fn isNan(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u; }`;

/** ±inf, by its bits. */
export const isInfWgsl = /* wgsl */ `
fn isInf(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) == 0x7f800000u; }`;

/**
 * A NaN made at run time from any value (a NaN literal is a compile-time error in WGSL), for
 * results that PyTorch's arithmetic makes NaN but a GPU's exp or log may not.
 */
export const nanWgsl = /* wgsl */ `
fn nanFrom(v: f32) -> f32 { return bitcast<f32>(bitcast<u32>(v) | 0x7fc00000u); }`;
