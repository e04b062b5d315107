import { z } from 'zod';

/** How the workspace is arranged: side panel widths, which are open, the minimap. */
export interface Panels {
  /** Widths in pixels when open. */
  palette: number;
  side: number;
  paletteOpen: boolean;
  sideOpen: boolean;
  minimap: boolean;
}

export const panelLimits = {
  palette: { min: 120, max: 320 },
  side: { min: 260, max: 720 },
} as const;

export const defaultPanels: Panels = {
  palette: 168,
  side: 380,
  paletteOpen: true,
  sideOpen: true,
  minimap: true,
};

const storageKey = 'cnn-studio.panels';

const schema = z.object({
  palette: z.number().min(panelLimits.palette.min).max(panelLimits.palette.max),
  side: z.number().min(panelLimits.side.min).max(panelLimits.side.max),
  paletteOpen: z.boolean(),
  sideOpen: z.boolean(),
  minimap: z.boolean(),
});

/** The arrangement last used in this browser; the defaults when none was kept or it is unreadable. */
export function loadPanels(storage: Pick<Storage, 'getItem'> | undefined): Panels {
  try {
    const parsed = schema.safeParse(JSON.parse(storage?.getItem(storageKey) ?? 'null'));
    return parsed.success ? parsed.data : defaultPanels;
  } catch {
    return defaultPanels;
  }
}

/** Keeps the arrangement for next time; a full or forbidden storage only loses that. */
export function savePanels(storage: Pick<Storage, 'setItem'> | undefined, panels: Panels): void {
  try {
    storage?.setItem(storageKey, JSON.stringify(panels));
  } catch {
    // Private windows and full storage refuse; the panels still work this session.
  }
}

/** The browser's storage where there is one (not in Node tests). */
export const browserStorage = (): Storage | undefined =>
  typeof localStorage === 'undefined' ? undefined : localStorage;

/** Width of a closed panel's strip, which opens it again. */
export const railWidth = 28;

/**
 * The panel widths to show in a window `width` wide (null: only its strip): as chosen while the
 * canvas keeps at least half the window; beyond that the side panel, then the palette, shrink to
 * their minimum, and then the palette, then the side panel, fold away (`folded`: it opens over
 * the canvas from its strip).
 */
export function fitPanels(
  p: Panels,
  width: number,
): { palette: number | null; side: number | null; folded: { palette: boolean; side: boolean } } {
  // The splitters between the panels and the canvas take a pixel each.
  const budget = width / 2 - 4;
  let palette = p.paletteOpen ? p.palette : null;
  let side = p.sideOpen ? p.side : null;
  const used = () => (palette ?? railWidth) + (side ?? railWidth);
  if (side !== null && used() > budget)
    side = Math.max(panelLimits.side.min, side - (used() - budget));
  if (palette !== null && used() > budget) {
    palette = Math.max(panelLimits.palette.min, palette - (used() - budget));
  }
  const folded = { palette: false, side: false };
  if (palette !== null && used() > budget) {
    palette = null;
    folded.palette = true;
  }
  if (side !== null && used() > budget) {
    side = null;
    folded.side = true;
  }
  return { palette, side, folded };
}
