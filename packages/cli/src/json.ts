/**
 * `JSON.stringify` for plain data, written straight into a byte buffer as UTF-8, for the output lines of `dyadic
 * tag`: the same bytes as `Buffer.from(JSON.stringify(v))`, without building the string first. (Node 20's
 * JSON.stringify has no fast path for small objects, and encoding its string costs as much again; a string built
 * in JS by concatenation is a rope that must be flattened before it can be encoded, which costs more still.)
 *
 * Plain data: strings, numbers, booleans, null, arrays and objects whose prototype is Object.prototype or null,
 * without `toJSON`; `undefined`, functions and symbols are left out of objects and written as `null` in arrays, as
 * JSON.stringify does. Anything else (a bigint, a Date or other class instance, a `toJSON` method, a boxed
 * primitive, a cycle or very deep nesting) throws `NotPlain`, and the caller uses JSON.stringify instead.
 */

export class NotPlain extends Error {}

/** Where the bytes go: `buf` from `off` on, grown by `grow(n)` to hold at least `n` more bytes. */
export interface ByteSink {
  buf: Buffer;
  off: number;
  grow(n: number): void;
}

const MAX_DEPTH = 64;
const HEX = '0123456789abcdef';
/** JSON.stringify's escapes for the characters below 0x20 and `"`, `\`: 0 = none (written as is). */
const SHORT_ESCAPE = new Uint8Array(128);
for (const [c, e] of [
  [0x08, 'b'],
  [0x09, 't'],
  [0x0a, 'n'],
  [0x0c, 'f'],
  [0x0d, 'r'],
  [0x22, '"'],
  [0x5c, '\\'],
] as const) {
  SHORT_ESCAPE[c] = e.charCodeAt(0);
}

function ensure(out: ByteSink, n: number): void {
  if (out.off + n > out.buf.length) out.grow(n);
}

function writeAscii(out: ByteSink, s: string): void {
  ensure(out, s.length);
  const buf = out.buf;
  let off = out.off;
  for (let i = 0; i < s.length; i++) buf[off++] = s.charCodeAt(i);
  out.off = off;
}

/** A JSON string: quoted, escaped as JSON.stringify escapes (lone surrogates as `\udxxx`), in UTF-8. */
function writeString(out: ByteSink, s: string): void {
  const n = s.length;
  ensure(out, n * 6 + 2); // `\u00xx` is the longest a UTF-16 unit gets
  const buf = out.buf;
  let off = out.off;
  buf[off++] = 0x22;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) buf[off++] = c;
      else {
        buf[off++] = 0x5c;
        const e = SHORT_ESCAPE[c]!;
        if (e !== 0) buf[off++] = e;
        else {
          buf[off++] = 0x75; // u00xx
          buf[off++] = 0x30;
          buf[off++] = 0x30;
          buf[off++] = HEX.charCodeAt(c >> 4);
          buf[off++] = HEX.charCodeAt(c & 15);
        }
      }
    } else if (c < 0x800) {
      buf[off++] = 0xc0 | (c >> 6);
      buf[off++] = 0x80 | (c & 63);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        const p = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        buf[off++] = 0xf0 | (p >> 18);
        buf[off++] = 0x80 | ((p >> 12) & 63);
        buf[off++] = 0x80 | ((p >> 6) & 63);
        buf[off++] = 0x80 | (p & 63);
        i++;
      } else {
        buf[off++] = 0x5c; // a lone surrogate: \udxxx
        buf[off++] = 0x75;
        buf[off++] = HEX.charCodeAt(c >> 12);
        buf[off++] = HEX.charCodeAt((c >> 8) & 15);
        buf[off++] = HEX.charCodeAt((c >> 4) & 15);
        buf[off++] = HEX.charCodeAt(c & 15);
      }
    } else {
      buf[off++] = 0xe0 | (c >> 12);
      buf[off++] = 0x80 | ((c >> 6) & 63);
      buf[off++] = 0x80 | (c & 63);
    }
  }
  buf[off++] = 0x22;
  out.off = off;
}

function writeNumber(out: ByteSink, v: number): void {
  if (!Number.isFinite(v)) writeAscii(out, 'null');
  else if (v >= 0 && v < 1e9 && v === Math.floor(v)) {
    // digits of a small non-negative integer (-0 included: JSON.stringify writes 0)
    ensure(out, 10);
    const buf = out.buf;
    let x = v;
    let digits = 1;
    for (let t = 10; t <= x; t *= 10) digits++;
    let off = out.off + digits;
    out.off = off;
    do {
      buf[--off] = 0x30 + (x % 10);
      x = Math.floor(x / 10);
    } while (x > 0);
  } else writeAscii(out, String(v));
}

/** Writes `v`; false (nothing written) where JSON.stringify leaves the value out. */
function writeValue(out: ByteSink, v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'string':
      writeString(out, v);
      return true;
    case 'number':
      writeNumber(out, v);
      return true;
    case 'boolean':
      writeAscii(out, v ? 'true' : 'false');
      return true;
    case 'undefined':
    case 'function':
    case 'symbol':
      return false;
    case 'object': {
      if (v === null) {
        writeAscii(out, 'null');
        return true;
      }
      if (depth > MAX_DEPTH || typeof (v as { toJSON?: unknown }).toJSON === 'function') throw new NotPlain();
      if (Array.isArray(v)) {
        if (Object.getPrototypeOf(v) !== Array.prototype) throw new NotPlain();
        ensure(out, 1);
        out.buf[out.off++] = 0x5b; // [
        for (let i = 0; i < v.length; i++) {
          if (i > 0) {
            ensure(out, 1);
            out.buf[out.off++] = 0x2c;
          }
          if (!writeValue(out, v[i], depth + 1)) writeAscii(out, 'null');
        }
        ensure(out, 1);
        out.buf[out.off++] = 0x5d; // ]
        return true;
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new NotPlain();
      ensure(out, 1);
      out.buf[out.off++] = 0x7b; // {
      let first = true;
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k];
        const t = typeof x;
        if (t === 'undefined' || t === 'function' || t === 'symbol') continue;
        if (!first) {
          ensure(out, 1);
          out.buf[out.off++] = 0x2c;
        }
        first = false;
        writeString(out, k);
        ensure(out, 1);
        out.buf[out.off++] = 0x3a; // :
        writeValue(out, x, depth + 1);
      }
      ensure(out, 1);
      out.buf[out.off++] = 0x7d; // }
      return true;
    }
    default:
      throw new NotPlain(); // bigint: JSON.stringify throws
  }
}

/** Object.prototype has no enumerable property, so `for…in` on a plain object gives its own keys only. */
function prototypeClean(): boolean {
  for (const _ in Object.prototype) return false;
  return true;
}

/**
 * Writes the UTF-8 bytes of `JSON.stringify(v)` (no replacer, no indent) at `out.off` and moves `out.off` past them;
 * false, with nothing written, where JSON.stringify returns undefined. Throws `NotPlain` for what it does not
 * handle (see above), possibly after writing part of it: the caller moves `out.off` back.
 */
export function writeJson(out: ByteSink, v: unknown): boolean {
  if (!prototypeClean()) throw new NotPlain();
  return writeValue(out, v, 0);
}
