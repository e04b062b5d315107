import type { Field, Fields, ParamValue, Params } from '../../graph/index.js';

/** One box of the inspector's form: a layer field, or two fields edited as one. */
export interface EditorField {
  name: string;
  field: Field;
  read(params: Params, defaults: Params): ParamValue;
  write(params: Params, value: ParamValue): Params;
}

/** Sizes the built-in datasets and the d2l networks use, offered as one-click choices. */
export const imageSizes = [28, 32, 64, 96, 224] as const;

/**
 * The inspector's boxes for a layer's fields, in order. Whole-number fields named height and
 * width (the Input's image size) become one height × width pair, committed together: one edit,
 * one undo step, never a half-changed size in between.
 */
export function editorFields(fields: Fields): EditorField[] {
  const out: EditorField[] = [];
  for (const [name, field] of Object.entries(fields)) {
    if (name === 'width' && fields.height?.type === 'int' && field.type === 'int') continue;
    const width = fields.width;
    if (name === 'height' && field.type === 'int' && width?.type === 'int') {
      out.push({
        name: 'size',
        field: {
          type: 'pair',
          label: 'Image size',
          help: 'Height × width in pixels',
          default: [field.default, width.default],
          min: Math.max(field.min, width.min),
          max: Math.min(field.max, width.max),
        },
        read: (p, d) => [(p.height ?? d.height) as number, (p.width ?? d.width) as number],
        write: (p, v) => {
          const [height, width] = v as [number, number];
          return { ...p, height, width };
        },
      });
      continue;
    }
    out.push({
      name,
      field,
      read: (p, d) => p[name] ?? d[name]!,
      write: (p, v) => ({ ...p, [name]: v }),
    });
  }
  return out;
}
