import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { Canvas } from './canvas/Canvas.js';
import { Palette } from './panels/Palette.js';
import { RightPanel } from './RightPanel.js';
import { fitPanels, panelLimits, railWidth } from './store/panels.js';
import { editorStore, useEditor } from './store/store.js';

type PanelName = 'palette' | 'side';

const titles: Record<PanelName, string> = { palette: 'Layers', side: 'Inspector and summary' };

function useWindowWidth(): number {
  const [width, setWidth] = useState(() => window.innerWidth);
  useEffect(() => {
    const onResize = () => setWidth(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return width;
}

const setOpen = (panel: PanelName, open: boolean) =>
  editorStore
    .getState()
    .setPanels(panel === 'palette' ? { paletteOpen: open } : { sideOpen: open });

/**
 * The border between a side panel and the canvas: drag it (or focus it and press ← →) to resize
 * the panel, double-click it (or press Enter) to close it.
 */
function Splitter({ panel, width }: { panel: PanelName; width: number }) {
  const start = useRef<{ x: number; width: number } | null>(null);
  const limits = panelLimits[panel];
  // Dragging right widens the palette and narrows the side panel.
  const sign = panel === 'palette' ? 1 : -1;
  const resize = (w: number) => {
    const clamped = Math.round(Math.min(limits.max, Math.max(limits.min, w)));
    editorStore
      .getState()
      .setPanels(panel === 'palette' ? { palette: clamped } : { side: clamped });
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    start.current = { x: e.clientX, width };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (start.current) resize(start.current.width + sign * (e.clientX - start.current.x));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowLeft') resize(width - sign * 16);
    else if (e.key === 'ArrowRight') resize(width + sign * 16);
    else if (e.key === 'Enter') setOpen(panel, false);
    else return;
    e.preventDefault();
  };
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${titles[panel].toLowerCase()}`}
      aria-valuenow={width}
      aria-valuemin={limits.min}
      aria-valuemax={limits.max}
      tabIndex={0}
      title="Drag to resize; double-click to close"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (start.current = null)}
      onDoubleClick={() => setOpen(panel, false)}
      onKeyDown={onKeyDown}
      data-testid={`splitter-${panel}`}
    />
  );
}

/** The strip a closed panel leaves; it opens the panel again (over the canvas when folded). */
function Rail({ panel, onOpen }: { panel: PanelName; onOpen(): void }) {
  return (
    <button
      className={`panel-rail rail-${panel}`}
      style={{ width: railWidth }}
      title={`Show ${titles[panel].toLowerCase()}`}
      aria-label={`Show ${titles[panel].toLowerCase()}`}
      onClick={onOpen}
      data-testid={`rail-${panel}`}
    >
      <span>{panel === 'palette' ? 'Layers' : 'Inspector'}</span>
    </button>
  );
}

/**
 * Palette, canvas and side panel. The panels keep their widths and whether they are open
 * (remembered in the browser); on a narrow window they shrink and then fold away so that the
 * canvas keeps at least half the width, and a folded one opens over the canvas.
 */
export function Workspace() {
  const panels = useEditor((s) => s.panels);
  const width = useWindowWidth();
  const fit = fitPanels(panels, width);
  const [over, setOver] = useState<PanelName | null>(null);
  useEffect(() => {
    if (!over) return;
    const onKey = (e: globalThis.KeyboardEvent) => e.key === 'Escape' && setOver(null);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [over]);
  const open = (panel: PanelName) => () => {
    if (fit.folded[panel]) setOver(over === panel ? null : panel);
    else setOpen(panel, true);
  };
  return (
    <div className="workspace">
      {fit.palette !== null ? (
        <div className="panel-slot" style={{ width: fit.palette }}>
          <Palette onClose={() => setOpen('palette', false)} />
        </div>
      ) : (
        <Rail panel="palette" onOpen={open('palette')} />
      )}
      {fit.palette !== null && <Splitter panel="palette" width={fit.palette} />}
      <div className="canvas-slot" onPointerDown={() => setOver(null)}>
        <Canvas />
        {over === 'palette' && (
          <div
            className="panel-overlay left"
            onPointerDown={(e) => e.stopPropagation()}
            data-testid="overlay-palette"
          >
            <Palette onClose={() => setOver(null)} />
          </div>
        )}
        {over === 'side' && (
          <div
            className="panel-overlay right"
            onPointerDown={(e) => e.stopPropagation()}
            data-testid="overlay-side"
          >
            <RightPanel onClose={() => setOver(null)} />
          </div>
        )}
      </div>
      {fit.side !== null && <Splitter panel="side" width={fit.side} />}
      {fit.side !== null ? (
        <div className="panel-slot" style={{ width: fit.side }}>
          <RightPanel onClose={() => setOpen('side', false)} />
        </div>
      ) : (
        <Rail panel="side" onOpen={open('side')} />
      )}
    </div>
  );
}
