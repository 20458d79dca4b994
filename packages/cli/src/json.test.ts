import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotPlain, stringifyPlain } from './json.js';

/** stringifyPlain's text, or JSON.stringify's when it declines: what `dyadic tag` writes. */
function written(v: unknown): string | undefined {
  try {
    return stringifyPlain(v);
  } catch (err) {
    if (!(err instanceof NotPlain)) throw err;
    return JSON.stringify(v);
  }
}

describe('stringifyPlain', () => {
  it('equals JSON.stringify on JSON-like values, with undefined, functions, -0, NaN, holes, odd keys and strings', () => {
    const anything = fc.anything({
      withNullPrototype: true,
      withObjectString: false,
      withSparseArray: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withBigInt: false,
      key: fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('__proto__', '0', '1', '10', '-1', 'toJSON')),
      values: [fc.string({ unit: 'binary' }), fc.double(), fc.constantFrom(undefined, -0, NaN, Infinity, '\ud800', '\u2028', () => 1)],
    });
    fc.assert(
      fc.property(anything, (v) => {
        expect(written(v)).toBe(JSON.stringify(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('handles every JSON value itself', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(stringifyPlain(v)).toBe(JSON.stringify(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('declines what it does not handle (JSON.stringify is used then)', () => {
    class Point {
      x = 1;
    }
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    for (const v of [{ a: new Date(0) }, { toJSON: () => 3 }, [new Point()], { n: Object(1) }, { b: 1n }, cyclic]) {
      expect(() => stringifyPlain(v)).toThrow(NotPlain);
    }
    expect(written({ a: new Date(0), p: new Point() })).toBe(JSON.stringify({ a: new Date(0), p: new Point() }));
  });

  it('writes tagged utterance lines as JSON.stringify does', () => {
    const line = {
      id: 'x"1',
      conversation_id: 'c\n',
      turn: 2.5,
      tags: { selfDisclosure: true, emotion: false, advice: false, reciprocatedDisclosure: false },
      detail: { sdType: 'emotion', sdDepth: undefined, emotionTerms: [{ term: 'sad', category: 'sadness', valence: 'negative', negated: false, start: 7, end: 10 }], looseReciprocation: false, mentorResponse: { primary: 'no_response', turn: undefined } },
      evidence: [{ tag: 'selfDisclosure', start: 0, end: 14, rule: 'SD-FIRST-PERSON' }],
      codebookVersion: '0.2.0+custom.ab12',
    };
    expect(stringifyPlain(line)).toBe(JSON.stringify(line));
  });
});
