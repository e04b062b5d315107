/** What every lesson is built from: number grids, the engine's results, and tiny graphs. */
import { useEffect, useState, type ReactNode } from 'react';
import { float, type Graph, type Region } from '../../graph/index.js';
import { sequentialGraph, type Step } from '../../graph/templates/sequential.js';
import { parseNumber } from '../panels/fieldInput.js';
import type { Backend, Checked } from './engine.js';
import type { Tensor3 } from './lessonState.js';

/** The range of a number typed into a lesson's grid. */
export const cellField = float('Value', 0, -1e6, 1e6, 'Any number from −10⁶ to 10⁶');

/** Five significant digits: the float32 runtime's 19.000000 shows as 19, 1/3 as 0.33333. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const s = String(Number(v.toPrecision(5)));
  return s === '-0' ? '0' : s.replace('-', '−');
}

/** A value in parentheses when negative, so that sums of products stay readable. */
export const term = (v: number) => (v < 0 ? `(${fmt(v)})` : fmt(v));

export const zeros = (c: number, h: number, w: number): Tensor3 =>
  Array.from({ length: c }, () => Array.from({ length: h }, () => new Array<number>(w).fill(0)));

/** The tensor resized to c × h × w, keeping the values that still fit and adding zeros. */
export const resized = (t: Tensor3, c: number, h: number, w: number): Tensor3 =>
  zeros(c, h, w).map((m, k) => m.map((row, r) => row.map((_, q) => t[k]?.[r]?.[q] ?? 0)));

export const flat = (t: Tensor3): number[] => t.flat(2);

/** [c, h, w] of a tensor. */
export const dims = (t: Tensor3): [number, number, number] => [
  t.length,
  t[0]!.length,
  t[0]![0]!.length,
];

/** Values of an op's output for one sample, [C, H, W] in row-major order, as a tensor. */
export function asTensor(values: ArrayLike<number>, [c, h, w]: readonly number[]): Tensor3 {
  return Array.from({ length: c! }, (_, k) =>
    Array.from({ length: h! }, (_, r) =>
      Array.from({ length: w! }, (_, q) => values[(k * h! + r) * w! + q]!),
    ),
  );
}

/** An Input of c×h×w followed by `steps`, named as the lesson names its layers. */
export const lessonGraph = (
  name: string,
  [c, h, w]: [number, number, number],
  steps: Step[],
): Graph => sequentialGraph(name, 'a lesson', { channels: c, height: h, width: w }, steps);

export type Computation<R> =
  | { status: 'computing' }
  | { status: 'done'; result: Checked<R> }
  | { status: 'failed'; message: string };

/**
 * Runs `compute` whenever `key` changes and returns the latest run's result; an older run that
 * finishes late is dropped. A null `compute` (the inputs are refused) shows nothing new.
 */
