import { useMemo } from 'react';
import { blockLayer, categories, layers, type AnyLayer, type Category } from '../../graph/index.js';
import { useEditor } from '../store/store.js';

export interface PaletteGroup {
  category: Category;
  items: readonly AnyLayer[];
}

const builtIn: PaletteGroup[] = categories.map((category) => ({
  category,
  items: layers.filter((l) => l.category === category) as readonly AnyLayer[],
}));

/** Every layer kind the palette offers, by category, the open graph's own blocks last. */
export function usePaletteGroups(): PaletteGroup[] {
  const blocks = useEditor((s) => s.blocks);
  return useMemo(
    () =>
      builtIn.map((g) =>
        g.category === 'My blocks'
          ? { ...g, items: Object.entries(blocks).map(([name, def]) => blockLayer(name, def)) }
          : g,
      ),
    [blocks],
  );
}

/**
 * The layers whose name, kind or category contains `query` (any case), those whose name starts
 * with it first; every layer for an empty query.
 */
export function searchLayers(groups: readonly PaletteGroup[], query: string): AnyLayer[] {
  const q = query.trim().toLowerCase();
  const all = groups.flatMap((g) => g.items);
  if (q === '') return all;
  const words = (l: AnyLayer) => [l.label, l.kind, l.category].map((w) => w.toLowerCase());
  const hits = all.filter((l) => words(l).some((w) => w.includes(q)));
  const starts = (l: AnyLayer) => words(l).some((w) => w.startsWith(q));
  return [...hits.filter(starts), ...hits.filter((l) => !starts(l))];
}
