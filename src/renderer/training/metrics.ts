/** Pure reducers behind the training curves and numbers; no DOM, no GPU. */

/**
 * An exponential moving average, debiased as TensorBoard's smoothing is (so the first points are
 * not dragged towards 0): after n values, sum / (1 − w^n) where sum = w·sum + (1 − w)·x.
 */
export interface Ema {
  weight: number;
  sum: number;
  /** w^n. */
  decay: number;
}

export const emaStart = (weight: number): Ema => ({ weight, sum: 0, decay: 1 });

/** Adds `values` to the average; returns the new state and the smoothed value after each. */
export function emaAdd(ema: Ema, values: readonly number[]): { ema: Ema; smoothed: number[] } {
  let { sum, decay } = ema;
  const w = ema.weight;
  const smoothed = values.map((x) => {
    sum = w * sum + (1 - w) * x;
    decay *= w;
    return decay === 1 ? x : sum / (1 - decay);
  });
  return { ema: { weight: w, sum, decay }, smoothed };
}

/** Progress reports (ms since start, samples done) over the last few seconds, for samples/s. */
export interface Throughput {
  windowMs: number;
  marks: [number, number][];
}

export const throughputStart = (windowMs = 5000): Throughput => ({ windowMs, marks: [] });

export function throughputAdd(t: Throughput, ms: number, samples: number): Throughput {
  const marks = [...t.marks, [ms, samples] as [number, number]];
  // Keep one mark at or before the window's start so the rate always spans the full window.
  let first = 0;
  while (first + 1 < marks.length && marks[first + 1]![0] <= ms - t.windowMs) first++;
  return { windowMs: t.windowMs, marks: marks.slice(first) };
}

/** Samples per second over the window; null until two reports apart in time have arrived. */
export function samplesPerSecond(t: Throughput): number | null {
  const a = t.marks[0];
  const b = t.marks.at(-1);
  if (!a || !b || b[0] <= a[0]) return null;
  return ((b[1] - a[1]) * 1000) / (b[0] - a[0]);
}

/** Seconds left at the current rate; null while the rate is unknown or zero. */
export function secondsLeft(done: number, total: number, rate: number | null): number | null {
  if (rate === null || rate <= 0) return null;
  return Math.max(0, total - done) / rate;
}

/** "1 h 02 min", "3 min 05 s", "12 s". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
