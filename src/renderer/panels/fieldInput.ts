import type { Field, ParamValue } from '../../graph/index.js';

export type Parsed = { ok: true; value: ParamValue } | { ok: false; message: string };

/** Reads one number typed into an int, float or pair box, enforcing the field's range. */
export function parseNumber(text: string, field: Field & { min: number; max: number }): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Enter a number' };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, message: `"${trimmed}" is not a number` };
  if (field.type !== 'float' && !Number.isInteger(value)) {
    return { ok: false, message: 'Enter a whole number' };
  }
  if (value < field.min) return { ok: false, message: `At least ${field.min}` };
  if (value > field.max) return { ok: false, message: `At most ${field.max}` };
  return { ok: true, value };
}

/** A pair from its two boxes; either box's problem is reported. */
export function parsePair(texts: [string, string], field: Field & { type: 'pair' }): Parsed {
  const h = parseNumber(texts[0], field);
  if (!h.ok) return { ok: false, message: `Height: ${h.message}` };
  const w = parseNumber(texts[1], field);
  if (!w.ok) return { ok: false, message: `Width: ${w.message}` };
  return { ok: true, value: [h.value as number, w.value as number] };
}
