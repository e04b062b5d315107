/** 5.4 池化层: max and average pooling of X, computed by the runtime's pooling kernels. */
import { useState } from 'react';
import { analyze, avgPool2d, maxPool2d, type ParamValue } from '../../../graph/index.js';
import { ParamField } from '../../panels/ParamField.js';
import { lessonEngine } from '../engine.js';
import {
  asTensor,
  cellField,
  ComputedBy,
  dims,
  flat,
  fmt,
  lessonGraph,
  resized,
  TensorGrids,
  useComputation,
  type Computation,
} from '../kit.js';
import type { LessonState, StateSpec, Tensor3 } from '../lessonState.js';
import { channelsField, sizeField } from './convLab.js';
import type { EvalResult } from '../engine.js';

const arange = (n: number, w: number, from = 0): number[][] =>
  Array.from({ length: n / w }, (_, r) => Array.from({ length: w }, (_, c) => from + r * w + c));

export const poolingSpec: StateSpec = {
  X: { kind: 'tensor', default: [arange(9, 3)], max: [3, 8, 8], cell: cellField },
  kernel: { kind: 'pair', default: [2, 2], field: maxPool2d.fields.kernel_size },
  // The chapter's pool2d slides by 1; nn.MaxPool2d's stride defaults to its kernel.
  stride: { kind: 'pair', default: [1, 1], field: maxPool2d.fields.stride },
  padding: { kind: 'pair', default: [0, 0], field: maxPool2d.fields.padding },
};

interface Pool {
  X: Tensor3;
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
}

const x16 = arange(16, 4);
/** The chapter's examples, one click each. */
export const poolingPresets: { label: string; state: LessonState }[] = (
  [
    {
      label: '5.4.1: a 2×2 window on X',
      state: { X: [arange(9, 3)], kernel: [2, 2], stride: [1, 1], padding: [0, 0] },
    },
    {
      label: '5.4.2: MaxPool2d(3) on 0…15',
      state: { X: [x16], kernel: [3, 3], stride: [3, 3], padding: [0, 0] },
    },
    {
      label: 'MaxPool2d(3, padding=1, stride=2)',
      state: { X: [x16], kernel: [3, 3], stride: [2, 2], padding: [1, 1] },
    },
    {
      label: 'MaxPool2d((2, 4), padding=(1, 2), stride=(2, 3))',
      state: { X: [x16], kernel: [2, 4], stride: [2, 3], padding: [1, 2] },
    },
    {
      label: '5.4.3: two channels, X and X + 1',
      state: { X: [x16, arange(16, 4, 1)], kernel: [3, 3], stride: [2, 2], padding: [1, 1] },
    },
  ] satisfies { label: string; state: Pool }[]
).map((p) => ({ label: p.label, state: p.state as unknown as LessonState }));

const graphOf = (p: Pool, kind: 'MaxPool2d' | 'AvgPool2d') =>
  lessonGraph(`${kind} lesson`, dims(p.X), [
    [
      'pool',
      kind === 'MaxPool2d' ? maxPool2d : avgPool2d,
      { kernel_size: p.kernel, stride: p.stride, padding: p.padding },
    ],
  ]);

function refusal(p: Pool): string | null {
  const problem = analyze(graphOf(p, 'MaxPool2d')).problems.find((q) => q.severity === 'error');
  return problem ? problem.message : null;
}

function usePool(p: Pool, kind: 'MaxPool2d' | 'AvgPool2d', problem: string | null) {
  const graph = graphOf(p, kind);
  const op = analyze(graph).ops.find((o) => o.name === 'pool');
  const computation = useComputation<EvalResult>(
    `${kind}${JSON.stringify(p)}`,
    problem
      ? null
      : () =>
          lessonEngine.evaluate({
            graph,
            weights: new Map(),
            input: flat(p.X),
            batch: 1,
            read: ['pool'],
          }),
  );
  const y =
    computation.status === 'done' && op
      ? asTensor(computation.result.values.get('pool')!, op.shape)
      : null;
  return { computation, y };
}

