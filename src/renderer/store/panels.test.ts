import { describe, expect, it } from 'vitest';
import { defaultPanels, fitPanels, loadPanels, railWidth, savePanels } from './panels.js';

const memory = () => {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
  };
};

describe('panels', () => {
  it('are remembered, and garbage in storage gives the defaults', () => {
    const storage = memory();
    expect(loadPanels(storage)).toEqual(defaultPanels);
    const mine = { ...defaultPanels, side: 500, paletteOpen: false, minimap: false };
    savePanels(storage, mine);
    expect(loadPanels(storage)).toEqual(mine);
    for (const junk of ['{', '[]', '{"side": 1e9}', 'null', '{"side": "wide"}']) {
      storage.setItem('cnn-studio.panels', junk);
      expect(loadPanels(storage)).toEqual(defaultPanels);
    }
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    expect(loadPanels(refusing)).toEqual(defaultPanels);
    expect(() => savePanels(refusing, mine)).not.toThrow();
  });

  it('leave the canvas at least half the window, shrinking, then folding the panels away', () => {
    const canvasOf = (w: number, p = defaultPanels) => {
      const f = fitPanels(p, w);
      return w - (f.palette ?? railWidth) - (f.side ?? railWidth);
    };
    for (const w of [1440, 1280, 1024, 900, 800, 700, 600, 480, 360]) {
      expect(canvasOf(w)).toBeGreaterThanOrEqual(w / 2);
      expect(canvasOf(w, { ...defaultPanels, side: 720, palette: 320 })).toBeGreaterThanOrEqual(
        w / 2,
      );
    }
    expect(fitPanels(defaultPanels, 1440)).toEqual({
      palette: defaultPanels.palette,
      side: defaultPanels.side,
      folded: { palette: false, side: false },
    });
    const small = fitPanels(defaultPanels, 1024);
    expect(small.palette).toBe(defaultPanels.palette);
    expect(small.side).toBeLessThan(defaultPanels.side);
    expect(fitPanels(defaultPanels, 640)).toMatchObject({
      palette: null,
      folded: { palette: true, side: false },
    });
    expect(fitPanels(defaultPanels, 360).folded).toEqual({ palette: true, side: true });
    // A panel the user closed stays closed, whatever the width.
    expect(fitPanels({ ...defaultPanels, sideOpen: false }, 1440).side).toBeNull();
  });
});
