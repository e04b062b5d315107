import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adapterSection,
  emptyTimingsFile,
  loadedSection,
  maxTimingsBytes,
  maxTimingsPerAdapter,
  parseTimingsFile,
  withAdapter,
  type Timing,
} from './cache.js';

const timings = new Map<string, Timing>([
  ['conv2d.forward n32 c512x3x3', { pick: 'tile64.splitk', ms: { register: 2.5, tile64: 0.4 } }],
  ['linear.forward n32 c512', { pick: 'register', ms: { register: 0.01 } }],
]);

describe('the kernel timings file', () => {
  it('round-trips an adapter’s timings, keeping the other adapters', () => {
    const one = withAdapter(emptyTimingsFile(), 'gpu A', adapterSection('k1', timings));
    const two = withAdapter(parseTimingsFile(one).file, 'gpu B', adapterSection('k1', new Map()));
    const { file, problem } = parseTimingsFile(two);
    expect(problem).toBeUndefined();
    expect(Object.keys(file.adapters)).toEqual(['gpu A', 'gpu B']);
    expect(loadedSection(file.adapters['gpu A'], 'k1', 'f')).toEqual({ timings });
  });

  it('sets aside timings measured with other kernels', () => {
    const { file } = parseTimingsFile(
      withAdapter(emptyTimingsFile(), 'gpu', adapterSection('k1', timings)),
    );
    const r = loadedSection(file.adapters.gpu, 'k2', 'the file t.json');
    expect(r.timings.size).toBe(0);
    expect(r.note).toBe(
      'kernel timings in the file t.json set aside (the kernels have changed since they were measured); measuring again',
    );
  });

  it('keeps the newest timings of an adapter and at most 16 adapters', () => {
    const many = new Map<string, Timing>();
    for (let i = 0; i < maxTimingsPerAdapter + 10; i++) many.set(`p${i}`, { pick: 'a', ms: {} });
    const kept = adapterSection('k', many).timings;
    expect(Object.keys(kept)).toHaveLength(maxTimingsPerAdapter);
    expect(kept).toHaveProperty(`p${maxTimingsPerAdapter + 9}`);
    expect(kept).not.toHaveProperty('p0');
    let file = emptyTimingsFile();
    for (let i = 0; i < 20; i++) {
      file = parseTimingsFile(withAdapter(file, `gpu ${i}`, adapterSection('k', timings))).file;
    }
    expect(Object.keys(file.adapters)).toHaveLength(16);
    expect(file.adapters).toHaveProperty('gpu 19');
    expect(file.adapters).not.toHaveProperty('gpu 0');
  });

  it.each([
    ['{', 'it is not JSON'],
    ['[]', 'the top level'],
    ['{"format":"cnn-studio.kernel-timings","version":2,"adapters":{}}', 'version'],
    [
      '{"format":"cnn-studio.kernel-timings","version":1,"adapters":{"g":{"kernels":"k","timings":{"p":{"pick":"a","ms":{"a":-1}}}}}}',
      'adapters.g.timings.p.ms.a',
    ],
    [' '.repeat(maxTimingsBytes + 1), `larger than ${maxTimingsBytes} bytes`],
  ])('ignores a corrupt file (%#) and says why', (text, why) => {
    const { file, problem } = parseTimingsFile(text);
    expect(file).toEqual(emptyTimingsFile());
    expect(problem).toContain(why);
  });

  it('never throws on any text, and whatever it accepts it writes back the same', () => {
    const json = fc.oneof(
      fc.string(),
      fc.json(),
      fc
        .record({
          format: fc.constantFrom('cnn-studio.kernel-timings', 'x'),
          version: fc.constantFrom(1, 2),
          adapters: fc.dictionary(
            fc.string(),
            fc.record({
              kernels: fc.string(),
              timings: fc.dictionary(
                fc.string(),
                fc.record({
                  pick: fc.string(),
                  ms: fc.dictionary(fc.string(), fc.double()),
                }),
              ),
            }),
          ),
        })
        .map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(json, (text) => {
        const { file, problem } = parseTimingsFile(text);
        if (problem !== undefined) {
          expect(file).toEqual(emptyTimingsFile());
          return;
        }
        for (const section of Object.values(file.adapters)) {
          for (const t of Object.values(section.timings)) {
            expect(Object.values(t.ms).every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true);
          }
        }
        expect(parseTimingsFile(JSON.stringify(file)).file).toEqual(file);
      }),
      { numRuns: 300 },
    );
  });
});
