/**
 * 5.10 批量归一化: a BatchNorm1d over a mini-batch of m samples with d features, computed by the
 * runtime's BatchNorm kernels in training mode (batch statistics, running statistics moved with
 * PyTorch's momentum) and in prediction mode (running statistics).
 */
import { batchNorm1d, flatten, int } from '../../../graph/index.js';
import { ParamField } from '../../panels/ParamField.js';
import { lessonEngine, type TrainResult } from '../engine.js';
import {
  cellField,
  ComputedBy,
  dims,
  fmt,
  Grid,
  lessonGraph,
  resized,
  term,
  useComputation,
  type Computation,
} from '../kit.js';
import type { LessonState, StateSpec, Tensor3 } from '../lessonState.js';
import { worstOf } from './pooling.js';

const stepsField = int('Training steps', 0, 0, 30, 'Training-mode passes over the batch so far');
const batchField = int('Batch size m', 4, 2, 8, 'Samples in the mini-batch (rows of X)');
const featuresField = int('Features d', 2, 1, 4, 'Values per sample (columns of X)');

export const batchNormSpec: StateSpec = {
  // Rows are samples, columns features: feature 0 has mean 3 and variance 3.5, feature 1 mean 4
  // and variance 8.
  X: {
    kind: 'tensor',
    default: [
      [
        [1, 0],
        [2, 4],
        [3, 4],
        [6, 8],
      ],
    ],
    max: [1, 8, 4],
    cell: cellField,
  },
  gamma: { kind: 'tensor', default: [[[1, 1]]], max: [1, 1, 4], cell: cellField },
  beta: { kind: 'tensor', default: [[[0, 0]]], max: [1, 1, 4], cell: cellField },
  momentum: { kind: 'number', default: 0.1, field: batchNorm1d.fields.momentum },
  eps: { kind: 'number', default: 1e-5, field: batchNorm1d.fields.eps },
  steps: { kind: 'number', default: 3, field: stepsField },
};

interface Bn {
  X: Tensor3;
  gamma: Tensor3;
  beta: Tensor3;
  momentum: number;
  eps: number;
  steps: number;
}

const graphOf = (d: number, bn: Pick<Bn, 'eps' | 'momentum'>) =>
  lessonGraph(
    'batch normalization',
    [d, 1, 1],
    [
      ['flatten', flatten, {}],
      ['bn', batchNorm1d, { eps: bn.eps, momentum: bn.momentum }],
    ],
  );

/** Another mini-batch with the same first sample: the others 10 larger. */
const otherBatch = (X: number[][]) => X.map((row, i) => (i === 0 ? row : row.map((v) => v + 10)));

const asRows = (values: ArrayLike<number>, m: number, d: number): number[][] =>
  Array.from({ length: m }, (_, i) => Array.from({ length: d }, (_, f) => values[i * d + f]!));

/**
 * With momentum 1 the running statistics after one step are the batch's own: μ_B and the
 * unbiased variance, as the runtime's BatchNorm kernel computes them.
 */
function useBatchStatistics(
  job: { X: number[][]; bn: Bn; weights: Map<string, number[]> } | null,
): Computation<TrainResult> {
  return useComputation<TrainResult>(
    JSON.stringify(job),
    job
      ? () =>
          lessonEngine.train({
            graph: graphOf(job.X[0]!.length, { eps: job.bn.eps, momentum: 1 }),
            weights: job.weights,
            input: job.X.flat(),
            batch: job.X.length,
            steps: 1,
          })
      : null,
  );
}

