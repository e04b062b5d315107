import { useEffect, useMemo, useRef } from 'react';
import { selectAnalysis } from '../store/analysis.js';
import { useEditor } from '../store/store.js';
import { trainingController } from './controller.js';
import { featureView } from './featureMaps.js';

/** One channel as a grayscale image at its own size (CSS scales it up). */
function Tile({
  pixels,
  height,
  width,
}: {
  pixels: Uint8ClampedArray;
  height: number;
  width: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(width, height);
    pixels.forEach((v, p) => {
      image.data.set([v, v, v, 255], p * 4);
    });
    ctx.putImageData(image, 0, 0);
  }, [pixels, height, width]);
  return <canvas className="feature-tile" ref={canvas} width={width} height={height} />;
}

const barPx = 3;
const barHeight = 60;

/** A flat output, one bar per value (−1…1) up or down from the middle line. */
function Bars({ values }: { values: number[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const style = getComputedStyle(el);
    const mid = barHeight / 2;
    ctx.clearRect(0, 0, el.width, el.height);
    values.forEach((v, i) => {
      ctx.fillStyle = style.getPropertyValue(v < 0 ? '--error' : '--accent').trim();
      ctx.fillRect(i * barPx, v < 0 ? mid : mid - v * mid, barPx - 1, Math.abs(v) * mid);
    });
  }, [values]);
  return (
    <canvas
      className="feature-bars"
      data-testid="feature-bars"
      ref={canvas}
      width={values.length * barPx}
      height={barHeight}
    />
  );
}

/** The chosen layer's output for the picked test image: a tile per channel, or bars. */
export function FeatureMaps({ sample }: { sample: number }) {
  const layers = useEditor(selectAnalysis).ops.map((op) => op.name);
  const layer = useEditor((s) => s.training.featureLayer);
  const maps = useEditor((s) => s.training.featureMaps);
  const shown = maps && maps.sample === sample && maps.layer === layer ? maps : null;
  const view = useMemo(() => shown && featureView(shown.shape, shown.data), [shown]);
  return (
    <div className="feature-maps" data-testid="feature-maps">
      <label>
        Feature maps of{' '}
        <select
          data-testid="feature-layer"
          value={layer ?? ''}
          onChange={(e) => trainingController.showLayer(e.target.value || null)}
        >
          <option value="">choose a layer…</option>
          {layers.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {layer && !view && <p className="training-note">Running the network…</p>}
      {shown && view && (
        <>
          <p className="training-note" data-testid="feature-title">
            {shown.layer}: {shown.shape.join('×')}
            {view.kind === 'tiles' ? ', each channel scaled to its own range' : ''}
          </p>
          {view.kind === 'tiles' ? (
            <div className="feature-grid">
              {view.tiles.map((t, c) => (
                <Tile key={c} pixels={t} height={view.height} width={view.width} />
              ))}
            </div>
          ) : (
            <Bars values={view.values} />
          )}
        </>
      )}
    </div>
  );
}
