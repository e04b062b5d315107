import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { CheckedEdge } from './CheckedEdge.js';
import { LayerNode } from './LayerNode.js';
import { StageBox, StageFrame } from './StageNodes.js';

// At module scope: React Flow re-creates every node when these objects change identity.
export const nodeTypes: NodeTypes = { layer: LayerNode, stage: StageBox, frame: StageFrame };
export const edgeTypes: EdgeTypes = { checked: CheckedEdge };
