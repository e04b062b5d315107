/**
 * Explain a layer of the user's trained network on one test image, as CNN Explainer does: the
 * layer's input and output maps as heatmaps, and for a clicked output element the window it
 * reads, the kernel, and the products that sum to its value, all from one forward pass.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Op, Region } from '../../graph/index.js';
import { decode, toFloat32 } from '../../runtime-gpu/index.js';
import { Dialog } from '../dialogs/Dialog.js';
import { selectAnalysis } from '../store/analysis.js';
import { useEditor } from '../store/store.js';
import { trainingController } from './controller.js';
import { explain, position, type Explanation, type Maps, type Term } from './explain.js';

const fmt = (v: number) => String(Number(v.toPrecision(5)));

/** Blue for negative, red for positive, white for 0, on one scale for the whole map. */
function color(v: number, scale: number): [number, number, number] {
  const t = scale > 0 ? Math.max(-1, Math.min(1, v / scale)) : 0;
  const k = Math.round(255 * (1 - Math.abs(t)));
  return t >= 0 ? [255, k, k] : [k, k, 255];
}

/** [C, H, W] as C planes of H×W; a flat [F] as one plane in rows of up to 32. */
function planes(shape: readonly number[]): { c: number; h: number; w: number } {
  if (shape.length === 3) return { c: shape[0]!, h: shape[1]!, w: shape[2]! };
  const f = shape[0]!;
  const w = Math.min(f, 32);
  return { c: 1, h: Math.ceil(f / w), w };
}

/** One channel of a map: a heatmap to click, with a region outlined and an element picked. */
function Plane({
  maps,
  channel,
  scale,
  region,
  picked,
  onPick,
  testId,
}: {
  maps: Maps;
  channel: number;
  scale: number;
  region: Region | null;
  picked: number | null;
  onPick?(index: number): void;
  testId: string;
}) {
  const { h, w } = planes(maps.shape);
  const cell = Math.max(3, Math.min(14, Math.floor(112 / Math.max(h, w))));
  const canvas = useRef<HTMLCanvasElement>(null);
  const count = maps.data.length;
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    ctx.clearRect(0, 0, el.width, el.height);
    for (let r = 0; r < h; r++) {
      for (let q = 0; q < w; q++) {
        const i = (channel * h + r) * w + q;
        if (i >= count) continue;
        const [R, G, B] = color(maps.data[i]!, scale);
        ctx.fillStyle = `rgb(${R},${G},${B})`;
        ctx.fillRect(q * cell, r * cell, cell, cell);
      }
    }
    ctx.lineWidth = 2;
    if (region) {
      ctx.strokeStyle = '#16a34a';
      ctx.strokeRect(
        region.left * cell + 1,
        region.top * cell + 1,
        (region.right - region.left + 1) * cell - 2,
        (region.bottom - region.top + 1) * cell - 2,
      );
    }
    if (picked !== null) {
      const [pc, pr, pq] =
        maps.shape.length === 3
          ? position(maps.shape, picked)
          : [0, Math.floor(picked / w), picked % w];
      if (pc === channel) {
        ctx.strokeStyle = '#111';
        ctx.strokeRect(pq! * cell + 1, pr! * cell + 1, cell - 2, cell - 2);
      }
    }
  }, [maps, channel, scale, region, picked, h, w, cell, count]);
  const click = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const r = Math.min(h - 1, Math.floor((e.clientY - box.top) / cell));
    const q = Math.min(w - 1, Math.floor((e.clientX - box.left) / cell));
    const i = (channel * h + r) * w + q;
    if (i < count) onPick?.(i);
  };
  return (
    <canvas
      ref={canvas}
      className={`explain-plane${onPick ? ' pickable' : ''}`}
      width={w * cell}
      height={h * cell}
      data-testid={testId}
      onClick={onPick ? click : undefined}
    />
  );
}

