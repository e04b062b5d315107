import { describe, expect, it } from 'vitest';
import { windowOutput } from './window.js';

describe('windowOutput', () => {
  it('floors (n + 2p − k) / s + 1 by default', () => {
    expect(windowOutput(28, 5, 1, 2)).toBe(28);
    expect(windowOutput(7, 2, 2, 0)).toBe(3);
    expect(windowOutput(224, 11, 4, 1)).toBe(54);
  });

  it('rounds up with ceil_mode', () => {
    expect(windowOutput(7, 2, 2, 0, true)).toBe(4);
  });

  it('drops a ceil_mode window that would start inside the right padding', () => {
    // ceil((5 + 2 − 2) / 2) + 1 = 4, but the 4th window would start at 6 ≥ 5 + 1.
    expect(windowOutput(5, 2, 2, 1, true)).toBe(3);
  });

  // Regression: a kernel larger than the input used to give 0 here; PyTorch gives one window.
  it('gives one ceil_mode window when the kernel overhangs the input by less than a stride', () => {
    expect(windowOutput(2, 3, 2, 0, true)).toBe(1);
    expect(windowOutput(2, 3, 2, 0, false)).toBe(0);
  });

  it('never goes below zero', () => {
    expect(windowOutput(1, 9, 1, 0)).toBe(0);
    expect(windowOutput(1, 9, 3, 0, true)).toBe(0);
  });
});
