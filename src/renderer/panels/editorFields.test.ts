import { describe, expect, it } from 'vitest';
import { conv2d, input } from '../../graph/index.js';
import { editorFields } from './editorFields.js';

describe('editor fields', () => {
  it('edit the Input’s height and width as one size, committed together', () => {
    const fields = editorFields(input.fields);
    expect(fields.map((f) => f.name)).toEqual(['channels', 'size']);
    const size = fields[1]!;
    expect(size.field.type).toBe('pair');
    const params = { channels: 1, height: 28, width: 28 };
    expect(size.read(params, input.defaults)).toEqual([28, 28]);
    expect(size.write(params, [96, 64])).toEqual({ channels: 1, height: 96, width: 64 });
  });

  it('leave every other layer’s fields as they are', () => {
    expect(editorFields(conv2d.fields).map((f) => f.name)).toEqual(Object.keys(conv2d.fields));
  });
});
