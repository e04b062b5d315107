import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { boundsOf } from '../layout/geometry.js';
import { shownBoxes } from '../layout/makeRoom.js';
import { editorStore } from '../store/store.js';

/** Room left round the graph when it is fitted, in screen pixels; the zoom buttons sit at left. */
const margin = { left: 60, right: 24, top: 24, bottom: 30 };

/**
 * Zooms so that every layer (and collapsed stage) on the canvas is on screen, at most 100%: the
 * layout wrapped long networks into columns so that this stays readable.
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
    const zoom = Math.max(
      0.05,
      Math.min(room.width / bounds.width, room.height / bounds.height, 1),
    );
    const centre = { x: bounds.x + bounds.width / 2, y: bounds.y + bounds.height / 2 };
    void flow.setViewport(
      {
        x: margin.left + room.width / 2 - centre.x * zoom,
        y: margin.top + room.height / 2 - centre.y * zoom,
        zoom,
      },
      { duration: 200 },
    );
  }, [flow]);
}
