/**
 * A lesson's editable numbers, kept in the page address (`#/learn/<slug>?X=0,1;2,3&padding=1,1`)
 * so that a teacher can link to a changed example. The address is input like any file: every
 * value is checked against its spec, and what does not fit is dropped with a reason while the
 * chapter's value stays.
 */
import type { Field } from '../../graph/index.js';
import { parseNumber } from '../panels/fieldInput.js';

/** Channels × rows × columns of numbers; a matrix is one channel. */
export type Tensor3 = number[][][];

export type StateValue = Tensor3 | [number, number] | number;

export type ParamSpec =
  | {
      kind: 'tensor';
      default: Tensor3;
      /** The most channels, rows and columns allowed (at least 1 of each). */
      max: [number, number, number];
      /** The range of each value. */
      cell: Field & { type: 'float' };
    }
  | { kind: 'pair'; default: [number, number]; field: Field & { type: 'pair' } }
  | { kind: 'number'; default: number; field: Field & { type: 'int' | 'float' } };

export type StateSpec = Record<string, ParamSpec>;
export type LessonState = Record<string, StateValue>;

/** Longer addresses are not read at all: no lesson needs them, and parsing them costs time. */
export const maxQueryLength = 20_000;

type Read = { ok: true; value: StateValue } | { ok: false; message: string };

/** Text from the address, shown in a message: short, and with any control character escaped. */
const quote = (text: string) => JSON.stringify(text.length > 20 ? `${text.slice(0, 20)}…` : text);

function readTensor(text: string, spec: Extract<ParamSpec, { kind: 'tensor' }>): Read {
  const [maxC, maxR, maxW] = spec.max;
  const channels = text.split('|');
  if (channels.length > maxC) return { ok: false, message: `at most ${maxC} channels` };
  const tensor: Tensor3 = [];
  for (const channel of channels) {
    const rows = channel.split(';');
    if (rows.length > maxR) return { ok: false, message: `at most ${maxR} rows` };
    const matrix: number[][] = [];
    for (const row of rows) {
      const cells = row.split(',');
      if (cells.length > maxW) return { ok: false, message: `at most ${maxW} columns` };
      const values: number[] = [];
      for (const cell of cells) {
        const n = parseNumber(cell, spec.cell);
        if (!n.ok) return { ok: false, message: `${quote(cell)}: ${n.message}` };
        values.push(n.value as number);
      }
      matrix.push(values);
    }
    if (matrix.some((r) => r.length !== matrix[0]!.length)) {
      return { ok: false, message: 'every row needs the same number of values' };
    }
    tensor.push(matrix);
  }
  const [rows, cols] = [tensor[0]!.length, tensor[0]![0]!.length];
  if (tensor.some((m) => m.length !== rows || m[0]!.length !== cols)) {
    return { ok: false, message: 'every channel needs the same size' };
  }
  return { ok: true, value: tensor };
}

function read(text: string, spec: ParamSpec): Read {
  switch (spec.kind) {
    case 'tensor':
      return readTensor(text, spec);
    case 'pair': {
      const parts = text.split(',');
      if (parts.length !== 2) return { ok: false, message: 'give height,width' };
      const [h, w] = parts.map((p) => parseNumber(p, spec.field)) as [
        ReturnType<typeof parseNumber>,
        ReturnType<typeof parseNumber>,
      ];
      if (!h.ok) return { ok: false, message: `height: ${h.message}` };
      if (!w.ok) return { ok: false, message: `width: ${w.message}` };
      return { ok: true, value: [h.value as number, w.value as number] };
    }
    case 'number': {
      const n = parseNumber(text, spec.field);
      return n.ok ? { ok: true, value: n.value as number } : { ok: false, message: n.message };
    }
  }
}

/** The state an address asks for, and a line for each part of it that was refused. */
export function parseLessonState(
  spec: StateSpec,
  query: string,
): { state: LessonState; problems: string[] } {
  const state: LessonState = Object.fromEntries(
    Object.entries(spec).map(([key, s]) => [key, structuredClone(s.default)]),
  );
  if (query.length > maxQueryLength) {
    return { state, problems: [`the address is too long (over ${maxQueryLength} characters)`] };
  }
  const problems: string[] = [];
  for (const [key, text] of new URLSearchParams(query)) {
    const s = Object.hasOwn(spec, key) ? spec[key] : undefined;
    if (!s) {
      problems.push(`${quote(key)} is not a setting of this lesson`);
      continue;
    }
    const r = read(text, s);
    if (r.ok) state[key] = r.value;
    else problems.push(`${key}: ${r.message}`);
  }
  return { state, problems };
}

function write(value: StateValue): string {
  if (typeof value === 'number') return String(value);
  if (typeof value[0] === 'number') return (value as [number, number]).join(',');
  return (value as Tensor3).map((m) => m.map((r) => r.join(',')).join(';')).join('|');
}

/** The query part of a lesson's address: only the values that differ from the chapter's. */
export function serializeLessonState(spec: StateSpec, state: LessonState): string {
  const params = new URLSearchParams();
  for (const [key, s] of Object.entries(spec)) {
    const text = write(state[key]!);
    if (text !== write(s.default)) params.set(key, text);
  }
  // Keep the separators readable: a teacher may type these addresses by hand.
  return params.toString().replace(/%2C/g, ',').replace(/%3B/g, ';').replace(/%7C/g, '|');
}
