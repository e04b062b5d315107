import './training.css';
import { useEffect, useMemo } from 'react';
import { bytes } from '../format.js';
import { selectAnalysis } from '../store/analysis.js';
import { useEditor } from '../store/store.js';
import { Chart } from './Chart.js';
import { checkFit } from '../../training/fit.js';
import { Checkpoints } from './Checkpoints.js';
import { trainingController as control } from './controller.js';
import { accuracyCurves, comparable, lossCurves, lrCurve } from './curves.js';
import { builtinDatasets, type DatasetInfo } from './datasets.js';
import { formatDuration } from './metrics.js';
import type { ErrorKind } from './protocol.js';
import { Thumb } from './Gallery.js';
import { Recipes } from './Recipes.js';
import { Results } from './Results.js';
import { epochProgress, isActive, type Run } from './run.js';
import { SettingsForm } from './SettingsForm.js';
import type { TrainingState } from './trainingSlice.js';

const errorTitles: Record<ErrorKind, string> = {
  message: 'Internal error',
  graph: 'The network cannot be read',
  data: 'The dataset cannot be read',
  plan: 'The network does not fit the GPU',
  weights: 'The weights do not fit the network',
  diverged: 'Training diverged',
  'device-lost': 'The GPU device was lost',
  internal: 'Training failed',
};

export function datasetInfo(t: TrainingState): DatasetInfo | null {
  return t.form.dataset === 'imported'
    ? (t.imported?.info ?? null)
    : builtinDatasets[t.form.dataset];
}

function GpuLine({ gpu }: { gpu: TrainingState['gpu'] }) {
  if (gpu.status === 'unknown') return <p className="training-gpu">Looking for a GPU…</p>;
  if (gpu.status === 'unsupported') {
    return (
      <p className="training-message error" role="alert" data-testid="training-unsupported">
        <strong>Training needs WebGPU.</strong> {gpu.reason}
      </p>
    );
  }
  return (
    <p className="training-gpu" data-testid="training-gpu">
      GPU: {gpu.adapter}
      {gpu.fallback && ' (software renderer: correct but slow; use a small slice)'}
    </p>
  );
}

function Progress({ run }: { run: Run }) {
  const fraction = epochProgress(run);
  return (
    <div
      className="training-progress"
      data-testid="training-progress"
      data-steps={run.steps.length}
    >
      <div className="training-stats">
        <span data-testid="training-status">{run.status}</span>
        <span>
          epoch {Math.min(run.epoch, run.config.epochs)}/{run.config.epochs}, step {run.epochStep}/
          {run.stepsPerEpoch || '?'}
        </span>
        <span data-testid="samples-per-second">
          {run.samplesPerSecond === null ? '' : `${Math.round(run.samplesPerSecond)} samples/s`}
        </span>
        <span data-testid="time-left">
          {run.secondsLeft === null ? '' : `${formatDuration(run.secondsLeft)} left`}
        </span>
        {run.loss.length > 0 && (
          <span data-testid="loss-now">
            loss {run.lossSmooth.at(-1)!.toFixed(3)} (first step {run.loss[0]!.toFixed(3)})
          </span>
        )}
        {run.memoryBytes > 0 && <span>GPU memory {bytes(run.memoryBytes)}</span>}
      </div>
      <div
        className="progress-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
      >
        <div style={{ width: `${fraction * 100}%` }} />
      </div>
    </div>
  );
}

function Curves({ runs }: { runs: Run[] }) {
  const shown = useMemo(() => comparable(runs), [runs]);
  const loss = useMemo(() => lossCurves(shown), [shown]);
  const accuracy = useMemo(() => accuracyCurves(shown), [shown]);
  const last = shown.at(-1)!;
  const lr = useMemo(() => lrCurve(last), [last]);
  return (
    <div className="training-curves">
      <Chart title="Training loss per step" xLabel="step" testId="loss-chart" {...loss} />
      <Chart
        title="Accuracy per epoch"
        xLabel="epoch"
        testId="accuracy-chart"
        yRange={[0, 1]}
        {...accuracy}
      />
      <Chart title="Learning rate" xLabel="step" testId="lr-chart" {...lr} />
    </div>
  );
}

/** Training samples as the run's augmentation makes them, so its effect can be judged. */
function AugmentedStrip({ augmented }: { augmented: NonNullable<TrainingState['augmented']> }) {
  const { images, shape } = augmented;
  const size = shape.channels * shape.height * shape.width;
  const count = images.length / size;
  const bytesOf = (k: number) =>
    Uint8Array.from(images.subarray(k * size, (k + 1) * size), (v) => Math.round(v * 255));
  return (
    <div className="training-augmented" data-testid="augmented-strip">
      <h4>Augmented training samples</h4>
      <div>
        {Array.from({ length: count }, (_, k) => (
          <Thumb key={k} pixels={bytesOf(k)} shape={shape} />
        ))}
      </div>
    </div>
  );
}