function MapView({
  title,
  maps,
  regions,
  picked,
  onPick,
  testId,
}: {
  title: string;
  maps: Maps;
  /** The region to outline on each channel (null: none on that channel). */
  regions: (channel: number) => Region | null;
  picked: number | null;
  onPick?(index: number): void;
  testId: string;
}) {
  let scale = 0;
  for (let i = 0; i < maps.data.length; i++) scale = Math.max(scale, Math.abs(maps.data[i]!));
  const { c } = planes(maps.shape);
  return (
    <figure className="explain-map">
      <figcaption>
        {title}: {maps.shape.join('×')} (colours ±{fmt(scale)})
      </figcaption>
      <div className="explain-planes">
        {Array.from({ length: c }, (_, k) => (
          <Plane
            key={k}
            maps={maps}
            channel={k}
            scale={scale}
            region={regions(k)}
            picked={picked}
            onPick={onPick}
            testId={`${testId}-${k}`}
          />
        ))}
      </div>
    </figure>
  );
}

const where = (at: number[]) => `[${at.join(', ')}]`;

function Terms({ e, inputs }: { e: Explanation; inputs: string[] }) {
  const products = e.terms.some((t) => t.w !== undefined);
  const label = (t: Term) => `${inputs.length > 1 ? `${inputs[t.input]} ` : ''}${where(t.at)}`;
  return (
    <div className="explain-terms">
      <table data-testid="explain-terms">
        <thead>
          <tr>
            <th>input</th>
            <th>x</th>
            {products && <th>w</th>}
            {products && <th>w·x</th>}
          </tr>
        </thead>
        <tbody>
          {e.terms.map((t, i) => (
            <tr key={i}>
              <td>{label(t)}</td>
              <td>{fmt(t.x)}</td>
              {products && <td>{fmt(t.w!)}</td>}
              {products && <td data-value={t.value}>{fmt(t.value)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Explained({ e, op, inputs }: { e: Explanation; op: Op; inputs: string[] }) {
  const combined =
    e.combine === 'sum'
      ? `Σ of the ${e.terms.length} ${e.terms.some((t) => t.w !== undefined) ? 'products' : 'inputs'}${e.bias !== null ? ` + bias ${fmt(e.bias)}` : ''}`
      : e.combine === 'max'
        ? `the largest of the ${e.terms.length} values`
        : e.combine === 'mean'
          ? `the sum of the ${e.terms.length} values / ${e.divisor}`
          : op.kind;
  return (
    <div className="explain-result" data-testid="explain-result">
      <p className="explain-value">
        {op.name}
        {where(e.at)} ={' '}
        <strong data-testid="explain-value" data-value={e.value}>
          {fmt(e.value)}
        </strong>
      </p>
      <p className="explain-formula">{e.formula}</p>
      <p data-testid="explain-total" data-value={e.total} data-bias={e.bias ?? 0}>
        {combined} = {fmt(e.total)} (in float64; the GPU’s float32 gives {fmt(e.value)})
      </p>
      {e.combine !== 'map' && <Terms e={e} inputs={inputs} />}
      {e.softmax && (
        <table className="explain-softmax" data-testid="explain-softmax">
          <caption>softmax: p_k = exp(z_k) / Σ_j exp(z_j)</caption>
          <thead>
            <tr>
              <th>class</th>
              <th>logit z</th>
              <th>probability</th>
            </tr>
          </thead>
          <tbody>
            {e.softmax.logits.map((z, k) => (
              <tr key={k} className={k === e.at[0] ? 'picked' : undefined}>
                <td>{k}</td>
                <td>{fmt(z)}</td>
                <td>{(e.softmax!.probabilities[k]! * 100).toFixed(2)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The Explain dialog for the probed test image. */
export function ExplainView({ sample, onClose }: { sample: number; onClose(): void }) {
  const ops = useEditor(selectAnalysis).ops.filter((o) => o.kind !== 'Input');
  const checkpoint = useEditor((s) => s.training.checkpoint);
  const values = useEditor((s) => s.training.explanation);
  const [layer, setLayer] = useState(ops[0]?.name ?? '');
  const [picked, setPicked] = useState(0);
  useEffect(() => {
    if (layer) trainingController.explain(sample, layer);
  }, [sample, layer]);
  const weights = useMemo(
    () =>
      checkpoint
        ? new Map(
            [...decode(new Uint8Array(checkpoint.bytes)).tensors].map(
              ([k, t]) => [k, toFloat32(t)] as const,
            ),
          )
        : null,
    [checkpoint],
  );
  const op = ops.find((o) => o.name === layer);
  const shown = values && values.sample === sample && values.layer === layer ? values : null;
  const index = shown ? Math.min(picked, shown.output.data.length - 1) : 0;
  let e: Explanation | null = null;
  let problem: string | null = null;
  if (shown && op && weights) {
    try {
      e = explain(op, shown.inputs, shown.output, weights, index, op === ops.at(-1));
    } catch (err) {
      problem = (err as Error).message;
    }
  }
  const regionOn = (input: number) => (channel: number) => {
    const w = e?.windows.find(
      (x) => x.input === input && (x.channel === null || x.channel === channel),
    );
    return w?.region ?? null;
  };
  return (
    <Dialog
      title={`Explain a layer on test image #${sample}`}
      onClose={onClose}
      wide
      testId="explain"
    >
      <label className="explain-pick">
        Layer{' '}
        <select
          data-testid="explain-layer"
          value={layer}
          onChange={(ev) => {
            setLayer(ev.target.value);
            setPicked(0);
          }}
        >
          {ops.map((o) => (
            <option key={o.name} value={o.name}>
              {o.name} ({o.kind}, {o.shape.join('×')})
            </option>
          ))}
        </select>
        <span className="training-note">
          {' '}
          Click an element of the output to see how it is computed.
        </span>
      </label>
      {!shown && <p className="training-note">Running the network…</p>}
      {problem && (
        <p className="training-message error" role="alert">
          {problem}
        </p>
      )}
      {shown && (
        <div className="explain-body">
          <div className="explain-maps">
            {shown.inputs.map((input, i) => (
              <MapView
                key={i}
                title={`input ${input.name}`}
                maps={input}
                regions={regionOn(i)}
                picked={null}
                testId={`explain-input-${i}`}
              />
            ))}
            <MapView
              title={`output ${layer}`}
              maps={shown.output}
              regions={() => null}
              picked={index}
              onPick={setPicked}
              testId="explain-output"
            />
          </div>
          {e && op && <Explained e={e} op={op} inputs={shown.inputs.map((i) => i.name)} />}
          {e && op?.kind === 'Conv2d' && weights && (
            <Kernel weights={weights} op={op} channel={e.at[0]!} />
          )}
        </div>
      )}
    </Dialog>
  );
}

/** The kernel of one output channel of a conv, per input channel, as numbers. */
function Kernel({
  weights,
  op,
  channel,
}: {
  weights: Map<string, Float32Array>;
  op: Op;
  channel: number;
}) {
  const w = weights.get(`${op.name}.weight`);
  const shape = op.weights.find((s) => s.name === 'weight')?.shape;
  if (!w || !shape) return null;
  const [, cin, kh, kw] = shape as [number, number, number, number];
  const shownChannels = Math.min(cin, 8);
  return (
    <div className="explain-kernel" data-testid="explain-kernel">
      <p>
        Kernel {channel}: {cin} × {kh} × {kw}
        {cin > shownChannels ? ` (the first ${shownChannels} input channels)` : ''}
      </p>
      <div className="explain-kernel-grids">
        {Array.from({ length: shownChannels }, (_, c) => (
          <table key={c}>
            <tbody>
              {Array.from({ length: kh }, (_, r) => (
                <tr key={r}>
                  {Array.from({ length: kw }, (_, q) => (
                    <td key={q}>{fmt(w[((channel * cin + c) * kh + r) * kw + q]!)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
    </div>
  );
}
