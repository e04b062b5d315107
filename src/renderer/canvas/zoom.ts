import { useStore as useFlowStore } from '@xyflow/react';

/** Below this zoom a node shows only its kind and output shape, in large type. */
export const overviewZoom = 0.85;

/** Whether the canvas is zoomed out to the overview; changes only when the zoom crosses it. */
export const useOverview = (): boolean => useFlowStore((s) => s.transform[2] < overviewZoom);