/** The Training tab: settings, checks, start/pause/stop, live curves, results, checkpoints. */
export function TrainingPanel() {
  const training = useEditor((s) => s.training);
  const analysis = useEditor(selectAnalysis);
  const nodes = useEditor((s) => s.nodes);
  const setParams = useEditor((s) => s.setParams);
  const setTraining = useEditor((s) => s.setTraining);
  useEffect(() => control.init(), []);

  const { gpu, form, runs, error } = training;
  const run = runs.at(-1);
  const active = isActive(run);
  const data = datasetInfo(training);
  const checks = data ? checkFit(analysis, nodes, data, form.resize) : [];
  const blocked = !data || checks.some((c) => c.severity === 'error');
  const canStart = gpu.status === 'ready' && !active && !blocked;
  const resumable = training.checkpoint?.resumable ?? null;
  const validated = run?.epochs.some((e) => e.valLoss !== null) ?? false;

  return (
    <div className="training" data-testid="training-panel">
      <GpuLine gpu={gpu} />
      <Recipes disabled={active} />
      <SettingsForm disabled={active} />
      {!data && <p className="training-message warning">Import a dataset first.</p>}
      {checks.map((c) => (
        <div
          key={c.message}
          className={`training-message ${c.severity}`}
          data-testid="training-check"
        >
          <span>{c.message}</span>
          {c.resize && (
            <button
              type="button"
              onClick={() => setTraining({ form: { ...form, resize: true } })}
              data-testid="fix-resize"
            >
              Resize images to {c.resize.height}×{c.resize.width}
            </button>
          )}
          {c.fixes.map((f) => (
            <button key={f.label} type="button" onClick={() => setParams(f.nodeId, f.params)}>
              {f.label}
            </button>
          ))}
        </div>
      ))}
      <div className="training-controls">
        {!active && (
          <button
            type="button"
            className="primary"
            disabled={!canStart}
            onClick={() => control.start()}
            data-testid="train-start"
          >
            Start
          </button>
        )}
        {active && run?.status !== 'paused' && (
          <button
            type="button"
            onClick={() => control.pause()}
            disabled={run?.status !== 'running'}
            data-testid="train-pause"
          >
            Pause
          </button>
        )}
        {run?.status === 'paused' && (
          <button type="button" onClick={() => control.resume()} data-testid="train-resume">
            Resume
          </button>
        )}
        {active && (
          <button type="button" onClick={() => control.stop()} data-testid="train-stop">
            Stop
          </button>
        )}
        {resumable && !active && (
          <button
            type="button"
            disabled={!canStart || resumable.epoch >= form.epochs}
            title={
              resumable.epoch >= form.epochs
                ? `The checkpoint has ${resumable.epoch} epochs done: set Epochs above that to resume it`
                : 'Go on with the checkpoint’s run exactly: its weights, optimizer state and settings'
            }
            onClick={() => control.start(true)}
            data-testid="train-resume-run"
          >
            {resumable.epoch >= form.epochs
              ? `Resume run (all ${resumable.epoch} epochs done)`
              : `Resume run (epoch ${resumable.epoch + 1} of ${form.epochs})`}
          </button>
        )}
        {training.checkpoint && !active && (
          <label className="check">
            <input
              type="checkbox"
              checked={form.continueFrom}
              onChange={(e) => setTraining({ form: { ...form, continueFrom: e.target.checked } })}
            />
            continue from the last weights
          </label>
        )}
      </div>
      {error && (
        <div className="training-message error" role="alert" data-testid="training-error">
          <strong>{errorTitles[error.kind]}.</strong> {error.message}
        </div>
      )}
      {run && <Progress run={run} />}
      {training.augmented && <AugmentedStrip augmented={training.augmented} />}
      {comparable(runs).some((r) => r.steps.length > 0) && <Curves runs={runs} />}
      {run && run.epochs.length > 0 && (
        <table className="training-epochs" data-testid="epoch-summary">
          <thead>
            <tr>
              <th>epoch</th>
              <th>train loss</th>
              <th>train acc</th>
              {validated && <th>val loss</th>}
              {validated && <th>val acc</th>}
              <th>test acc</th>
              <th>lr</th>
            </tr>
          </thead>
          <tbody>
            {run.epochs.map((e) => (
              <tr key={e.epoch}>
                <td>{e.epoch}</td>
                <td>{e.trainLoss.toFixed(3)}</td>
                <td>{(e.trainAccuracy * 100).toFixed(1)}%</td>
                {validated && (
                  <td className={e.best ? 'best' : undefined} title={e.best ? 'best so far' : ''}>
                    {e.valLoss === null ? '' : e.valLoss.toFixed(3)}
                    {e.best ? ' ★' : ''}
                  </td>
                )}
                {validated && (
                  <td>{e.valAccuracy === null ? '' : `${(e.valAccuracy * 100).toFixed(1)}%`}</td>
                )}
                <td>{(e.testAccuracy * 100).toFixed(1)}%</td>
                <td>{e.lr.toPrecision(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Results names={data?.classNames ?? []} />
      <Checkpoints disabled={active || gpu.status !== 'ready' || blocked} />
    </div>
  );
}
