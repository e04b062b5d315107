/**
 * 5.3.3 1×1卷积层: a 1×1 convolution is a fully connected layer applied at every pixel. Both are
 * computed by the runtime: a Conv2d with a 1×1 kernel on X, and a Linear with the same weights
 * on the 9 pixels of X as a batch of 9 vectors.
 */
import { conv2d, flatten, linear } from '../../../graph/index.js';
import { lessonEngine } from '../engine.js';
import {
  asTensor,
  cellField,
  ComputedBy,
  dims,
  flat,
  fmt,
  lessonGraph,
  TensorGrids,
  useComputation,
} from '../kit.js';
import type { LessonState, StateSpec, Tensor3 } from '../lessonState.js';
import { worstOf } from './pooling.js';

/** The chapter draws X and K with torch.rand; these are fixed draws, two decimals each. */
function draws(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return Math.round((s / 2 ** 32) * 100) / 100;
  });
}
const chunk = (xs: number[], c: number, h: number, w: number): Tensor3 =>
  Array.from({ length: c }, (_, k) =>
    Array.from({ length: h }, (_, r) => xs.slice((k * h + r) * w, (k * h + r + 1) * w)),
  );

export const oneByOneSpec: StateSpec = {
  X: { kind: 'tensor', default: chunk(draws(27, 7), 3, 3, 3), max: [3, 8, 8], cell: cellField },
  // [c_o = 2][c_i = 3]: the 1×1 kernels, one row per output channel.
  K: { kind: 'tensor', default: chunk(draws(6, 11), 1, 2, 3), max: [1, 4, 3], cell: cellField },
};

export function OneByOneLesson({
  state,
  set,
}: {
  state: LessonState;
  set(patch: LessonState): void;
}) {
  const X = state.X as Tensor3;
  const K = state.K as Tensor3;
  const [c, h, w] = dims(X);
  const [, co, ci] = dims(K);
  const fits = ci === c;
  const convGraph = lessonGraph(
    '1×1 conv',
    [c, h, w],
    [['conv', conv2d, { out_channels: co, kernel_size: [1, 1], bias: false }]],
  );
  const linearGraph = lessonGraph(
    'linear per pixel',
    [c, 1, 1],
    [
      ['flatten', flatten, {}],
      ['fc', linear, { out_features: co, bias: false }],
    ],
  );
  const key = JSON.stringify([X, K]);
  const conv = useComputation(
    `conv${key}`,
    fits
      ? () =>
          lessonEngine.evaluate({
            graph: convGraph,
            weights: new Map([['conv.weight', flat(K)]]),
            input: flat(X),
            batch: 1,
            read: ['conv'],
          })
      : null,
  );
  // Pixel p as a sample: its c values, one from each channel.
  const pixels = Array.from({ length: h * w }, (_, p) =>
    X.map((m) => m[Math.floor(p / w)]![p % w]!),
  ).flat();
  const fc = useComputation(
    `fc${key}`,
    fits
      ? () =>
          lessonEngine.evaluate({
            graph: linearGraph,
            weights: new Map([['fc.weight', flat(K)]]),
            input: pixels,
            batch: h * w,
            read: ['fc'],
          })
      : null,
  );
  const y = conv.status === 'done' ? asTensor(conv.result.values.get('conv')!, [co, h, w]) : null;
  const perPixel = fc.status === 'done' ? fc.result.values.get('fc')! : null;
  // The Linear's [pixel, channel] output, laid out as channels of an h × w map.
  const z = perPixel
    ? Array.from({ length: co }, (_, k) =>
        Array.from({ length: h }, (_, r) =>
          Array.from({ length: w }, (_, q) => perPixel[(r * w + q) * co + k]!),
        ),
      )
    : null;
  let difference: number | null = null;
  if (y && z) {
    difference = 0;
    y.forEach((m, k) =>
      m.forEach((row, r) =>
        row.forEach((v, q) => (difference = Math.max(difference!, Math.abs(v - z[k]![r]![q]!)))),
      ),
    );
  }
  const edit = (name: 'X' | 'K', t: Tensor3) => (ch: number, r: number, q: number, v: number) => {
    const next = structuredClone(t);
    next[ch]![r]![q] = v;
    set({ [name]: next });
  };
  return (
    <div className="lab">
      {!fits && (
        <p className="field-error" role="alert" data-testid="lesson-problem">
          K has {ci} columns (input channels) but X has {c} channels.
        </p>
      )}
      <div className="lab-row">
        <TensorGrids id="X" tensor={X} label="X" onEdit={edit('X', X)} />
        <span className="lab-op">⋆</span>
        <TensorGrids
          id="K"
          tensor={K}
          label={`K: ${co} × ${ci} (c_o × c_i), each a 1×1 kernel`}
          onEdit={edit('K', K)}
        />
        <span className="lab-op">=</span>
        <TensorGrids id="Y" tensor={y} label="Y = Conv2d(1×1)(X)" />
      </div>
      <div className="lab-row">
        <TensorGrids
          id="Z"
          tensor={z}
          label={`Z: Linear(${ci}, ${co}) with weight K on each of the ${h * w} pixels`}
        />
      </div>
      <p className="lab-note" data-testid="one-by-one-difference">
        {difference === null
          ? 'Computing…'
          : `Largest |Y − Z|: ${fmt(difference)}. The 1×1 convolution is the fully connected layer applied at every pixel, with the channels as its features.`}
      </p>
      <ComputedBy computation={worstOf(conv, fc)} />
    </div>
  );
}
