/**
 * How one element of a layer's output comes from its inputs, on the numbers of one forward pass:
 * the window, the kernel and the products that sum to it (convolutions, linear layers), the
 * window's values (pooling), the normalisation with the running statistics (BatchNorm), and the
 * softmax of the last layer. Windows and taps come from the float64 references' own geometry
 * (src/runtime-gpu/reference), the same the kernels are checked against.
 */
import type { Op, Region } from '../../graph/index.js';
import { convDims, poolDims } from '../../runtime-gpu/plan/lowerings.js';
import { activation, type Activation } from '../../runtime-gpu/reference/activation.js';
import { batchNormEval } from '../../runtime-gpu/reference/batchNorm.js';
import { forEachTap } from '../../runtime-gpu/reference/conv2d.js';
import { eachWindow } from '../../runtime-gpu/reference/pool.js';
import { softmax } from '../../training/evaluation.js';

/** One sample's values of an op's output, with the op's own shape (no batch axis). */
export interface Maps {
  shape: number[];
  data: ArrayLike<number>;
}

/** A value that enters the result: a product w·x, or one value of a window. */
export interface Term {
  /** Which input it comes from (index into the op's inputs) and where: [c, h, w] or [f]. */
  input: number;
  at: number[];
  x: number;
  /** The weight it is multiplied by, for products. */
  w?: number;
  value: number;
}

export interface Explanation {
  /** The element of the op's output, from the forward pass. */
  value: number;
  /** The element's position in the op's output: [c, h, w] or [f]. */
  at: number[];
  /** How the terms combine. */
  combine: 'sum' | 'max' | 'mean' | 'map';
  terms: Term[];
  /** Added to the sum of the products: the bias. */
  bias: number | null;
  /** Divides the sum for a mean (PyTorch's count, padding included). */
  divisor: number | null;
  /** What the terms give by this arithmetic (float64), to set beside `value`. */
  total: number;
  /** The formula with this element's numbers. */
  formula: string;
  /** Where the element reads each input map: a region of rows and columns, on which channel. */
  windows: { input: number; channel: number | null; region: Region }[];
  /** For the network's last layer: every class's logit and probability. */
  softmax: { logits: number[]; probabilities: number[] } | null;
}

const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** [c, h, w] (or [f]) of a flat index into a map of `shape`. */
export function position(shape: readonly number[], index: number): number[] {
  const at: number[] = [];
  let rest = index;
  for (let d = shape.length - 1; d >= 0; d--) {
    at.unshift(rest % shape[d]!);
    rest = Math.floor(rest / shape[d]!);
  }
  return at;
}

const fmt = (v: number) => String(Number(v.toPrecision(5)));
const paren = (v: number) => (v < 0 ? `(${fmt(v)})` : fmt(v));

function sumFormula(terms: Term[], bias: number | null): string {
  const shown = terms.slice(0, 6).map((t) => `${paren(t.w!)}·${paren(t.x)}`);
  const more = terms.length > 6 ? ` + … (${terms.length} products)` : '';
  return `Σ w·x + b = ${shown.join(' + ')}${more}${bias !== null ? ` + ${paren(bias)}` : ''}`;
}