export function BatchNormLesson({
  state,
  set,
}: {
  state: LessonState;
  set(patch: LessonState): void;
}) {
  const bn = state as unknown as Bn;
  const X = bn.X[0]!;
  const [, m, d] = dims(bn.X);
  // PyTorch refuses training-mode BatchNorm on one sample: its variance says nothing.
  const problem =
    m < batchField.min
      ? `a mini-batch needs at least ${batchField.min} samples (rows of X)`
      : bn.gamma[0]![0]!.length !== d || bn.beta[0]![0]!.length !== d
        ? `γ and β need one value per feature (${d})`
        : null;
  const fits = problem === null;
  const weights = new Map<string, number[]>([
    ['bn.weight', bn.gamma[0]![0]!],
    ['bn.bias', bn.beta[0]![0]!],
    ['bn.running_mean', new Array<number>(d).fill(0)],
    ['bn.running_var', new Array<number>(d).fill(1)],
  ]);
  const key = JSON.stringify(bn);
  const other = otherBatch(X);
  // The steps so far, then prediction mode on this batch and on the other one.
  const run = useComputation<TrainResult>(
    `run${key}`,
    fits
      ? () =>
          lessonEngine.train({
            graph: graphOf(d, bn),
            weights,
            input: X.flat(),
            batch: m,
            steps: bn.steps,
            predict: [other.flat()],
          })
      : null,
  );
  const mine = useBatchStatistics(fits ? { X, bn, weights } : null);
  const theirs = useBatchStatistics(fits ? { X: other, bn, weights } : null);

  const batchStats = (c: Computation<TrainResult>) => {
    if (c.status !== 'done') return null;
    const s = c.result.steps[0]!;
    const mean = s.buffers.get('bn.running_mean')!;
    const unbiased = s.buffers.get('bn.running_var')!;
    return {
      mean: Array.from(mean),
      // Normalising uses the biased variance; PyTorch stores the unbiased one.
      variance: Array.from(unbiased, (v) => (v * (m - 1)) / m),
      output: s.output,
    };
  };
  const b = batchStats(mine);
  const bOther = batchStats(theirs);
  const done = run.status === 'done' ? run.result : null;
  const history = done?.steps ?? [];
  const running = (k: number) => {
    if (k === 0)
      return { mean: new Array<number>(d).fill(0), variance: new Array<number>(d).fill(1) };
    const s = history[k - 1]!;
    return {
      mean: Array.from(s.buffers.get('bn.running_mean')!),
      variance: Array.from(s.buffers.get('bn.running_var')!),
    };
  };
  const last = done ? running(bn.steps) : null;
  const g = bn.gamma[0]![0]!;
  const beta = bn.beta[0]![0]!;
  const editRow = (name: 'gamma' | 'beta') => (_r: number, q: number, v: number) => {
    const t = structuredClone(bn[name]);
    t[0]![0]![q] = v;
    set({ [name]: t });
  };
  const resize = (rows: number, cols: number) =>
    set({
      X: resized(bn.X, 1, rows, cols),
      gamma: resized(bn.gamma, 1, 1, cols).map((mm) =>
        mm.map((r) => r.map((v, i) => (i < d ? v : 1))),
      ),
      beta: resized(bn.beta, 1, 1, cols),
    });

  return (
    <div className="lab">
      <div className="lab-controls">
        <ParamField
          name="lesson-m"
          field={batchField}
          value={m}
          onCommit={(v) => resize(v as number, d)}
        />
        <ParamField
          name="lesson-d"
          field={featuresField}
          value={d}
          onCommit={(v) => resize(m, v as number)}
        />
        <ParamField
          name="lesson-momentum"
          field={batchNorm1d.fields.momentum}
          value={bn.momentum}
          onCommit={(v) => set({ momentum: v as number })}
        />
        <ParamField
          name="lesson-eps"
          field={batchNorm1d.fields.eps}
          value={bn.eps}
          onCommit={(v) => set({ eps: v as number })}
        />
      </div>
      {problem && (
        <p className="field-error" role="alert" data-testid="lesson-problem">
          {problem}.
        </p>
      )}
      <h3>Training mode: the batch’s own statistics</h3>
      <div className="lab-row">
        <Grid
          id="X-0"
          values={X}
          caption={`X: ${m} samples (rows) × ${d} features`}
          onEdit={(r, q, v) => {
            const t = structuredClone(bn.X);
            t[0]![r]![q] = v;
            set({ X: t });
          }}
        />
        <Grid id="gamma" values={[g]} caption="γ (scale)" onEdit={editRow('gamma')} />
        <Grid id="beta" values={[beta]} caption="β (shift)" onEdit={editRow('beta')} />
        <Grid id="mean" values={b ? [b.mean] : null} caption="μ_B = (1/m) Σ x⁽ⁱ⁾" />
        <Grid id="var" values={b ? [b.variance] : null} caption="σ²_B = (1/m) Σ (x⁽ⁱ⁾ − μ_B)²" />
        <Grid
          id="train-y"
          values={b ? asRows(b.output, m, d) : null}
          caption="y = γ x̂ + β (training)"
        />
      </div>
      {b && (
        <p className="lab-sum" data-testid="bn-train-sum">
          Sample 1, feature 1: x̂ = (x − μ_B) / √(σ²_B + ε) = ({term(X[0]![0]!)} − {term(b.mean[0]!)}
          ) / √(
          {fmt(b.variance[0]!)} + {fmt(bn.eps)}), y = {term(g[0]!)}·x̂ + {term(beta[0]!)} ={' '}
          <strong data-testid="bn-train-value">{fmt(b.output[0]!)}</strong>
        </p>
      )}
      <h3>The moving averages, step by step</h3>
      <p className="lab-note">
        Each training step moves the running statistics toward the batch’s: running ← (1 − momentum)
        · running + momentum · batch statistic, with momentum {fmt(bn.momentum)} (PyTorch’s
        convention; the chapter’s own batch_norm writes the same update with its momentum = 0.9 on
        the old value). PyTorch and this runtime store the unbiased variance, σ²_B · m / (m − 1), in
        running_var; the chapter’s version keeps σ²_B and starts it at 0 rather than 1.
      </p>
      <div className="lab-controls">
        <ParamField
          name="lesson-steps"
          field={stepsField}
          value={bn.steps}
          onCommit={(v) => set({ steps: v as number })}
        />
        <button
          data-testid="bn-step"
          disabled={bn.steps >= stepsField.max}
          onClick={() => set({ steps: bn.steps + 1 })}
        >
          One more training step
        </button>
        <button onClick={() => set({ steps: 0 })}>Reset</button>
      </div>
      <table className="lab-table" data-testid="bn-history">
        <thead>
          <tr>
            <th>step</th>
            <th>running_mean</th>
            <th>running_var</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: (done ? bn.steps : 0) + 1 }, (_, k) => {
            const r = running(k);
            return (
              <tr key={k} data-testid={`bn-step-${k}`}>
                <td>{k}</td>
                <td data-value={r.mean.join(',')}>{r.mean.map(fmt).join(', ')}</td>
                <td data-value={r.variance.join(',')}>{r.variance.map(fmt).join(', ')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>Prediction mode: the running statistics</h3>
      {done && last && b && bOther && (
        <>
          <div className="lab-row">
            <Grid
              id="predict-y"
              values={asRows(done.predictions[0]!, m, d)}
              caption={`y = γ (x − running_mean) / √(running_var + ε) + β after ${bn.steps} steps`}
            />
          </div>
          <p className="lab-sum" data-testid="bn-predict-sum">
            Sample 1, feature 1: {term(g[0]!)}·({term(X[0]![0]!)} − {term(last.mean[0]!)}) / √(
            {fmt(last.variance[0]!)} + {fmt(bn.eps)}) + {term(beta[0]!)} ={' '}
            <strong data-testid="bn-predict-value">{fmt(done.predictions[0]![0]!)}</strong>
          </p>
          <p className="lab-note" data-testid="bn-independence">
            Put sample 1 in another mini-batch (the other samples 10 larger): in training mode its
            output changes, {fmt(b.output[0]!)} → {fmt(bOther.output[0]!)}, because μ_B and σ²_B
            change with the batch; in prediction mode it stays {fmt(done.predictions[0]![0]!)} →{' '}
            {fmt(done.predictions[1]![0]!)}: the running statistics are fixed, so a sample’s
            prediction no longer depends on the samples beside it.
          </p>
        </>
      )}
      <ComputedBy computation={worstOf(worstOf(run, mine), theirs)} />
    </div>
  );
}
