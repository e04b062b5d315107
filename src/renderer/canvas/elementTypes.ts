import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { CheckedEdge } from './CheckedEdge.js';
import { LayerNode } from './LayerNode.js';

// At module scope: React Flow re-creates every node when these objects change identity.
export const nodeTypes: NodeTypes = { layer: LayerNode };
export const edgeTypes: EdgeTypes = { checked: CheckedEdge };
