import uPlot from 'uplot';
import type { Series } from './Chart.js';
import type { Run } from './run.js';

/** Colours of earlier runs, oldest last; the current run is drawn in the accent colour. */
const palette = ['#8b5cf6', '#0f9d8a', '#e67e22', '#d6336c', '#6b7280'];
export const current = '#2f6fed';
const raw = '#9db8f5';

const colorOf = (i: number, n: number) =>
  i === n - 1 ? current : palette[(n - 2 - i) % palette.length]!;

/** NaN and ±∞ (a diverged run) become gaps: uPlot cannot scale an axis to them. */
const finite = (values: readonly number[]) => values.map((v) => (Number.isFinite(v) ? v : null));

/** The runs drawn together: the current one and earlier runs of the same network (at most 5). */
export function comparable(runs: readonly Run[]): Run[] {
  const last = runs.at(-1);
  if (!last) return [];
  return runs.filter((r) => r.graphKey === last.graphKey).slice(-6);
}

export interface ChartData {
  series: Series[];
  data: uPlot.AlignedData;
}

/** Loss per step: the current run raw and smoothed, earlier runs smoothed. */
export function lossCurves(runs: readonly Run[]): ChartData {
  const n = runs.length;
  const series: Series[] = [];
  const tables: uPlot.AlignedData[] = [];
  runs.forEach((r, i) => {
    if (i === n - 1) {
      series.push({ label: 'loss', color: raw, width: 1 });
      tables.push([r.steps, finite(r.loss)]);
    }
    series.push({ label: i === n - 1 ? 'smoothed' : r.label, color: colorOf(i, n), width: 2 });
    tables.push([r.steps, finite(r.lossSmooth)]);
  });
  return { series, data: tables.length ? uPlot.join(tables) : [[]] };
}

/** Train and test accuracy per epoch; earlier runs' test accuracy dashed. */
export function accuracyCurves(runs: readonly Run[]): ChartData {
  const n = runs.length;
  const series: Series[] = [];
  const tables: uPlot.AlignedData[] = [];
  runs.forEach((r, i) => {
    const epochs = r.epochs.map((e) => e.epoch);
    if (i === n - 1) {
      series.push({ label: 'train', color: '#0f9d8a', points: true });
      tables.push([epochs, r.epochs.map((e) => e.trainAccuracy)]);
      series.push({ label: 'test', color: current, width: 2, points: true });
    } else {
      series.push({ label: r.label, color: colorOf(i, n), dash: [4, 4], points: true });
    }
    tables.push([epochs, r.epochs.map((e) => e.testAccuracy)]);
  });
  return { series, data: tables.length ? uPlot.join(tables) : [[]] };
}

/** Learning rate per step of the current run. */
export function lrCurve(run: Run): ChartData {
  return { series: [{ label: 'lr', color: '#e67e22' }], data: [run.steps, run.lr] };
}
