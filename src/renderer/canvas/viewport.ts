import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
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
 * Zooms so that every layer (and collapsed stage) on the canvas is on screen, at most 100%: the
 * layout wrapped long networks into columns so that this stays readable. A graph too big for
 * that (hundreds of layers) is shown from its start at the smallest legible zoom.
 */
export function useShowGraph(): () => void {
  const flow = useReactFlow();
  return useCallback(() => {
    const canvas = document.querySelector('.canvas');
    const { nodes, measured, direction, collapsed } = editorStore.getState();
    // Nodes just loaded are not measured yet; they have the CSS width and about this height.
    const bounds = boundsOf(shownBoxes(nodes, new Set(collapsed), direction, measured));
    if (!canvas || !bounds) return;
    const { width, height } = canvas.getBoundingClientRect();
    const room = {
      width: width - margin.left - margin.right,
      height: height - margin.top - margin.bottom,
    };
    const fit = Math.min(room.width / bounds.width, room.height / bounds.height, 1);
    if (fit < legibleZoom) {
      const zoom = legibleZoom;
      const viewport = { x: margin.left - bounds.x * zoom, y: margin.top - bounds.y * zoom, zoom };
      void flow.setViewport(viewport, { duration: 200 });
      return;
    }
    const centre = { x: bounds.x + bounds.width / 2, y: bounds.y + bounds.height / 2 };
    void flow.setViewport(
      {
        x: margin.left + room.width / 2 - centre.x * fit,
        y: margin.top + room.height / 2 - centre.y * fit,
        zoom: fit,
      },
      { duration: 200 },
    );
  }, [flow]);
}
