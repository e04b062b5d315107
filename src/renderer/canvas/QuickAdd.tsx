import { useMemo, useState } from 'react';
import { categoryClass } from '../format.js';
import { addLayer } from '../commands.js';
import { defaultNodeSize } from '../layout/geometry.js';
import { searchLayers, usePaletteGroups } from '../panels/paletteGroups.js';
import { editorStore, useEditor } from '../store/store.js';

/**
 * The searchable list of layers that opens where a connection was dropped in empty space (or over
 * the canvas with "/"): type to filter, arrows to move, Enter to add, Escape to close.
 */
export function QuickAdd() {
  const quickAdd = useEditor((s) => s.quickAdd);
  if (!quickAdd) return null;
  // Keyed so that each opening starts with an empty search.
  return <QuickAddList key={`${quickAdd.screen.x},${quickAdd.screen.y}`} />;
}

function QuickAddList() {
  const quickAdd = useEditor((s) => s.quickAdd)!;
  const groups = usePaletteGroups();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const found = useMemo(() => searchLayers(groups, query), [groups, query]);
  const close = () => editorStore.getState().setUi({ quickAdd: null });
  const choose = (kind: string) => {
    const s = editorStore.getState();
    close();
    const { from, flow } = quickAdd;
    if (!from) {
      addLayer(kind, flow);
      return;
    }
    // The new layer's handle lands where the connection was let go.
    const handleAt =
      s.direction === 'DOWN'
        ? {
            x: flow.x - defaultNodeSize.width / 2,
            y: from.handle === 'source' ? flow.y : flow.y - defaultNodeSize.height,
          }
        : {
            x: from.handle === 'source' ? flow.x : flow.x - defaultNodeSize.width,
            y: flow.y - defaultNodeSize.height / 2,
          };
    s.addConnected(kind, from, handleAt);
  };
  const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
  const left = Math.max(
    8,
    Math.min(quickAdd.screen.x - (canvas?.left ?? 0), (canvas?.width ?? 0) - 248),
  );
  const top = Math.max(
    8,
    Math.min(quickAdd.screen.y - (canvas?.top ?? 0), (canvas?.height ?? 0) - 320),
  );
  const current = Math.min(active, found.length - 1);
  return (
    <div
      className="quick-add nodrag nopan"
      style={{ left, top }}
      data-testid="quick-add"
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) close();
      }}
    >
      <input
        autoFocus
        placeholder="Add a layer: type to search"
        aria-label="Search layers"
        aria-controls="quick-add-list"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, found.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter' && found[current]) choose(found[current].kind);
          else if (e.key === 'Escape') close();
          else return;
          e.preventDefault();
          e.stopPropagation();
        }}
        data-testid="quick-add-search"
      />
      <ul id="quick-add-list" role="listbox" aria-label="Layers">
        {found.length === 0 && <li className="quick-add-none">No layer matches “{query}”</li>}
        {found.map((l, i) => (
          <li key={l.kind} role="option" aria-selected={i === current}>
            <button
              type="button"
              className={`${categoryClass(l.category)}${i === current ? ' active' : ''}`}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(l.kind)}
              data-testid={`quick-add-${l.kind}`}
            >
              <span>{l.label}</span>
              <small>{l.category}</small>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
