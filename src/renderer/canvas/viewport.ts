import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { defaultNodeSize } from '../layout/autoLayout.js';
import { editorStore } from '../store/store.js';

/** Below this zoom node text is unreadable; a long network is shown from its start instead. */
const readableZoom = 0.75;

/**
 * Zooms to fit the whole graph, or, when that would make it unreadable, shows its beginning
 * (the top for top-to-bottom layouts, the left for left-to-right) at a readable zoom.
 */
export function useShowGraph(): () => void {
  const flow = useReactFlow();
  return useCallback(() => {
    const canvas = document.querySelector('.canvas');
    const { nodes, measured, direction } = editorStore.getState();
    if (!canvas || nodes.length === 0) return;
    // Nodes just loaded are not measured yet; they have the CSS width and about this height.
    const boxes = nodes.map((n) => ({ ...n.position, ...(measured[n.id] ?? defaultNodeSize) }));
    const x = Math.min(...boxes.map((b) => b.x));
    const y = Math.min(...boxes.map((b) => b.y));
    const bounds = {
      x,
      y,
      width: Math.max(...boxes.map((b) => b.x + b.width)) - x,
      height: Math.max(...boxes.map((b) => b.y + b.height)) - y,
    };
    const { width, height } = canvas.getBoundingClientRect();
    const margin = 40;
    const fitZoom = Math.min(
      (width - 2 * margin) / bounds.width,
      (height - 2 * margin) / bounds.height,
      1,
    );
    if (fitZoom >= readableZoom) {
      void flow.fitView({ padding: 0.1, maxZoom: 1, duration: 200 });
      return;
    }
    const zoom = readableZoom;
    const centre = { x: bounds.x + bounds.width / 2, y: bounds.y + bounds.height / 2 };
    const viewport =
      direction === 'DOWN'
        ? { x: width / 2 - centre.x * zoom, y: margin - bounds.y * zoom, zoom }
        : { x: margin - bounds.x * zoom, y: height / 2 - centre.y * zoom, zoom };
    void flow.setViewport(viewport, { duration: 200 });
  }, [flow]);
}
