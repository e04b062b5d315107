/**
 * 5.1.6 特征图和感受野: X ⋆ K = Y, then Y ⋆ K′ = z. Click any element of Y or z: the part of X
 * (and of Y) it is computed from lights up, as src/graph's receptive-field analysis finds it.
 */
import { useState } from 'react';
import { analyze, conv2d, inputRegion, type ParamValue } from '../../../graph/index.js';
import { ParamField } from '../../panels/ParamField.js';
import { lessonEngine } from '../engine.js';
import {
  asTensor,
  cellField,
  ComputedBy,
  dims,
  flat,
  lessonGraph,
  resized,
  TensorGrids,
  useComputation,
} from '../kit.js';
import type { LessonState, StateSpec, Tensor3 } from '../lessonState.js';
import { sizeField } from './convLab.js';

const m3 = [
  [
    [0, 1, 2],
    [3, 4, 5],
    [6, 7, 8],
  ],
];
const k2 = [
  [
    [0, 1],
    [2, 3],
  ],
];

export const receptiveFieldSpec: StateSpec = {
  X: { kind: 'tensor', default: m3, max: [1, 8, 8], cell: cellField },
  K: { kind: 'tensor', default: k2, max: [1, 8, 8], cell: cellField },
  K2: { kind: 'tensor', default: k2, max: [1, 8, 8], cell: cellField },
  stride: { kind: 'pair', default: [1, 1], field: conv2d.fields.stride },
  padding: { kind: 'pair', default: [0, 0], field: conv2d.fields.padding },
};

interface Rf {
  X: Tensor3;
  K: Tensor3;
  K2: Tensor3;
  stride: [number, number];
  padding: [number, number];
}

const conv = (k: Tensor3, extra: object = {}) => {
  const [, kh, kw] = dims(k);
  return { out_channels: 1, kernel_size: [kh, kw], bias: false, ...extra };
};

/** Y's layer takes the stride and padding; z's is the chapter's plain 2×2. */
const graphOf = (s: Rf) =>
  lessonGraph('receptive field', dims(s.X), [
    ['Y', conv2d, conv(s.K, { stride: s.stride, padding: s.padding })],
    ['z', conv2d, conv(s.K2)],
  ]);

function refusal(s: Rf): string | null {
  const problem = analyze(graphOf(s)).problems.find((p) => p.severity === 'error');
  return problem ? problem.message : null;
}

export function ReceptiveFieldLesson({
  state,
  set,
}: {
  state: LessonState;
  set(patch: LessonState): void;
}) {
  const s = state as unknown as Rf;
  const [picked, setPicked] = useState<{ op: 'Y' | 'z'; at: [number, number] }>({
    op: 'z',
    at: [0, 0],
  });
  const problem = refusal(s);
  const graph = graphOf(s);
  const analysis = analyze(graph);
  const computation = useComputation(
    JSON.stringify(s),
    problem
      ? null
      : () =>
          lessonEngine.evaluate({
            graph,
            weights: new Map([
              ['Y.weight', flat(s.K)],
              ['z.weight', flat(s.K2)],
            ]),
            input: flat(s.X),
            batch: 1,
            read: ['Y', 'z'],
          }),
  );
  const shapeOf = (name: string) => analysis.ops.find((o) => o.name === name)?.shape;
  const values = (name: 'Y' | 'z') =>
    computation.status === 'done' && shapeOf(name)
      ? asTensor(computation.result.values.get(name)!, shapeOf(name)!)
      : null;
  const [Y, z] = [values('Y'), values('z')];
  const shown = picked.op === 'z' ? z : Y;
  const at: [number, number] = shown
    ? [
        Math.min(picked.at[0], shown[0]!.length - 1),
        Math.min(picked.at[1], shown[0]![0]!.length - 1),
      ]
    : picked.at;
  const inX = problem ? null : inputRegion(analysis, picked.op, at);
  const inY = problem || picked.op !== 'z' ? null : inputRegion(analysis, 'z', at, 'Y');
  const seen = inX ? (inX.bottom - inX.top + 1) * (inX.right - inX.left + 1) : 0;
  const [, h, w] = dims(s.X);
  const edit = (name: 'X' | 'K' | 'K2') => (_c: number, r: number, q: number, v: number) => {
    const t = structuredClone(s[name]);
    t[0]![r]![q] = v;
    set({ [name]: t });
  };
  const field = (name: 'stride' | 'padding', value: [number, number]) => (
    <ParamField
      name={`lesson-${name}`}
      field={conv2d.fields[name]}
      value={value}
      check={(v) => refusal({ ...s, [name]: v as [number, number] })}
      onCommit={(v: ParamValue) => set({ [name]: v as [number, number] })}
    />
  );
  return (
    <div className="lab">
      <div className="lab-controls">
        <ParamField
          name="lesson-size"
          field={sizeField}
          value={[h, w]}
          check={(v) => refusal({ ...s, X: resized(s.X, 1, ...(v as [number, number])) })}
          onCommit={(v) => set({ X: resized(s.X, 1, ...(v as [number, number])) })}
        />
        {field('stride', s.stride)}
        {field('padding', s.padding)}
      </div>
      {problem && (
        <p className="field-error" role="alert" data-testid="lesson-problem">
          {problem}
        </p>
      )}
      <div className="lab-row">
        <TensorGrids id="X" tensor={s.X} label="X" marked={inX} onEdit={edit('X')} />
        <span className="lab-op">⋆</span>
        <TensorGrids id="K" tensor={s.K} label="K" onEdit={edit('K')} />
        <span className="lab-op">=</span>
        <TensorGrids
          id="Y"
          tensor={Y}
          label="Y (click an element)"
          marked={inY}
          selected={picked.op === 'Y' ? [0, ...at] : null}
          onSelect={(_c, r, q) => setPicked({ op: 'Y', at: [r, q] })}
        />
        <span className="lab-op">⋆</span>
        <TensorGrids id="K2" tensor={s.K2} label="K′" onEdit={edit('K2')} />
        <span className="lab-op">=</span>
        <TensorGrids
          id="z"
          tensor={z}
          label="z (click an element)"
          selected={picked.op === 'z' ? [0, ...at] : null}
          onSelect={(_c, r, q) => setPicked({ op: 'z', at: [r, q] })}
        />
      </div>
      <p className="lab-sum" data-testid="rf-summary">
        {problem
          ? ''
          : inX
            ? `${picked.op}[${at[0]}, ${at[1]}] sees ${seen} element${seen === 1 ? '' : 's'} of X: rows ${inX.top}–${inX.bottom}, columns ${inX.left}–${inX.right}${inY ? `, through ${(inY.bottom - inY.top + 1) * (inY.right - inY.left + 1)} elements of Y` : ''}.`
            : `${picked.op}[${at[0]}, ${at[1]}] sees only padding.`}
      </p>
      <ComputedBy computation={computation} />
    </div>
  );
}
