import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lessons } from './lessons.js';
import {
  maxQueryLength,
  parseLessonState,
  serializeLessonState,
  type LessonState,
  type ParamSpec,
  type StateSpec,
  type Tensor3,
} from './lessonState.js';
import { parseRoute } from './route.js';

const withSpec = lessons.filter((l) => Object.keys(l.spec).length > 0);

/** Is `value` what `spec` allows? */
function fits(spec: ParamSpec, value: unknown): boolean {
  switch (spec.kind) {
    case 'tensor': {
      const t = value as Tensor3;
      const [c, h, w] = [t.length, t[0]?.length ?? 0, t[0]?.[0]?.length ?? 0];
      return (
        c >= 1 &&
        c <= spec.max[0] &&
        h >= 1 &&
        h <= spec.max[1] &&
        w >= 1 &&
        w <= spec.max[2] &&
        t.every((m) => m.length === h && m.every((r) => r.length === w)) &&
        t.flat(2).every((v) => Number.isFinite(v) && v >= spec.cell.min && v <= spec.cell.max)
      );
    }
    case 'pair':
      return (value as number[]).every(
        (v) => Number.isInteger(v) && v >= spec.field.min && v <= spec.field.max,
      );
    case 'number':
      return (
        Number.isFinite(value) &&
        (value as number) >= spec.field.min &&
        (value as number) <= spec.field.max
      );
  }
}

/** A value `spec` allows, of any size it allows. */
function valueOf(spec: ParamSpec): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'tensor': {
      // −0 is written as 0: the same number to every lesson.
      const cell = fc
        .double({ min: spec.cell.min, max: spec.cell.max, noNaN: true })
        .map((v) => v + 0);
      return fc
        .tuple(
          fc.integer({ min: 1, max: spec.max[0] }),
          fc.integer({ min: 1, max: spec.max[1] }),
          fc.integer({ min: 1, max: spec.max[2] }),
        )
        .chain(([c, h, w]) =>
          fc.array(
            fc.array(fc.array(cell, { minLength: w, maxLength: w }), {
              minLength: h,
              maxLength: h,
            }),
            {
              minLength: c,
              maxLength: c,
            },
          ),
        );
    }
    case 'pair': {
      const n = fc.integer({ min: spec.field.min, max: Math.min(spec.field.max, 64) });
      return fc.tuple(n, n);
    }
    case 'number':
      return spec.field.type === 'int'
        ? fc.integer({ min: spec.field.min, max: spec.field.max })
        : fc.double({ min: spec.field.min, max: spec.field.max, noNaN: true }).map((v) => v + 0);
  }
}

const stateOf = (spec: StateSpec): fc.Arbitrary<LessonState> =>
  fc.record(
    Object.fromEntries(Object.entries(spec).map(([k, s]) => [k, valueOf(s)])) as Record<
      string,
      fc.Arbitrary<LessonState[string]>
    >,
  );

/** Address-like text: the lesson's own keys and separators, and anything else. */
const hostileQuery = (spec: StateSpec) =>
  fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc
      .array(
        fc.tuple(
          fc.oneof(fc.constantFrom(...Object.keys(spec)), fc.string({ maxLength: 8 })),
          fc.stringMatching(/^[-0-9.,;|eE%a-zInfity ]{0,60}$/),
        ),
        { maxLength: 8 },
      )
      .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
  );

describe('lesson state in the address', () => {
  it.each(withSpec.map((l) => [l.slug, l] as const))(
    '%s: any address gives a state its controls allow, and never throws',
    (_slug, lesson) => {
      fc.assert(
        fc.property(hostileQuery(lesson.spec), (query) => {
          const { state, problems } = parseLessonState(lesson.spec, query);
          for (const [key, s] of Object.entries(lesson.spec)) {
            expect(fits(s, state[key]), `${key} = ${JSON.stringify(state[key])}`).toBe(true);
          }
          for (const p of problems) expect(p).not.toMatch(/\n/);
        }),
        { numRuns: 300 },
      );
    },
  );

  it.each(withSpec.map((l) => [l.slug, l] as const))(
    '%s: a state’s address opens that state again',
    (_slug, lesson) => {
      fc.assert(
        fc.property(stateOf(lesson.spec), (state) => {
          const query = serializeLessonState(lesson.spec, state);
          const back = parseLessonState(lesson.spec, query);
          expect(back.problems).toEqual([]);
          expect(back.state).toEqual(state);
        }),
        { numRuns: 100 },
      );
    },
  );

  it('writes only what differs from the chapter, readably', () => {
    const lesson = withSpec.find((l) => l.slug === 'cross-correlation')!;
    const { state } = parseLessonState(lesson.spec, '');
    expect(serializeLessonState(lesson.spec, state)).toBe('');
    const edited = { ...state, K: [[[1, -1]]] };
    expect(serializeLessonState(lesson.spec, edited)).toBe('K=1,-1');
  });

  it('keeps the chapter’s value where the address asks for too much, and says why', () => {
    const lesson = withSpec.find((l) => l.slug === 'padding-and-stride')!;
    const chapter = parseLessonState(lesson.spec, '').state;
    const { state, problems } = parseLessonState(
      lesson.spec,
      'stride=0,1&K=1,2;3&X=1e400&what=1&padding=2,2',
    );
    expect(state.stride).toEqual(chapter.stride);
    expect(state.K).toEqual(chapter.K);
    expect(state.X).toEqual(chapter.X);
    expect(state.padding).toEqual([2, 2]);
    expect(problems).toEqual([
      'stride: height: At least 1',
      'K: every row needs the same number of values',
      'X: "1e400": "1e400" is not a number',
      '"what" is not a setting of this lesson',
    ]);
    const long = parseLessonState(lesson.spec, `X=${'1,'.repeat(maxQueryLength)}`);
    expect(long.problems).toEqual([expect.stringMatching(/too long/)]);
  });
});

describe('the address of a screen', () => {
  it('tells the editor from a lesson and keeps the lesson’s state', () => {
    expect(parseRoute('')).toEqual({ view: 'editor' });
    expect(parseRoute('#/')).toEqual({ view: 'editor' });
    expect(parseRoute('#/learn')).toEqual({ view: 'learn', slug: '', query: '' });
    expect(parseRoute('#/learn/pooling?kernel=3,3')).toEqual({
      view: 'learn',
      slug: 'pooling',
      query: 'kernel=3,3',
    });
  });

  it('lists every lesson the chapter asks for, once, with a section', () => {
    const slugs = lessons.map((l) => l.slug);
    expect([...slugs].sort()).toEqual(
      [
        'cross-correlation',
        'padding-and-stride',
        'multiple-input-channels',
        'multiple-output-channels',
        '1x1-convolution',
        'pooling',
        'batch-normalization',
        'receptive-field',
        'lenet',
        'alexnet',
        'vgg',
        'nin',
        'googlenet',
        'resnet',
        'densenet',
      ].sort(),
    );
    // In the chapter's order: its section numbers rise.
    const numbers = lessons.map((l) =>
      /^5\.(\d+)(?:\.(\d+))?/.exec(l.section)!.slice(1).map(Number),
    );
    const keys = numbers.map(([a, b]) => a! * 100 + (b ?? 0));
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
  });
});
