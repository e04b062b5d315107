import { flatMain } from '../flat.js';

/** y (+)= x0 + x1 + … over `inputs` tensors, summed left to right as PyTorch's a + b + c. */
export const addWgsl = (inputs: number): string => {
  const xs = Array.from({ length: inputs }, (_, k) => k);
  return /* wgsl */ `
${xs.map((k) => `@group(0) @binding(${k}) var<storage, read> x${k}: array<f32>;`).join('\n')}
@group(0) @binding(${inputs}) var<storage, read_write> y: array<f32>;
struct U { count: u32, acc: u32 }
@group(0) @binding(${inputs + 1}) var<uniform> u: U;
${flatMain(/* wgsl */ `
  if (i >= u.count) { return; }
  var s = select(0.0, y[i], u.acc != 0u);
  ${xs.map((k) => `s += x${k}[i];`).join('\n  ')}
  y[i] = s;`)}`;
};