export function useComputation<R>(
  key: string,
  compute: (() => Promise<Checked<R>>) | null,
): Computation<R> {
  const [state, setState] = useState<{ key: string; value: Computation<R> }>({
    key: '',
    value: { status: 'computing' },
  });
  useEffect(() => {
    if (!compute) return;
    let current = true;
    compute().then(
      (result) => current && setState({ key, value: { status: 'done', result } }),
      (e: Error) => current && setState({ key, value: { status: 'failed', message: e.message } }),
    );
    return () => {
      current = false;
    };
    // `key` stands for everything `compute` reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state.key === key || !compute ? state.value : { status: 'computing' };
}

function backendText(b: Backend, maxError: number | null): string {
  if (b.kind === 'reference') {
    return `Computed by the float64 reference in JavaScript: no WebGPU here (${b.reason}).`;
  }
  const check =
    maxError === null
      ? ''
      : maxError <= 1e-4
        ? `; the float64 reference agrees (largest difference ${maxError === 0 ? '0' : maxError.toExponential(1)})`
        : `; the float64 reference DISAGREES (largest relative difference ${maxError.toExponential(2)})`;
  return `Computed on the GPU by CNN Studio's WebGPU kernels (${b.adapter}${b.fallback ? ', a software adapter' : ''})${check}.`;
}

/** Says who computed the numbers above it, and whether the reference agreed. */
export function ComputedBy({ computation }: { computation: Computation<unknown> }) {
  if (computation.status === 'computing') {
    return (
      <p className="lesson-backend" data-testid="lesson-backend" data-status="computing">
        Computing…
      </p>
    );
  }
  if (computation.status === 'failed') {
    return (
      <p className="lesson-backend error" role="alert" data-testid="lesson-backend">
        Could not compute: {computation.message}
      </p>
    );
  }
  const { backend, maxError } = computation.result;
  return (
    <p
      className={`lesson-backend${maxError !== null && maxError > 1e-4 ? ' error' : ''}`}
      data-testid="lesson-backend"
      data-status={backend.kind}
    >
      {backendText(backend, maxError)}
    </p>
  );
}

interface GridProps {
  /** Cells are `${id}-${row}-${column}` for tests. */
  id: string;
  /** Null while the values are being computed. */
  values: number[][] | null;
  /** Rows and columns of zeros drawn around the values (padding): never editable. */
  pad?: [number, number];
  /** Cells to mark, in the coordinates of the padded grid. */
  marked?: Region | null;
  /** The value's own cell, picked (unpadded coordinates). */
  selected?: [number, number] | null;
  onSelect?(row: number, column: number): void;
  /** Makes every value a box to type a number into. */
  onEdit?(row: number, column: number, value: number): void;
  caption?: ReactNode;
}

/** A matrix of numbers, to read, pick from or edit. */
export function Grid({
  id,
  values,
  pad = [0, 0],
  marked,
  selected,
  onSelect,
  onEdit,
  caption,
}: GridProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const rows = values ? values.length : 0;
  const cols = values ? values[0]!.length : 0;
  const inMark = (r: number, c: number) =>
    marked != null &&
    r >= marked.top &&
    r <= marked.bottom &&
    c >= marked.left &&
    c <= marked.right;
  const cell = (r: number, c: number) => {
    const vr = r - pad[0];
    const vc = c - pad[1];
    const inside = values !== null && vr >= 0 && vr < rows && vc >= 0 && vc < cols;
    const classes = [
      inside ? 'value' : 'pad',
      inMark(r, c) ? 'marked' : '',
      inside && selected?.[0] === vr && selected[1] === vc ? 'selected' : '',
    ]
      .filter(Boolean)
      .join(' ');
    if (!inside)
      return (
        <td key={c} className={classes}>
          {values ? '0' : '…'}
        </td>
      );
    const v = values[vr]![vc]!;
    return (
      <td
        key={c}
        className={classes}
        data-testid={`${id}-${vr}-${vc}`}
        data-value={v}
        onClick={onSelect ? () => onSelect(vr, vc) : undefined}
      >
        {onEdit ? (
          <CellInput
            value={v}
            label={`${id} row ${vr + 1} column ${vc + 1}`}
            onCommit={(x) => onEdit(vr, vc, x)}
            onProblem={setProblem}
          />
        ) : (
          fmt(v)
        )}
      </td>
    );
  };
  const shown = values ? [rows + 2 * pad[0], cols + 2 * pad[1]] : [2, 2];
  return (
    <figure className={`grid${onSelect ? ' pickable' : ''}`} data-testid={id}>
      <table>
        <tbody>
          {Array.from({ length: shown[0]! }, (_, r) => (
            <tr key={r}>{Array.from({ length: shown[1]! }, (_, c) => cell(r, c))}</tr>
          ))}
        </tbody>
      </table>
      {caption && <figcaption>{caption}</figcaption>}
      {problem && (
        <div className="field-error" role="alert">
          {problem}
        </div>
      )}
    </figure>
  );
}

/** One number box of an editable grid: committed on Enter or leaving it, refused with a reason. */
function CellInput({
  value,
  label,
  onCommit,
  onProblem,
}: {
  value: number;
  label: string;
  onCommit(value: number): void;
  onProblem(message: string | null): void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const parsed = draft === null ? null : parseNumber(draft, cellField);
  const commit = () => {
    if (draft === null) return;
    if (!parsed?.ok) {
      onProblem(`${label}: ${parsed?.message}`);
      return;
    }
    setDraft(null);
    onProblem(null);
    if (parsed.value !== value) onCommit(parsed.value as number);
  };
  return (
    <input
      className={parsed && !parsed.ok ? 'invalid' : undefined}
      aria-label={label}
      inputMode="decimal"
      value={draft ?? fmt(value).replace('−', '-')}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') {
          setDraft(null);
          onProblem(null);
        }
      }}
    />
  );
}

/** The channels of a tensor side by side, each a Grid with cells `${id}-${channel}-${r}-${c}`. */
export function TensorGrids({
  id,
  tensor,
  label,
  onEdit,
  selected,
  onSelect,
  ...grid
}: Omit<GridProps, 'id' | 'values' | 'onEdit' | 'caption' | 'selected' | 'onSelect'> & {
  id: string;
  tensor: Tensor3 | null;
  label: string;
  onEdit?(channel: number, row: number, column: number, value: number): void;
  /** The picked element: channel, row, column. */
  selected?: [number, number, number] | null;
  onSelect?(channel: number, row: number, column: number): void;
}) {
  const channels = tensor ?? [[[0]]];
  return (
    <div className="tensor">
      {channels.map((m, k) => (
        <Grid
          key={k}
          id={`${id}-${k}`}
          values={tensor ? m : null}
          caption={channels.length > 1 ? `${label}, channel ${k}` : label}
          selected={selected?.[0] === k ? [selected[1], selected[2]] : null}
          {...grid}
          {...(onSelect ? { onSelect: (r: number, c: number) => onSelect(k, r, c) } : {})}
          {...(onEdit ? { onEdit: (r: number, c: number, v: number) => onEdit(k, r, c, v) } : {})}
        />
      ))}
    </div>
  );
}
