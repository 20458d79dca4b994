import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotPlain, writeJson, type ByteSink } from './json.js';

/** A sink that starts tiny, so every write has to grow it. */
function sink(): ByteSink {
  const s: ByteSink = {
    buf: Buffer.alloc(1),
    off: 0,
    grow(n: number) {
      const b = Buffer.alloc(s.off + n);
      s.buf.copy(b, 0, 0, s.off);
      s.buf = b;
    },
  };
  return s;
}

/** writeJson's bytes as text, or undefined where it writes nothing; throws NotPlain as it does. */
function written(v: unknown): string | undefined {
  const s = sink();
  if (!writeJson(s, v)) {
    expect(s.off).toBe(0);
    return undefined;
  }
  return s.buf.subarray(0, s.off).toString('latin1');
}
/** What JSON.stringify + UTF-8 give, as the same kind of text. */
const expected = (v: unknown) => {
  const j = JSON.stringify(v);
  return j === undefined ? undefined : Buffer.from(j, 'utf8').toString('latin1');
};
/** What `dyadic tag` writes: writeJson, or JSON.stringify where it declines. */
const line = (v: unknown) => {
  try {
    return written(v);
  } catch (err) {
    if (!(err instanceof NotPlain)) throw err;
    return expected(v);
  }
};

const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom('', '"\\/', '\ud800', 'a\udc00b', '\ud83d\ude00', '\u2028\u2029', '\x7f\x80\u07ff\u0800\uffff', '\x00\x1f\b\f\n\r\t'));
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, 0.1, 1e9, 999999999, 1e21, 1e-7, -1, 2 ** 53, NaN, Infinity, -Infinity));

describe('writeJson', () => {
  it('writes the bytes of JSON.stringify for every JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(written(v)).toBe(expected(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('strings and numbers: escapes, surrogates (paired and lone), every UTF-8 length, -0, NaN, exponents', () => {
    fc.assert(
      fc.property(fc.oneof(text, number), fc.dictionary(text, fc.oneof(text, number)), (v, o) => {
        expect(written(v)).toBe(expected(v));
        expect(written(o)).toBe(expected(o));
        expect(written([v, o])).toBe(expected([v, o]));
      }),
      { numRuns: 3000 },
    );
  });

  it('with JSON.stringify where it declines: the same for anything (undefined, functions, holes, null prototypes, Dates, boxed values…)', () => {
    const anything = fc.anything({
      withNullPrototype: true,
      withSparseArray: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      key: fc.oneof(text, fc.constantFrom('__proto__', '0', '1', '10', '-1', 'toJSON')),
      values: [text, number, fc.constantFrom(undefined, () => 1, Symbol('s'))],
    });
    fc.assert(
      fc.property(anything, (v) => {
        expect(line(v)).toBe(expected(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('declines what it does not handle', () => {
    class Point {
      x = 1;
    }
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    for (const v of [{ a: new Date(0) }, { toJSON: () => 3 }, [new Point()], { n: Object(1) }, { b: 1n }, cyclic]) {
      expect(() => written(v)).toThrow(NotPlain);
    }
  });

  it('writes tagged utterance lines as JSON.stringify does', () => {
    const l = {
      id: 'x"1',
      conversation_id: 'c\n',
      turn: 2.5,
      tags: { selfDisclosure: true, emotion: false, advice: false, reciprocatedDisclosure: false },
      detail: { sdType: 'emotion', sdDepth: undefined, emotionTerms: [{ term: 'café', category: 'sadness', valence: 'negative', negated: false, start: 7, end: 10 }], looseReciprocation: false, mentorResponse: { primary: 'no_response', turn: undefined } },
      evidence: [{ tag: 'selfDisclosure', start: 0, end: 14, rule: 'SD-FIRST-PERSON' }],
      codebookVersion: '0.2.0+custom.ab12',
    };
    expect(written(l)).toBe(expected(l));
  });
});
