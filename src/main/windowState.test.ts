import { describe, expect, it } from 'vitest';
import { placeWindow, type Rect, type WindowState } from './windowState.js';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 870 };
const rightMonitor: Rect = { x: 1440, y: 0, width: 2560, height: 1400 };

const state = (x: number, y: number, width = 1200, height = 800): WindowState => ({
  x,
  y,
  width,
  height,
  maximized: false,
});

describe('placeWindow', () => {
  it('opens at the default size centred on the primary display the first time', () => {
    expect(placeWindow(undefined, [laptop, rightMonitor])).toEqual({
      x: 80,
      y: 35,
      width: 1280,
      height: 800,
      maximized: false,
    });
  });

  it('restores bounds that are on a display, including a second one', () => {
    expect(placeWindow(state(100, 40), [laptop])).toEqual(state(100, 40));
    expect(placeWindow(state(2000, 100), [laptop, rightMonitor])).toEqual(state(2000, 100));
  });

  it('recentres a window whose monitor was unplugged, keeping its size and maximized flag', () => {
    const saved = { ...state(2000, 100, 1000, 700), maximized: true };
    expect(placeWindow(saved, [laptop])).toEqual({
      x: 220,
      y: 85,
      width: 1000,
      height: 700,
      maximized: true,
    });
  });

  it('shrinks a window larger than its display and keeps its top edge reachable', () => {
    const placed = placeWindow(state(-50, -200, 3000, 2000), [laptop]);
    expect(placed.width).toBe(laptop.width);
    expect(placed.height).toBe(laptop.height);
    expect(placed.y).toBe(0);
    expect(placed.x + placed.width).toBeGreaterThanOrEqual(96);
  });

  it('keeps a window hanging off the side, but lifts one whose title bar is at the bottom edge', () => {
    expect(placeWindow(state(1300, 100, 800, 600), [laptop])).toEqual(state(1300, 100, 800, 600));
    const low = placeWindow(state(100, 850, 800, 600), [laptop]);
    expect(low).toEqual(state(100, laptop.height - 96, 800, 600));
  });

  it('recentres a window with only a sliver of title bar left on screen', () => {
    const placed = placeWindow(state(1400, 100, 800, 600), [laptop]);
    expect(placed).toEqual(state(320, 135, 800, 600));
  });
});
