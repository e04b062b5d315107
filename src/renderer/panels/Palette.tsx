import { useReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import { blockLayer, categories, layers, type AnyLayer } from '../../graph/index.js';
import { paletteMime } from '../canvas/Canvas.js';
import { categoryClass } from '../format.js';
import { editorStore, useEditor } from '../store/store.js';

const builtIn = categories.map((category) => ({
  category,
  items: layers.filter((l) => l.category === category) as readonly AnyLayer[],
}));

/**
 * Layer kinds by category, the graph's own blocks last: drag one onto the canvas, or click to add
 * it in the middle. A block no layer uses can be removed.
 */
export function Palette() {
  const { screenToFlowPosition } = useReactFlow();
  const blocks = useEditor((s) => s.blocks);
  const groups = useMemo(
    () =>
      builtIn.map((g) =>
        g.category === 'My blocks'
          ? { ...g, items: Object.entries(blocks).map(([name, def]) => blockLayer(name, def)) }
          : g,
      ),
    [blocks],
  );
  const addAtCentre = (kind: string) => {
    const canvas = document.querySelector('.canvas')!.getBoundingClientRect();
    const at = screenToFlowPosition({
      x: canvas.left + canvas.width / 2,
      y: canvas.top + canvas.height / 2,
    });
    editorStore.getState().addNode(kind, at);
  };
  return (
    <nav className="palette" aria-label="Layers">
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
                title={`${l.description}\nDrag onto the canvas, or click to add.`}
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
