import { convEntry, convUniformStruct, perThread, unroll, type Tile } from './tiling.js';

/** Where the filter-gradient kernel writes: straight to dw (and db), or to split-K partials. */
export type FilterOutput = { kind: 'direct'; bias: boolean } | { kind: 'partials' };

/**
 * Conv filter gradient as a GEMM per channel group: rows are the group's output channels along
 * y, columns are filter taps (ci, ky, kx) of the group's input channels along x, the reduction
 * runs over output pixels (n, oy, ox) — one `chunk` of them per split-K slice; `part` is
 * group × slices + slice. The bias gradient Σ dy rides along as column `taps` of the partials.
 * Partials are laid out [slices, cout, taps + 1] and summed in a fixed order by the reduce
 * kernel, so results are deterministic.
 */
export function conv2dBackwardFilterWgsl(t: Tile, out: FilterOutput): string {
  const cols = t.wx * perThread;
  const rows = t.wy * perThread;
  const outputs =
    out.kind === 'partials'
      ? '@group(0) @binding(2) var<storage, read_write> partials: array<f32>;'
      : `@group(0) @binding(2) var<storage, read_write> dw: array<f32>;
${out.bias ? '@group(0) @binding(3) var<storage, read_write> db: array<f32>;' : ''}`;
  const uBinding = out.kind === 'direct' && out.bias ? 4 : 3;
  const write = (i: number, j: number): string =>
    out.kind === 'partials'
      ? `partials[(slice * u.cout + co${i}) * (taps + 1u) + col${j}] = acc${i}[${j}];`
      : `dw[co${i} * taps + col${j}] = acc${i}[${j}];`;
  const writeBias = (i: number): string =>
    out.kind === 'partials'
      ? `partials[(slice * u.cout + co${i}) * (taps + 1u) + taps] = biasAcc[${i}];`
      : out.bias
        ? `db[co${i}] = biasAcc[${i}];`
        : '';
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
${outputs}
${convUniformStruct}
@group(0) @binding(${uBinding}) var<uniform> u: U;
${convEntry(t)}
  let ohw = u.oh * u.ow;
  let hw = u.inH * u.inW;
  let khw = u.kh * u.kw;
  let cinG = u.cin / u.groups;
  let coutG = u.cout / u.groups;
  let taps = cinG * khw;
  let slices = u.parts / u.groups;
  let grp = part / slices;
  let slice = part % slices;
${unroll(
  (j) => `
  let col${j} = tn * ${cols}u + l.x + ${t.wx * j}u;
  let colOk${j} = col${j} < taps;
  let ci${j} = min(col${j}, taps - 1u) / khw;
  let ky${j} = min(col${j}, taps - 1u) % khw / u.kw;
  let kxp${j} = i32(min(col${j}, taps - 1u) % u.kw * u.dilW) - i32(u.pw);
  let xc${j} = i32((grp * cinG + ci${j}) * hw) + kxp${j};`,
)}
${unroll(
  (i) => `
  let cl${i} = tm * ${rows}u + l.y + ${t.wy * i}u;
  let co${i} = grp * coutG + cl${i};
  let dyc${i} = (grp * coutG + min(cl${i}, coutG - 1u)) * ohw;`,
)}
${unroll((i) => `  var acc${i} = vec4f(0.0);`)}
  var biasAcc = vec4f(0.0);
  let pixels = u.n * ohw;
  let k1 = min(pixels, (slice + 1u) * u.chunk);
  var k = slice * u.chunk;
  // One output row (n, oy) at a time so row indices and bounds are computed once per row.
  while (k < k1) {
    let row = k / u.ow;
    let oxStart = k % u.ow;
    let oxEnd = min(u.ow, oxStart + (k1 - k));
    let nb = row / u.oh;
    let oy = row % u.oh;
    let xn = i32(nb * u.cin * hw);
    let dyr = nb * u.cout * ohw + oy * u.ow;
${unroll(
  (j) => `
    let iy${j} = i32(oy * u.sh + ky${j} * u.dilH) - i32(u.ph);
    let rowOk${j} = colOk${j} && u32(iy${j}) < u.inH;
    let xr${j} = xn + xc${j} + iy${j} * i32(u.inW);`,
)}
    for (var ox = oxStart; ox < oxEnd; ox++) {
      let ixs = i32(ox * u.sw);
${unroll(
  (j) => `
      let ok${j} = rowOk${j} && u32(ixs + kxp${j}) < u.inW;
      let b${j} = select(0.0, x[select(0, xr${j} + ixs, ok${j})], ok${j});`,
)}
      let bv = vec4f(b0, b1, b2, b3);
      let av = vec4f(dy[dyr + dyc0 + ox], dy[dyr + dyc1 + ox], dy[dyr + dyc2 + ox],
                     dy[dyr + dyc3 + ox]);
${unroll((i) => `      acc${i} += av[${i}] * bv;`)}
      biasAcc += av;
    }
    k += oxEnd - oxStart;
  }
${unroll((i) =>
  unroll(
    (j) => `
  if (cl${i} < coutG && colOk${j}) { ${write(i, j)} }`,
  ),
)}
${
  writeBias(0) === ''
    ? ''
    : `
  // The thread holding column 0 also writes the bias gradient.
  if (tn == 0u && l.x == 0u) {
${unroll((i) => `    if (cl${i} < coutG) { ${writeBias(i)} }`)}
  }`
}
}`;
}

/** Sums split-K partials [slices, cout, taps + 1] in order into dw [cout, taps] and db. */
export function conv2dFilterReduceWgsl(bias: boolean): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> dw: array<f32>;
${bias ? '@group(0) @binding(2) var<storage, read_write> db: array<f32>;' : ''}
struct R { cout: u32, taps: u32, parts: u32 }
@group(0) @binding(${bias ? 3 : 2}) var<uniform> r: R;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = g.x + g.y * nwg.x * 64u;
  let width = r.taps + 1u;
  if (i >= r.cout * width) { return; }
  let stride = r.cout * width;
  var s = 0.0;
  for (var p = 0u; p < r.parts; p++) { s += partials[p * stride + i]; }
  let co = i / width;
  let col = i % width;
  if (col < r.taps) {
    dw[co * r.taps + col] = s;
  }${
    bias
      ? ` else {
    db[co] = s;
  }`
      : ''
  }
}`;
}