/** Explains element `index` of `op`'s output, given its inputs' and its own outputs. */
export function explain(
  op: Op,
  inputs: Maps[],
  output: Maps,
  weights: ReadonlyMap<string, ArrayLike<number>>,
  index: number,
  isLast: boolean,
): Explanation {
  const at = position(output.shape, index);
  const value = output.data[index]!;
  const weight = (name: string) => {
    const w = weights.get(`${op.name}.${name}`);
    if (!w) throw new Error(`the weights have no ${op.name}.${name}`);
    return w;
  };
  const hasBias = op.weights.some((w) => w.name === 'bias');
  const base = {
    value,
    at,
    bias: null,
    divisor: null,
    windows: [],
    softmax: isLast
      ? {
          logits: Array.from(output.data),
          probabilities: softmax(output.data, 0, numel(output.shape)),
        }
      : null,
  };
  const x = inputs[0]!;
  const sizes = { op, batch: 1 };

  switch (op.kind) {
    case 'Conv2d': {
      const d = convDims(sizes);
      const w = weight('weight');
      const terms: Term[] = [];
      forEachTap(d, (yi, xi, wi) => {
        if (yi !== index) return;
        terms.push({
          input: 0,
          at: position(x.shape, xi),
          x: x.data[xi]!,
          w: w[wi]!,
          value: x.data[xi]! * w[wi]!,
        });
      });
      const bias = hasBias ? weight('bias')[at[0]!]! : null;
      const [oy, ox] = [at[1]!, at[2]!];
      const top = oy * d.sh - d.ph;
      const left = ox * d.sw - d.pw;
      const region = {
        top: Math.max(top, 0),
        left: Math.max(left, 0),
        bottom: Math.min(top + d.kh - 1, d.h - 1),
        right: Math.min(left + d.kw - 1, d.w - 1),
      };
      return {
        ...base,
        combine: 'sum',
        terms,
        bias,
        total: terms.reduce((s, t) => s + t.value, bias ?? 0),
        formula: `${d.cin} input channel${d.cin > 1 ? 's' : ''} × ${d.kh}×${d.kw} window, kernel ${at[0]}: ${sumFormula(terms, bias)}`,
        windows: [{ input: 0, channel: null, region }],
      };
    }
    case 'Linear': {
      const w = weight('weight');
      const inF = numel(x.shape);
      const o = at[0]!;
      const terms = Array.from({ length: inF }, (_, f): Term => ({
        input: 0,
        at: position(x.shape, f),
        x: x.data[f]!,
        w: w[o * inF + f]!,
        value: x.data[f]! * w[o * inF + f]!,
      }));
      const bias = hasBias ? weight('bias')[o]! : null;
      return {
        ...base,
        combine: 'sum',
        terms,
        bias,
        total: terms.reduce((s, t) => s + t.value, bias ?? 0),
        formula: `row ${o} of the ${numel(output.shape)}×${inF} weight times the ${inF} inputs: ${sumFormula(terms, bias)}`,
      };
    }
    case 'MaxPool2d':
    case 'AvgPool2d': {
      const d = poolDims(sizes);
      const max = op.kind === 'MaxPool2d';
      let found: Explanation | null = null;
      eachWindow(d, (plane, o, y0, y1, x0, x1, divisor) => {
        if (o !== index) return;
        const terms: Term[] = [];
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const i = (plane * d.h + iy) * d.w + ix;
            terms.push({ input: 0, at: [plane, iy, ix], x: x.data[i]!, value: x.data[i]! });
          }
        }
        const values = terms.map((t) => t.value);
        const total = max ? Math.max(...values) : values.reduce((a, b) => a + b, 0) / divisor;
        found = {
          ...base,
          combine: max ? 'max' : 'mean',
          terms,
          divisor: max ? null : divisor,
          total,
          formula: max
            ? `max(${values.map(fmt).join(', ')})`
            : `(${values.map(fmt).join(' + ')}) / ${divisor}`,
          windows: [
            {
              input: 0,
              channel: plane,
              region: { top: y0, left: x0, bottom: y1 - 1, right: x1 - 1 },
            },
          ],
        };
      });
      if (!found) throw new Error(`${op.name} has no window ${index}`);
      return found;
    }
    case 'GlobalAvgPool2d': {
      const [, h, w] = x.shape as [number, number, number];
      const c = at[0]!;
      const terms = Array.from({ length: h * w }, (_, k): Term => ({
        input: 0,
        at: [c, Math.floor(k / w), k % w],
        x: x.data[c * h * w + k]!,
        value: x.data[c * h * w + k]!,
      }));
      return {
        ...base,
        combine: 'mean',
        terms,
        divisor: h * w,
        total: terms.reduce((s, t) => s + t.value, 0) / (h * w),
        formula: `the mean of channel ${c}'s ${h}×${w} values`,
        windows: [
          { input: 0, channel: c, region: { top: 0, left: 0, bottom: h - 1, right: w - 1 } },
        ],
      };
    }
    case 'BatchNorm2d':
    case 'BatchNorm1d': {
      const c = at[0]!;
      const v = x.data[index]!;
      const [mean, variance] = [weight('running_mean')[c]!, weight('running_var')[c]!];
      const [gamma, beta] = [weight('weight')[c]!, weight('bias')[c]!];
      const eps = Number(op.params.eps);
      const total = batchNormEval(
        [v],
        { n: 1, c: 1, hw: 1 },
        [gamma],
        [beta],
        { mean: [mean], variance: [variance] },
        eps,
      )[0]!;
      return {
        ...base,
        combine: 'map',
        terms: [{ input: 0, at, x: v, value: v }],
        total,
        formula: `γ·(x − running_mean) / √(running_var + ε) + β = ${paren(gamma)}·(${fmt(v)} − ${paren(mean)}) / √(${fmt(variance)} + ${fmt(eps)}) + ${paren(beta)}`,
        windows: [pointOn(at)],
      };
    }
    case 'ReLU':
    case 'Sigmoid':
    case 'Tanh': {
      const v = x.data[index]!;
      const name = { ReLU: 'max(x, 0)', Sigmoid: '1 / (1 + e^−x)', Tanh: 'tanh(x)' }[op.kind];
      return {
        ...base,
        combine: 'map',
        terms: [{ input: 0, at, x: v, value: v }],
        total: activation(op.kind as Activation, [v])[0]!,
        formula: `${name} with x = ${fmt(v)}`,
        windows: [pointOn(at)],
      };
    }
    case 'Flatten':
    case 'Dropout': {
      const v = x.data[index]!;
      const from = position(x.shape, index);
      return {
        ...base,
        combine: 'map',
        terms: [{ input: 0, at: from, x: v, value: v }],
        total: v,
        formula:
          op.kind === 'Flatten'
            ? `element [${from.join(', ')}] of the input, in row-major order`
            : 'the input as it is: Dropout passes everything in evaluation mode',
        windows: [pointOn(from)],
      };
    }
    case 'Add': {
      const terms = inputs.map((m, i): Term => ({
        input: i,
        at,
        x: m.data[index]!,
        value: m.data[index]!,
      }));
      return {
        ...base,
        combine: 'sum',
        terms,
        total: terms.reduce((s, t) => s + t.value, 0),
        formula: terms.map((t) => paren(t.value)).join(' + '),
        windows: inputs.map((_, i) => ({ ...pointOn(at), input: i })),
      };
    }
    case 'Concat': {
      // The channel falls in one input: the inputs' channels follow each other.
      let c = at[0]!;
      let i = 0;
      while (c >= inputs[i]!.shape[0]!) c -= inputs[i++]!.shape[0]!;
      const from = [c, ...at.slice(1)];
      const src = inputs[i]!;
      const k = (c * (src.shape[1] ?? 1) + (at[1] ?? 0)) * (src.shape[2] ?? 1) + (at[2] ?? 0);
      const v = src.data[k]!;
      return {
        ...base,
        combine: 'map',
        terms: [{ input: i, at: from, x: v, value: v }],
        total: v,
        formula: `channel ${c} of input ${i}`,
        windows: [{ ...pointOn(from), input: i }],
      };
    }
    default:
      throw new Error(`no explanation for ${op.kind}`);
  }
}

/** The one element an elementwise layer reads. */
function pointOn(at: number[]): Explanation['windows'][number] {
  const [c, r = 0, q = 0] = at;
  return { input: 0, channel: c!, region: { top: r, left: q, bottom: r, right: q } };
}