export function PoolingLesson({
  state,
  set,
}: {
  state: LessonState;
  set(patch: LessonState): void;
}) {
  const p = state as unknown as Pool;
  const problem = refusal(p);
  const max = usePool(p, 'MaxPool2d', problem);
  const avg = usePool(p, 'AvgPool2d', problem);
  const [picked, setPicked] = useState<[number, number, number]>([0, 0, 0]);
  const [c, h, w] = dims(p.X);
  const y = max.y;
  const [k, i, j] = y
    ? [
        Math.min(picked[0], y.length - 1),
        Math.min(picked[1], y[0]!.length - 1),
        Math.min(picked[2], y[0]![0]!.length - 1),
      ]
    : picked;
  const top = i * p.stride[0];
  const left = j * p.stride[1];
  const window = { top, left, bottom: top + p.kernel[0] - 1, right: left + p.kernel[1] - 1 };
  // The window's values inside the image; PyTorch's average divides by the window's size within
  // the padded input (count_include_pad), so padding zeros count there.
  const [ph, pw] = p.padding;
  const seen: number[] = [];
  let divisor = 0;
  for (let r = window.top; r <= window.bottom; r++) {
    for (let q = window.left; q <= window.right; q++) {
      if (r < h + 2 * ph && q < w + 2 * pw) divisor++;
      const v = p.X[k]![r - ph]?.[q - pw];
      if (v !== undefined) seen.push(v);
    }
  }
  const padZeros = divisor - seen.length;
  const field = (name: 'kernel' | 'stride' | 'padding', value: [number, number]) => (
    <ParamField
      key={name}
      name={`lesson-${name}`}
      field={maxPool2d.fields[name === 'kernel' ? 'kernel_size' : name]}
      value={value}
      check={(v) => refusal({ ...p, [name]: v as [number, number] })}
      onCommit={(v: ParamValue) => set({ [name]: v as [number, number] })}
    />
  );
  const maxValue = max.y?.[k]?.[i]?.[j];
  const avgValue = avg.y?.[k]?.[i]?.[j];
  return (
    <div className="lab">
      <div className="lab-controls">
        <ParamField
          name="lesson-size"
          field={sizeField}
          value={[h, w]}
          check={(v) => refusal({ ...p, X: resized(p.X, c, ...(v as [number, number])) })}
          onCommit={(v) => set({ X: resized(p.X, c, ...(v as [number, number])) })}
        />
        <ParamField
          name="lesson-channels"
          field={channelsField}
          value={c}
          onCommit={(v) => set({ X: resized(p.X, v as number, h, w) })}
        />
        {field('kernel', p.kernel)}
        {field('stride', p.stride)}
        {field('padding', p.padding)}
      </div>
      {problem && (
        <p className="field-error" role="alert" data-testid="lesson-problem">
          {problem}
        </p>
      )}
      <div className="lab-row">
        <TensorGrids
          id="X"
          tensor={p.X}
          label={ph || pw ? `X, padded by ${ph}×${pw}` : 'X'}
          pad={p.padding}
          marked={y ? window : null}
          onEdit={(ch, r, q, v) => {
            const X = structuredClone(p.X);
            X[ch]![r]![q] = v;
            set({ X });
          }}
        />
        <span className="lab-op">→</span>
        <TensorGrids
          id="max"
          tensor={max.y}
          label="max pooling"
          selected={[k, i, j]}
          onSelect={(ch, r, q) => setPicked([ch, r, q])}
        />
        <TensorGrids
          id="avg"
          tensor={avg.y}
          label="average pooling"
          selected={[k, i, j]}
          onSelect={(ch, r, q) => setPicked([ch, r, q])}
        />
      </div>
      {y && y.length > 1 && (
        <p className="lab-note">
          Each channel is pooled on its own: {c} channels in, {y.length} out. Showing channel{' '}
          <select value={k} onChange={(e) => setPicked([Number(e.target.value), i, j])}>
            {y.map((_, n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
          .
        </p>
      )}
      {maxValue !== undefined && avgValue !== undefined && (
        <div className="lab-sum" data-testid="lab-sum">
          <div>
            max({seen.map(fmt).join(', ')}) ={' '}
            <strong data-testid="lab-max-value">{fmt(maxValue)}</strong>
            {padZeros > 0 && ' (padding never wins a max: PyTorch pads with −∞)'}
          </div>
          <div>
            ({[...seen.map(fmt), ...new Array<string>(padZeros).fill('0')].join(' + ')}) / {divisor}{' '}
            = <strong data-testid="lab-avg-value">{fmt(avgValue)}</strong>
            {padZeros > 0 && ' (the padding zeros count, as PyTorch’s count_include_pad)'}
          </div>
        </div>
      )}
      <ComputedBy computation={worstOf(max.computation, avg.computation)} />
    </div>
  );
}

/** One status line for two computations: the unfinished or failed one, else the less exact. */
export function worstOf<R>(a: Computation<R>, b: Computation<R>): Computation<R> {
  if (a.status !== 'done') return a;
  if (b.status !== 'done') return b;
  return (b.result.maxError ?? 0) > (a.result.maxError ?? 0) ? b : a;
}
