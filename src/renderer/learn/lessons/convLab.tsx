/**
 * The chapter's 2-D cross-correlation, computed as a Conv2d layer of the runtime: X as the
 * image, K as the layer's weight. The lessons on cross-correlation, padding and stride, and
 * multiple input and output channels are this one lab with different controls.
 */
import { useState } from 'react';
import {
  analyze,
  conv2d,
  float,
  int,
  pair,
  type Graph,
  type ParamValue,
} from '../../../graph/index.js';
import { windowFormula } from '../../panels/formula.js';
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
  term,
  useComputation,
} from '../kit.js';
import type { LessonState, StateSpec, Tensor3 } from '../lessonState.js';

export const sizeField = pair('Size of X', 3, 1, 8, 'Height × width of the input X');
export const channelsField = int('Input channels', 1, 1, 3, 'Channels of X (and of each kernel)');
export const outputsField = int('Output channels', 1, 1, 4, 'Kernels stacked: K, K + 1, K + 2, …');
const biasField = float('Bias b', 0, -1000, 1000, 'Added to every output value');
const kernelField = { ...conv2d.fields.kernel_size, max: 8 };

const tensor = (value: Tensor3, max: [number, number, number]) =>
  ({ kind: 'tensor', default: value, max, cell: cellField }) as const;

/** The lab's settings; a lesson picks the ones it shows, and may start from other values. */
export const convSpec = (
  x: Tensor3,
  k: Tensor3,
  start: { padding?: [number, number]; outputs?: number } = {},
): StateSpec => ({
  X: tensor(x, [3, 8, 8]),
  K: tensor(k, [3, 8, 8]),
  b: { kind: 'number', default: 0, field: biasField },
  padding: { kind: 'pair', default: start.padding ?? [0, 0], field: conv2d.fields.padding },
  stride: { kind: 'pair', default: [1, 1], field: conv2d.fields.stride },
  outputs: { kind: 'number', default: start.outputs ?? 1, field: outputsField },
});

interface Lab {
  X: Tensor3;
  K: Tensor3;
  b: number;
  padding: [number, number];
  stride: [number, number];
  outputs: number;
}

const labOf = (s: LessonState): Lab => s as unknown as Lab;

/** Output channel j's kernel is K + j, as the chapter stacks them (5.3.2). */
const kernels = (lab: Lab): Tensor3[] =>
  Array.from({ length: lab.outputs }, (_, j) =>
    lab.K.map((m) => m.map((r) => r.map((v) => v + j))),
  );

function graphOf(lab: Lab): Graph {
  const [c, h, w] = dims(lab.X);
  const [, kh, kw] = dims(lab.K);
  return lessonGraph(
    'cross-correlation',
    [c, h, w],
    [
      [
        'conv',
        conv2d,
        {
          out_channels: lab.outputs,
          kernel_size: [kh, kw],
          stride: lab.stride,
          padding: lab.padding,
          bias: true,
        },
      ],
    ],
  );
}

/** Why these settings cannot run, in the layer definition's own words, or null. */
function refusal(lab: Lab): string | null {
  const [xc, kc] = [dims(lab.X)[0], dims(lab.K)[0]];
  if (xc !== kc) return `K has ${kc} channel${kc > 1 ? 's' : ''} but X has ${xc}: they must match`;
  const problem = analyze(graphOf(lab)).problems.find((p) => p.severity === 'error');
  return problem ? problem.message : null;
}

export type Control = 'size' | 'channels' | 'kernel' | 'padding' | 'stride' | 'bias' | 'outputs';

