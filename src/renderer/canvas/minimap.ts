import { useStore as useFlowStore, type ReactFlowState } from '@xyflow/react';
import { useCallback } from 'react';
import { defaultNodeSize } from '../layout/geometry.js';
import type { CanvasFlowNode } from './flowElements.js';

/** React Flow's minimap: 200×150 in the bottom-right corner, 15 px in from the edges. */
const minimap = { width: 200, height: 150, margin: 15 };
/** Below a node hang its handle and, on the output, its tag. */
const below = 26;

/**
 * Whether the minimap would hide part of a node on screen; it is then left out. Re-renders only
 * when the answer changes, not on every frame of a pan.
 */
export function useMinimapCoversNodes(nodes: readonly CanvasFlowNode[]): boolean {
  const covers = useCallback(
    (s: ReactFlowState) => {
      const [tx, ty, zoom] = s.transform;
      const left = s.width - minimap.margin - minimap.width;
      const top = s.height - minimap.margin - minimap.height;
      return nodes.some((n) => {
        if (n.type === 'frame') return false;
        const x = tx + n.position.x * zoom;
        const y = ty + n.position.y * zoom;
        const w = (n.measured?.width ?? defaultNodeSize.width) * zoom;
        const h = ((n.measured?.height ?? defaultNodeSize.height) + below) * zoom;
        return x + w > left && y + h > top && x < s.width && y < s.height;
      });
    },
    [nodes],
  );
  return useFlowStore(covers);
}
