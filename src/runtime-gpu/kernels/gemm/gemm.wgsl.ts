/**
 * The tiled matrix-multiply core of the shared-memory kernels: C[M, N] = A[M, K] · B[K, N] for
 * one tile of C per workgroup, with A and B staged through workgroup memory a K-step at a time
 * and each thread holding an rm × rn block of C in registers. The operands are never
 * materialised: each pass supplies hooks that read A and B straight from its tensors (an
 * implicit GEMM: the convolution's im2col index is computed in the load) and one that writes
 * C (bias and activation fused into the store, or split-K partials).
 *
 * Double buffered: while a K-step is multiplied out of one half of workgroup memory, the next
 * step's values are read from global memory into registers, then written to the other half,
 * so one barrier per step suffices. Loops over workgroupBarrier crash SwiftShader under
 * dawn.node (the tuner never picks these kernels on a fallback adapter; they are tested in
 * Chromium, see e2e/kernels.e2e.ts).
 */

/** A workgroup of tx × ty threads, each computing rm × rn outputs; bk: the K-step. */
export interface GemmTile {
  tx: number;
  ty: number;
  rm: number;
  rn: number;
  bk: number;
}

export const tileRows = (t: GemmTile): number => t.tx * t.rm;
export const tileCols = (t: GemmTile): number => t.ty * t.rn;
export const tileThreads = (t: GemmTile): number => t.tx * t.ty;

/** Workgroup memory the kernel declares: both halves of the A and B stages, 4 bytes a value. */
export const gemmSharedBytes = (t: GemmTile): number => 2 * t.bk * (tileRows(t) + tileCols(t)) * 4;

/**
 * How one operand is read. The tile of A is bk × (tile rows), of B bk × (tile columns); each
 * thread writes whole vec4s of 4 consecutive rows at one k. With `fixed: 'row'` a thread keeps
 * its 4 rows for the whole reduction (their index arithmetic is done once) and moves along k;
 * with `fixed: 'k'` it keeps its k offset in the step (one k decode a step, shared by all its
 * loads) and loads several row groups. Choose the one along which the tensor is contiguous,
 * so neighbouring threads read neighbouring addresses.
 *
 * Hooks return WGSL. Names they define must start with the operand's own prefix, so A's and
 * B's never collide; the core's `k` (global k index, u32) and `kOk` (k < the slice's end) are
 * in scope in `k` and `value`.
 */
export interface GemmOperand {
  fixed: 'row' | 'k';
  /** Statements run once before the reduction for rows r + 0 … r + 3, names suffixed `s`. */
  rows(r: string, s: string): string;
  /** Statements decoding `k`, run per step (and per load, when rows are fixed). */
  k(): string;
  /** vec4f of the 4 rows set up with suffix `s` at `k`; 0 where a row or k is out of range. */
  value(s: string): string;
}

/** Where C goes: hooks run after the reduction, with `acc` values of row i and column c. */
export interface GemmStore {
  /** Statements for the thread's row i at global row index `m` (u32). */
  rows(m: string, i: number): string;
  /** Statements for the thread's column c at global column index `n` (u32). */
  cols(n: string, c: number): string;
  /** Statements writing `v` (f32) for row i and column c, where both are in range. */
  write(i: number, c: number, v: string): string;
}

