import { describe, expect, it } from 'vitest';
import {
  emaAdd,
  emaStart,
  formatDuration,
  samplesPerSecond,
  secondsLeft,
  throughputAdd,
  throughputStart,
} from './metrics.js';

describe('loss smoothing', () => {
  it('starts at the first value and follows a constant exactly (debiased)', () => {
    const { smoothed } = emaAdd(emaStart(0.9), [2, 2, 2, 2]);
    for (const s of smoothed) expect(s).toBeCloseTo(2, 12);
  });

  it('equals the debiased average computed by hand, in one call or in pieces', () => {
    const xs = [3, 1, 4, 1, 5, 9, 2, 6];
    const w = 0.6;
    const expected = xs.map((_, n) => {
      let num = 0;
      let den = 0;
      for (let i = 0; i <= n; i++) {
        num += w ** (n - i) * xs[i]!;
        den += w ** (n - i);
      }
      return num / den;
    });
    const whole = emaAdd(emaStart(w), xs).smoothed;
    const first = emaAdd(emaStart(w), xs.slice(0, 3));
    const pieces = [...first.smoothed, ...emaAdd(first.ema, xs.slice(3)).smoothed];
    whole.forEach((s, i) => expect(s).toBeCloseTo(expected[i]!, 12));
    pieces.forEach((s, i) => expect(s).toBeCloseTo(expected[i]!, 12));
  });

  it('with weight 0 is the raw series', () => {
    expect(emaAdd(emaStart(0), [5, 1, 3]).smoothed).toEqual([5, 1, 3]);
  });
});

describe('samples/s and time left', () => {
  it('measures the rate over the last window only', () => {
    let t = throughputStart(1000);
    expect(samplesPerSecond(t)).toBeNull();
    t = throughputAdd(t, 0, 0);
    expect(samplesPerSecond(t)).toBeNull();
    // Slow at first (10 samples/s), then 100 samples/s.
    t = throughputAdd(t, 1000, 10);
    t = throughputAdd(t, 1500, 60);
    t = throughputAdd(t, 2000, 110);
    expect(samplesPerSecond(t)).toBeCloseTo(100, 9);
    t = throughputAdd(t, 2500, 160);
    expect(samplesPerSecond(t)).toBeCloseTo(100, 9);
    expect(t.marks[0]![0]).toBe(1500);
  });

  it('estimates the time left from the rate', () => {
    expect(secondsLeft(200, 1000, 100)).toBe(8);
    expect(secondsLeft(1200, 1000, 100)).toBe(0);
    expect(secondsLeft(0, 1000, null)).toBeNull();
    expect(secondsLeft(0, 1000, 0)).toBeNull();
  });

  it('formats durations', () => {
    expect(formatDuration(12.4)).toBe('12 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
  });
});
