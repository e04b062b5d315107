import { useReactFlow, type Viewport } from '@xyflow/react';
import { useCallback, useEffect } from 'react';
import { boundsOf } from '../layout/geometry.js';
import { shownBoxes } from '../layout/makeRoom.js';
import { editorStore } from '../store/store.js';

/**
 * Below this zoom even the zoomed-out faces' large type (24–26 px) is too small to read (under
 * 9 px): a graph that does not fit at it opens at it, from its start.
 */
export const legibleZoom = 0.36;

/** Room left round the graph when it is fitted, in screen pixels; the zoom buttons sit at left. */
const margin = { left: 60, right: 24, top: 24, bottom: 30 };

/**
 * The view the last fit left. While the view is still that one, the user has not moved it, so a
 * change of the canvas's size (the window, a panel) fits the graph again; once they pan or zoom,
 * their view is theirs.
 */
let lastFit: Viewport | null = null;

const sameView = (a: Viewport, b: Viewport) =>
  Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5 && Math.abs(a.zoom - b.zoom) < 1e-3;

/** The view that shows the graph on a canvas `width`×`height` (see useShowGraph); null for none. */
function fittedView(width: number, height: number): Viewport | null {
  const { nodes, measured, direction, collapsed } = editorStore.getState();
  // Nodes just loaded are not measured yet; they have the CSS width and about this height.
  const bounds = boundsOf(shownBoxes(nodes, new Set(collapsed), direction, measured));
  if (!bounds) return null;
  const room = {
    width: width - margin.left - margin.right,
    height: height - margin.top - margin.bottom,
  };
  const fit = Math.min(room.width / bounds.width, room.height / bounds.height, 1);
  if (fit < legibleZoom) {
    const zoom = legibleZoom;
    return { x: margin.left - bounds.x * zoom, y: margin.top - bounds.y * zoom, zoom };
  }
  const centre = { x: bounds.x + bounds.width / 2, y: bounds.y + bounds.height / 2 };
  return {
    x: margin.left + room.width / 2 - centre.x * fit,
    y: margin.top + room.height / 2 - centre.y * fit,
    zoom: fit,
  };
}

/**
 * Zooms so that every layer (and collapsed stage) on the canvas is on screen, at most 100%: the
 * layout wrapped long networks into columns so that this stays readable. A graph too big for
 * that (hundreds of layers) is shown from its start at the smallest legible zoom.
 */
export function useShowGraph(): () => void {
  const flow = useReactFlow();
  return useCallback(() => {
    const rect = document.querySelector('.canvas')?.getBoundingClientRect();
    const view = rect && fittedView(rect.width, rect.height);
    if (!view) return;
    lastFit = view;
    void flow.setViewport(view, { duration: 200 });
  }, [flow]);
}

/** Fits the graph again when the canvas changes size, unless the user has moved the view since. */
export function useRefitOnResize(): void {
  const flow = useReactFlow();
  useEffect(() => {
    const canvas = document.querySelector('.canvas');
    if (!canvas) return;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry || !lastFit || !sameView(flow.getViewport(), lastFit)) return;
      const view = fittedView(entry.contentRect.width, entry.contentRect.height);
      if (!view) return;
      lastFit = view;
      void flow.setViewport(view);
    });
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [flow]);
}
