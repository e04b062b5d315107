import { useReactFlow } from '@xyflow/react';
import { paletteMime } from '../canvas/Canvas.js';
import { addLayer } from '../commands.js';
import { categoryClass } from '../format.js';
import { editorStore, useEditor } from '../store/store.js';
import { usePaletteGroups } from './paletteGroups.js';

/**
 * Layer kinds by category, the graph's own blocks last. Click (or Enter) adds one after the
 * selected layer, or in the middle of the canvas; drag one onto the canvas or onto an edge. A
 * block no layer uses can be removed.
 */
export function Palette({ onClose }: { onClose(): void }) {
  const { screenToFlowPosition } = useReactFlow();
  const groups = usePaletteGroups();
  const addAtCentre = (kind: string) => {
    const canvas = document.querySelector('.canvas')!.getBoundingClientRect();
    const at = screenToFlowPosition({
      x: canvas.left + canvas.width / 2,
      y: canvas.top + canvas.height / 2,
    });
    addLayer(kind, at);
  };
  return (
    <nav className="palette" aria-label="Layers">
      <div className="panel-head">
        <span>Layers</span>
        <button
          className="icon-button"
          title="Hide the layers"
          aria-label="Hide the layers"
          onClick={onClose}
          data-testid="close-palette"
        >
          ‹
        </button>
      </div>
      {groups.map(({ category, items }) => (
        <section key={category}>
          <h3>{category}</h3>
          {category === 'My blocks' && items.length === 0 && (
            <p className="palette-hint">Select layers and press Ctrl+G to make a block.</p>
          )}
          {items.map((l) => (
            <div key={l.kind} className="palette-row">
              <button
                className={`palette-item ${categoryClass(category)}`}
                draggable
                title={`${l.description}\nClick to add after the selected layer; drag onto the canvas or an edge.`}
                data-testid={`palette-${l.kind}`}
                onDragStart={(e) => {
                  e.dataTransfer.setData(paletteMime, l.kind);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => addAtCentre(l.kind)}
              >
                {l.label}
              </button>
              {l.category === 'My blocks' && <RemoveBlock name={l.kind} />}
            </div>
          ))}
        </section>
      ))}
    </nav>
  );
}

/** Removes a block from the graph's list; only offered while no layer uses it. */
function RemoveBlock({ name }: { name: string }) {
  const used = useEditor((s) => s.nodes.some((n) => n.kind === name));
  if (used) return null;
  return (
    <button
      className="icon-button palette-remove"
      title={`Remove ${name}: no layer uses it`}
      aria-label={`Remove block ${name}`}
      onClick={() => editorStore.getState().removeBlock(name)}
    >
      ✕
    </button>
  );
}