export interface GemmSpec {
  tile: GemmTile;
  /** Bindings, the uniform struct `u` (with mTiles, nTiles, parts), helper functions. */
  declarations: string;
  /**
   * Statements after the workgroup's `tm`, `tn` (tile indices) and `part` are known: must
   * define u32 `kBegin` and `kEnd` (the part's slice of the reduction) and whatever the hooks
   * use. May return, but only on values uniform over the workgroup.
   */
  prologue: string;
  a: GemmOperand;
  b: GemmOperand;
  store: GemmStore;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const lines = (n: number, f: (i: number) => string): string => range(n).map(f).join('\n');

interface Stage {
  /** Declarations run once (thread's fixed rows). */
  setup: string;
  /** Loads the step starting at global k `k0` into the stage's registers. */
  load(k0: string): string;
  /** Writes the registers to half `half` (u32 expression) of workgroup memory. */
  put(half: string): string;
}

/** The load plan of one operand: `name` is As or Bs, `rows` its tile's rows (BM or BN). */
function stage(op: GemmOperand, name: string, rows: number, firstRow: string, t: GemmTile): Stage {
  const T = tileThreads(t);
  const groups = rows / 4;
  const loads = (groups * t.bk) / T;
  const reg = (j: number) => `${name}r${j}`;
  const halfSize = t.bk * groups;
  const slot = (half: string, kl: string, g: string) =>
    `(${half}) * ${halfSize}u + ${kl} * ${groups}u + ${g}`;
  if (op.fixed === 'row') {
    // Thread's row group fixed; its k offsets step by T / groups.
    const kStep = T / groups;
    return {
      setup: `
  let ${name}g = t % ${groups}u;
${op.rows(`${firstRow} + ${name}g * 4u`, '')}
${lines(loads, (j) => `  var ${reg(j)} = vec4f(0.0);`)}`,
      load: (k0) =>
        lines(
          loads,
          (j) => `  {
    let k = ${k0} + t / ${groups}u + ${j * kStep}u;
    let kOk = k < kEnd;
${op.k()}
    ${reg(j)} = ${op.value('')};
  }`,
        ),
      put: (half) =>
        lines(
          loads,
          (j) =>
            `  ${name}[${slot(half, `(t / ${groups}u + ${j * kStep}u)`, `${name}g`)}] = ${reg(j)};`,
        ),
    };
  }
  // Thread's k offset fixed; its row groups step by T / bk.
  const gStep = T / t.bk;
  return {
    setup: `
  let ${name}k = t % ${t.bk}u;
${lines(loads, (j) => `  let ${name}g${j} = t / ${t.bk}u + ${j * gStep}u;\n${op.rows(`${firstRow} + ${name}g${j} * 4u`, `${j}`)}`)}
${lines(loads, (j) => `  var ${reg(j)} = vec4f(0.0);`)}`,
    load: (k0) => `  {
    let k = ${k0} + ${name}k;
    let kOk = k < kEnd;
${op.k()}
${lines(loads, (j) => `    ${reg(j)} = ${op.value(`${j}`)};`)}
  }`,
    put: (half) =>
      lines(loads, (j) => `  ${name}[${slot(half, `${name}k`, `${name}g${j}`)}] = ${reg(j)};`),
  };
}

/** Checks that the tile's loads divide evenly among its threads (a table entry's mistake). */
export function checkTile(t: GemmTile): void {
  const T = tileThreads(t);
  for (const [what, rows] of [
    ['rows', tileRows(t)],
    ['columns', tileCols(t)],
  ] as const) {
    const groups = rows / 4;
    if (
      t.rm % 4 !== 0 ||
      t.rn % 4 !== 0 ||
      (groups * t.bk) % T !== 0 ||
      T % groups !== 0 ||
      T % t.bk !== 0
    ) {
      throw new Error(
        `gemm tile ${JSON.stringify(t)}: its ${what} do not divide among ${T} threads`,
      );
    }
  }
}

/** The WGSL of one tiled implicit-GEMM kernel (entry point `main`, 1-D workgroups). */
export function gemmWgsl(spec: GemmSpec): string {
  const t = spec.tile;
  checkTile(t);
  const BM = tileRows(t);
  const BN = tileCols(t);
  const T = tileThreads(t);
  const a = stage(spec.a, 'As', BM, `tm * ${BM}u`, t);
  const b = stage(spec.b, 'Bs', BN, `tn * ${BN}u`, t);
  const rq = t.rm / 4;
  const cq = t.rn / 4;
  const acc = (i: number, q: number) => `acc${i}_${q}`;
  return /* wgsl */ `
${spec.declarations}
var<workgroup> As: array<vec4f, ${2 * t.bk * (BM / 4)}>;
var<workgroup> Bs: array<vec4f, ${2 * t.bk * (BN / 4)}>;

@compute @workgroup_size(${T})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) t: u32) {
  let wid = wg.x + wg.y * nwg.x;
  let tm = wid % u.mTiles;
  let tn = (wid / u.mTiles) % u.nTiles;
  let part = wid / (u.mTiles * u.nTiles);
  if (part >= u.parts) { return; }
${spec.prologue}
  let tx = t % ${t.tx}u;
  let ty = t / ${t.tx}u;
${a.setup}
${b.setup}
${lines(t.rm, (i) => lines(cq, (q) => `  var ${acc(i, q)} = vec4f(0.0);`))}
  let steps = select(0u, (kEnd - kBegin + ${t.bk - 1}u) / ${t.bk}u, kEnd > kBegin);
  if (steps > 0u) {
${a.load('kBegin')}
${b.load('kBegin')}
${a.put('0u')}
${b.put('0u')}
  }
  workgroupBarrier();
  for (var s = 0u; s < steps; s++) {
    let half = s % 2u;
    let more = s + 1u < steps;
    if (more) {
${a.load(`kBegin + (s + 1u) * ${t.bk}u`)}
${b.load(`kBegin + (s + 1u) * ${t.bk}u`)}
    }
    let aBase = half * ${t.bk * (BM / 4)}u + tx * ${rq}u;
    let bBase = half * ${t.bk * (BN / 4)}u + ty * ${cq}u;
    for (var kk = 0u; kk < ${t.bk}u; kk++) {
${lines(rq, (v) => `      let a${v} = As[aBase + kk * ${BM / 4}u + ${v}u];`)}
${lines(cq, (q) => `      let b${q} = Bs[bBase + kk * ${BN / 4}u + ${q}u];`)}
${lines(t.rm, (i) => lines(cq, (q) => `      ${acc(i, q)} += a${Math.floor(i / 4)}[${i % 4}] * b${q};`))}
    }
    if (more) {
${a.put('1u - half')}
${b.put('1u - half')}
    }
    workgroupBarrier();
  }
${lines(t.rm, (i) => spec.store.rows(`tm * ${BM}u + tx * ${t.rm}u + ${i}u`, i))}
${lines(t.rn, (c) => spec.store.cols(`tn * ${BN}u + ty * ${t.rn}u + ${c}u`, c))}
${lines(t.rm, (i) => lines(t.rn, (c) => spec.store.write(i, c, `${acc(i, Math.floor(c / 4))}[${c % 4}]`)))}
}`;
}
