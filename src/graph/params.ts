import { z } from 'zod';

/**
 * A layer's hyperparameters are declared once as fields; the zod schema (file validation,
 * JSON Schema) and the field list (inspector forms, summaries) are both derived from it.
 */
export type Field =
  | { type: 'int'; label: string; help: string; default: number; min: number; max: number }
  | { type: 'float'; label: string; help: string; default: number; min: number; max: number }
  | { type: 'bool'; label: string; help: string; default: boolean }
  | {
      type: 'pair';
      label: string;
      help: string;
      default: readonly [number, number];
      min: number;
      max: number;
    };

type FieldValue<F extends Field> = F extends { type: 'bool' }
  ? boolean
  : F extends { type: 'pair' }
    ? [number, number]
    : number;

export type Fields = Record<string, Field>;
export type ParamValue = number | boolean | [number, number];
/** Validated hyperparameters of any layer, as a graph node stores them. */
export type Params = Record<string, ParamValue>;
export type ParamsOf<F extends Fields> = { [K in keyof F]: FieldValue<F[K]> };

export const int = (label: string, def: number, min: number, max: number, help: string) =>
  ({ type: 'int', label, help, default: def, min, max }) as const;
export const float = (label: string, def: number, min: number, max: number, help: string) =>
  ({ type: 'float', label, help, default: def, min, max }) as const;
export const bool = (label: string, def: boolean, help: string) =>
  ({ type: 'bool', label, help, default: def }) as const;
/** A (height, width) pair; a file may also give one number for both axes. */
export const pair = (label: string, def: number, min: number, max: number, help: string) =>
  ({ type: 'pair', label, help, default: [def, def], min, max }) as const;

function fieldSchema(f: Field): z.ZodType {
  switch (f.type) {
    case 'int':
      return z.number().int().min(f.min).max(f.max).default(f.default).describe(f.help);
    case 'float':
      return z.number().min(f.min).max(f.max).default(f.default).describe(f.help);
    case 'bool':
      return z.boolean().default(f.default).describe(f.help);
    case 'pair': {
      const n = z.number().int().min(f.min).max(f.max);
      const words = `should be a whole number from ${f.min} to ${f.max}, or a [height, width] pair of them`;
      return z
        .union([n.transform((v) => [v, v] as [number, number]), z.tuple([n, n])], {
          error: words,
        })
        .default([f.default[0], f.default[1]])
        .describe(f.help);
    }
  }
}

export function paramsSchema<F extends Fields>(fields: F): z.ZodType<ParamsOf<F>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, f] of Object.entries(fields)) shape[name] = fieldSchema(f);
  return z.strictObject(shape) as unknown as z.ZodType<ParamsOf<F>>;
}

export function defaultParams<F extends Fields>(fields: F): ParamsOf<F> {
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(fields)) {
    out[name] = f.type === 'pair' ? [f.default[0], f.default[1]] : f.default;
  }
  return out as ParamsOf<F>;
}
