import { describe, expect, it } from 'vitest';
import { conv2d, float, int } from '../../graph/index.js';
import { parseNumber, parsePair } from './fieldInput.js';

const channels = int('C', 16, 1, 64, '');
const rate = float('p', 0.5, 0, 1, '');

describe('field input', () => {
  it('accepts numbers in range', () => {
    expect(parseNumber(' 32 ', channels)).toEqual({ ok: true, value: 32 });
    expect(parseNumber('0.25', rate)).toEqual({ ok: true, value: 0.25 });
  });

  it('refuses with a message what the field does not allow', () => {
    expect(parseNumber('', channels)).toMatchObject({ ok: false, message: 'Enter a number' });
    expect(parseNumber('abc', channels)).toMatchObject({ ok: false });
    expect(parseNumber('2.5', channels)).toMatchObject({ message: 'Enter a whole number' });
    expect(parseNumber('0', channels)).toMatchObject({ message: 'At least 1' });
    expect(parseNumber('65', channels)).toMatchObject({ message: 'At most 64' });
    expect(parseNumber('1.5', rate)).toMatchObject({ message: 'At most 1' });
  });

  it('reads a pair and names the axis at fault', () => {
    const stride = conv2d.fields.stride;
    expect(parsePair(['2', '1'], stride)).toEqual({ ok: true, value: [2, 1] });
    expect(parsePair(['2', '0'], stride)).toMatchObject({
      ok: false,
      message: 'Width: At least 1',
    });
  });
});