export function ConvLab({
  state,
  set,
  controls,
}: {
  state: LessonState;
  set(patch: LessonState): void;
  controls: Control[];
}) {
  const lab = labOf(state);
  const [picked, setPicked] = useState<[number, number, number]>([0, 0, 0]);
  const graph = graphOf(lab);
  const analysis = analyze(graph);
  const op = analysis.ops.find((o) => o.name === 'conv');
  const problem = refusal(lab);
  const key = JSON.stringify(lab);
  const computation = useComputation(
    key,
    problem
      ? null
      : () =>
          lessonEngine.evaluate({
            graph,
            weights: new Map([
              ['conv.weight', kernels(lab).flatMap(flat)],
              ['conv.bias', new Array<number>(lab.outputs).fill(lab.b)],
            ]),
            input: flat(lab.X),
            batch: 1,
            read: ['conv'],
          }),
  );
  const y =
    computation.status === 'done' && op
      ? asTensor(computation.result.values.get('conv')!, op.shape)
      : null;

  // The picked output element, kept inside the output as it shrinks.
  const [k, i, j] = y
    ? [
        Math.min(picked[0], y.length - 1),
        Math.min(picked[1], y[0]!.length - 1),
        Math.min(picked[2], y[0]![0]!.length - 1),
      ]
    : picked;
  const [c, h, w] = dims(lab.X);
  const [, kh, kw] = dims(lab.K);
  const [ph, pw] = lab.padding;
  const [sh, sw] = lab.stride;
  const window = { top: i * sh, left: j * sw, bottom: i * sh + kh - 1, right: j * sw + kw - 1 };
  const padded = (ch: number, r: number, q: number) => lab.X[ch]![r - ph]?.[q - pw] ?? 0;
  const kernel = kernels(lab)[k] ?? lab.K;
  const sums = Array.from({ length: c }, (_, ch) =>
    Array.from({ length: kh * kw }, (_, t) => {
      const [ky, kx] = [Math.floor(t / kw), t % kw];
      return `${term(padded(ch, window.top + ky, window.left + kx))}×${term(kernel[ch]![ky]![kx]!)}`;
    }).join(' + '),
  );

  const edit = (name: 'X' | 'K') => (ch: number, r: number, q: number, v: number) => {
    const t = structuredClone(lab[name]);
    t[ch]![r]![q] = v;
    set({ [name]: t });
  };
  const field = (
    name: string,
    f: Parameters<typeof ParamField>[0]['field'],
    value: ParamValue,
    apply: (v: ParamValue) => Partial<Lab>,
  ) => (
    <ParamField
      key={name}
      name={`lesson-${name}`}
      field={f}
      value={value}
      check={(v) => refusal({ ...lab, ...apply(v) })}
      onCommit={(v) => set(apply(v) as LessonState)}
    />
  );
  const shown: Record<Control, () => React.JSX.Element> = {
    size: () =>
      field('size', sizeField, [h, w], (v) => {
        const [nh, nw] = v as [number, number];
        return { X: resized(lab.X, c, nh, nw) };
      }),
    channels: () =>
      field('channels', channelsField, c, (v) => ({
        X: resized(lab.X, v as number, h, w),
        K: resized(lab.K, v as number, kh, kw),
      })),
    kernel: () =>
      field('kernel', kernelField, [kh, kw], (v) => {
        const [nh, nw] = v as [number, number];
        return { K: resized(lab.K, c, nh, nw) };
      }),
    padding: () =>
      field('padding', conv2d.fields.padding, lab.padding, (v) => ({
        padding: v as [number, number],
      })),
    stride: () =>
      field('stride', conv2d.fields.stride, lab.stride, (v) => ({ stride: v as [number, number] })),
    bias: () => field('bias', biasField, lab.b, (v) => ({ b: v as number })),
    outputs: () => field('outputs', outputsField, lab.outputs, (v) => ({ outputs: v as number })),
  };
  const formula = op ? windowFormula(op) : null;
  const value = y?.[k]?.[i]?.[j];

  return (
    <div className="lab">
      <div className="lab-controls">{controls.map((name) => shown[name]())}</div>
      {problem && (
        <p className="field-error" role="alert" data-testid="lesson-problem">
          {problem}
        </p>
      )}
      <div className="lab-row">
        <TensorGrids
          id="X"
          tensor={lab.X}
          label={ph || pw ? `X, padded with ${ph}×${pw} zeros` : 'X'}
          pad={lab.padding}
          marked={y ? window : null}
          onEdit={edit('X')}
        />
        <span className="lab-op">⋆</span>
        <TensorGrids
          id="K"
          tensor={lab.K}
          label={lab.outputs > 1 ? 'K (kernel j is K + j)' : 'K'}
          onEdit={edit('K')}
        />
        <span className="lab-op">{lab.b !== 0 ? `+ ${fmt(lab.b)} =` : '='}</span>
        <TensorGrids
          id="Y"
          tensor={y}
          label="Y"
          selected={[k, i, j]}
          onSelect={(ch, r, q) => setPicked([ch, r, q])}
        />
      </div>
      {y && y.length > 1 && (
        <p className="lab-note">
          Output channel{' '}
          <select
            data-testid="lab-output-channel"
            value={k}
            onChange={(e) => setPicked([Number(e.target.value), i, j])}
          >
            {y.map((_, n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>{' '}
          is X ⋆ (K + {k}): the {lab.outputs} kernels stacked make a weight of shape {lab.outputs} ×{' '}
          {c} × {kh} × {kw} (c_o × c_i × k_h × k_w).
        </p>
      )}
      {value !== undefined && (
        <div className="lab-sum" data-testid="lab-sum">
          <span>
            Y[{i}, {j}]{y!.length > 1 ? ` of channel ${k}` : ''} ={' '}
          </span>
          {sums.map((s, ch) => (
            <span key={ch}>{c > 1 ? `${ch > 0 ? ' + ' : ''}(${s})` : s}</span>
          ))}
          {lab.b !== 0 && <span> + {term(lab.b)}</span>}
          <span>
            {' '}
            = <strong data-testid="lab-sum-value">{fmt(value)}</strong>
          </span>
          <button
            className="lab-step"
            data-testid="lab-next"
            onClick={() => {
              const [, oh, ow] = [y!.length, y![0]!.length, y![0]![0]!.length];
              const next = i * ow + j + 1;
              setPicked([k, Math.floor(next / ow) % oh, next % ow]);
            }}
          >
            Next window ▸
          </button>
        </div>
      )}
      {formula && (controls.includes('padding') || controls.includes('stride')) && (
        <div className="formula" data-testid="lesson-formula">
          {formula.map((f, a) => {
            const [n, kk, p, st] = [[h, w][a]!, [kh, kw][a]!, 2 * lab.padding[a]!, lab.stride[a]!];
            return (
              <div key={f.axis}>
                {f.axis === 'H' ? 'Height' : 'Width'}: {f.text} = {f.result}; in the chapter’s form
                ⌊(n − k + p + s) / s⌋ with p the padding of both sides: ⌊({n} − {kk} + {p} + {st}) /{' '}
                {st}⌋ = {Math.floor((n - kk + p + st) / st)}
              </div>
            );
          })}
        </div>
      )}
      <ComputedBy computation={computation} />
    </div>
  );
}
