import { useReactFlow } from '@xyflow/react';
import { categories, layers } from '../../graph/index.js';
import { paletteMime } from '../canvas/Canvas.js';
import { editorStore } from '../store/store.js';

const groups = categories.map((category) => ({
  category,
  items: layers.filter((l) => l.category === category),
}));

/** Layer kinds by category: drag one onto the canvas, or click to add it in the middle. */
export function Palette() {
  const { screenToFlowPosition } = useReactFlow();
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
          {items.map((l) => (
            <button
              key={l.kind}
              className={`palette-item category-${category.toLowerCase()}`}
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
          ))}
        </section>
      ))}
    </nav>
  );
}
