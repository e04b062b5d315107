import type { ReactNode } from 'react';
import { compactCount } from '../format.js';

export interface FaceProps {
  /** The kind's label (Conv2d) or "Stage". */
  label: string;
  /** The node id, or a layer's name inside a block. */
  name: string;
  /** Key hyperparameters, e.g. `3×3 /2 p1, 128`. */
  summary: string;
  shape: string;
  paramCount: number;
  /** Category colour and state classes. */
  className: string;
  title?: string;
  testId?: string;
  /** Buttons at the end of the title line. */
  actions?: ReactNode;
  /** Handles, problem lines and marks, after the face. */
  children?: ReactNode;
  /** Zoomed out: only the kind and the shape (in large type), and nothing else to update. */
  overview?: boolean;
}

/**
 * The face every box on a canvas shows (a layer, a layer inside a block, a collapsed stage):
 * kind and name, key hyperparameters, output shape and parameter count. Zoomed out, only the
 * kind and the shape, which the canvas's CSS sets in large type: fewer elements to render and
 * update when an edit changes every shape of a big graph.
 */
export function NodeFace(p: FaceProps) {
  return (
    <div className={`layer-node ${p.className}`} title={p.title} data-testid={p.testId}>
      <div className="layer-node-head">
        <span className="layer-node-kind">{p.label}</span>
        {!p.overview && <span className="layer-node-id">{p.name}</span>}
        {p.actions}
      </div>
      {!p.overview && <div className="layer-node-summary">{p.summary}</div>}
      <div className="layer-node-foot">
        <span className="layer-node-shape" data-testid="shape">
          {p.shape}
        </span>
        {!p.overview && (
          <span className="layer-node-params" title={`${p.paramCount} parameters`}>
            {p.paramCount > 0 ? `${compactCount(p.paramCount)} params` : ''}
          </span>
        )}
      </div>
      {p.children}
    </div>
  );
}
