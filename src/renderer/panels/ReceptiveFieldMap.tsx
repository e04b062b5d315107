/**
 * The receptive field of one element of a layer's output map, on the network's input: click an
 * element of the small output map and the input pixels it is computed from light up (the same
 * inputRegion analysis as the receptive-field lesson).
 */
import { useEffect, useRef, useState } from 'react';
import { inputRegion, type Analysis, type Region } from '../../graph/index.js';

const side = 150;

/** A map of h×w cells drawn `side` pixels across, with `region` filled and `pick` outlined. */
function MapCanvas({
  size: [h, w],
  region,
  pick,
  label,
  onPick,
}: {
  size: [number, number];
  region: Region | null;
  pick: [number, number] | null;
  label: string;
  onPick?(row: number, column: number): void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const style = getComputedStyle(el);
    const color = (name: string) => style.getPropertyValue(name).trim();
    const cell = side / Math.max(h, w);
    el.width = Math.round(w * cell);
    el.height = Math.round(h * cell);
    ctx.fillStyle = color('--panel-2');
    ctx.fillRect(0, 0, el.width, el.height);
    if (cell >= 5) {
      ctx.strokeStyle = color('--border');
      ctx.lineWidth = 1;
      for (let i = 1; i < Math.max(h, w); i++) {
        ctx.beginPath();
        ctx.moveTo(i * cell + 0.5, 0);
        ctx.lineTo(i * cell + 0.5, el.height);
        ctx.moveTo(0, i * cell + 0.5);
        ctx.lineTo(el.width, i * cell + 0.5);
        ctx.stroke();
      }
    }
    if (region) {
      ctx.fillStyle = color('--accent');
      ctx.globalAlpha = 0.55;
      ctx.fillRect(
        region.left * cell,
        region.top * cell,
        (region.right - region.left + 1) * cell,
        (region.bottom - region.top + 1) * cell,
      );
      ctx.globalAlpha = 1;
    }
    if (pick) {
      ctx.strokeStyle = color('--error');
      ctx.lineWidth = 2;
      const s = Math.max(cell - 2, 2);
      ctx.strokeRect(pick[1] * cell + 1, pick[0] * cell + 1, s, s);
    }
  }, [h, w, region, pick]);
  const click = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const row = Math.floor(((e.clientY - box.top) / box.height) * h);
    const col = Math.floor(((e.clientX - box.left) / box.width) * w);
    onPick?.(Math.max(0, Math.min(row, h - 1)), Math.max(0, Math.min(col, w - 1)));
  };
  return (
    <canvas
      ref={canvas}
      aria-label={label}
      data-testid={onPick ? 'rf-map-output' : 'rf-map-input'}
      onClick={onPick ? click : undefined}
    />
  );
}

export function ReceptiveFieldMap({ analysis, op }: { analysis: Analysis; op: string }) {
  const out = analysis.ops.find((o) => o.name === op);
  const input = analysis.ops.find((o) => o.kind === 'Input');
  const [, oh, ow] = (out?.shape ?? [0, 1, 1]) as [number, number, number];
  const [, ih, iw] = (input?.shape ?? [0, 1, 1]) as [number, number, number];
  const [picked, setPicked] = useState<[number, number]>([oh >> 1, ow >> 1]);
  const pick: [number, number] = [Math.min(picked[0], oh - 1), Math.min(picked[1], ow - 1)];
  const region = out && input ? inputRegion(analysis, op, pick) : null;
  if (!out || !input || out.shape.length !== 3) return null;
  return (
    <section className="rf-map" data-testid="rf-map">
      <h3>Receptive field</h3>
      <div className="rf-map-maps">
        <figure>
          <MapCanvas
            size={[oh, ow]}
            region={null}
            pick={pick}
            label={`the ${oh}×${ow} output map: click an element`}
            onPick={(r, c) => setPicked([r, c])}
          />
          <figcaption>
            output {oh}×{ow}: click an element
          </figcaption>
        </figure>
        <figure>
          <MapCanvas size={[ih, iw]} region={region} pick={null} label={`the ${ih}×${iw} input`} />
          <figcaption>
            input {ih}×{iw}
          </figcaption>
        </figure>
      </div>
      <p className="rf-map-text" data-testid="rf-map-region">
        [{pick[0]}, {pick[1]}]{' '}
        {region
          ? `sees rows ${region.top}–${region.bottom}, columns ${region.left}–${region.right} of the input (${region.bottom - region.top + 1}×${region.right - region.left + 1})`
          : 'sees only padding'}
      </p>
    </section>
  );
}
