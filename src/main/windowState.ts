import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const int = z.number().int();
export const windowStateSchema = z.object({
  x: int,
  y: int,
  width: int.positive(),
  height: int.positive(),
  maximized: z.boolean(),
});

export type WindowState = z.infer<typeof windowStateSchema>;

export const minWindowSize = { width: 800, height: 560 };
const defaultSize = { width: 1280, height: 800 };
/** A window is findable when this much of its title bar area lies on some display. */
const minVisible = 96;

const overlap = (a: Rect, b: Rect): Rect => {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - x),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - y),
  };
};

function centred(width: number, height: number, area: Rect): Rect {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return {
    x: area.x + Math.floor((area.width - w) / 2),
    y: area.y + Math.floor((area.height - h) / 2),
    width: w,
    height: h,
  };
}

/**
 * Where to open the window: the saved bounds if enough of the top edge is still on one of the
 * displays' work areas (a monitor may have been unplugged or rearranged since), shrunk to fit that
 * display; otherwise centred on the primary display. `workAreas[0]` is the primary display.
 */
export function placeWindow(
  saved: WindowState | undefined,
  workAreas: readonly Rect[],
): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...defaultSize };
  if (saved !== undefined) {
    const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: 32 };
    const home = workAreas.find((area) => {
      const o = overlap(titleBar, area);
      return o.width >= Math.min(minVisible, saved.width) && o.height > 0;
    });
    if (home !== undefined) {
      const width = Math.min(saved.width, home.width);
      const height = Math.min(saved.height, home.height);
      const x = Math.min(
        Math.max(saved.x, home.x - width + minVisible),
        home.x + home.width - minVisible,
      );
      const y = Math.min(Math.max(saved.y, home.y), home.y + home.height - minVisible);
      return { x, y, width, height, maximized: saved.maximized };
    }
  }
  const size = saved ?? defaultSize;
  return { ...centred(size.width, size.height, primary), maximized: saved?.maximized ?? false };
}
