import chardet from 'chardet';
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  encoding: string;
}

const SAMPLE = 64 * 1024;
const NON_LATIN = new Set([
  'shift_jis', 'euc-jp', 'euc-kr', 'gb18030', 'big5', 'iso-2022-jp', 'iso-2022-kr', 'iso-2022-cn',
  'koi8-r', 'windows-1251', 'iso-8859-5', 'iso-8859-6', 'iso-8859-7', 'iso-8859-8', 'windows-1256',
]);

/**
 * Decode bytes to a string. Order: BOM (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) → valid UTF-8 → UTF-16 without BOM
 * (NUL bytes in every other position) → chardet on a 64 KB sample (ISO-8859-1 is read as its superset
 * Windows-1252, so curly quotes survive) → Windows-1252. A leading BOM is dropped.
 */
export function decodeText(data: Uint8Array): Decoded {
  const b0 = data[0];
  const b1 = data[1];
  const b2 = data[2];
  const b3 = data[3];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { text: utf8(data.subarray(3), false) ?? '', encoding: 'utf-8' };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return { text: iconv.decode(asBuffer(data.subarray(4)), 'utf-32le'), encoding: 'utf-32le' };
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return { text: iconv.decode(asBuffer(data.subarray(4)), 'utf-32be'), encoding: 'utf-32be' };
  if (b0 === 0xff && b1 === 0xfe) return { text: new TextDecoder('utf-16le').decode(data.subarray(2)), encoding: 'utf-16le' };
  if (b0 === 0xfe && b1 === 0xff) return { text: iconv.decode(asBuffer(data.subarray(2)), 'utf-16be'), encoding: 'utf-16be' };

  const u = utf8(data, true);
  if (u !== undefined) return { text: u, encoding: 'utf-8' };

  const u16 = sniffUtf16(data);
  if (u16) return { text: iconv.decode(asBuffer(data), u16), encoding: u16 };

  let enc = 'windows-1252';
  const guess = chardet.detect(data.subarray(0, SAMPLE));
  if (guess) {
    const g = guess.toLowerCase();
    // Latin-script guesses (ISO-8859-1/2/9/15, windows-1250…) are all read as Windows-1252: for English and
    // Western European transcripts that is what Word and Excel on Windows write. Other scripts are trusted.
    if (NON_LATIN.has(g) && iconv.encodingExists(g)) enc = g;
  }
  return { text: iconv.decode(asBuffer(data), enc), encoding: enc };
}

function utf8(data: Uint8Array, fatal: boolean): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal, ignoreBOM: true }).decode(data);
  } catch {
    return undefined;
  }
}

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function sniffUtf16(data: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(data.length, SAMPLE) & ~1;
  if (n < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (data[i] === 0) evenNul++;
    if (data[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/**
 * True when the decoded text looks like binary data rather than a transcript: NUL bytes, or more than 2 %
 * control characters other than tab/newline/CR/form feed and CHAT's time-bullet NAK (U+0015), or more than
 * 10 % U+FFFD replacement characters, in the first 64 K characters.
 */
export function looksBinary(text: string): boolean {
  const n = Math.min(text.length, SAMPLE);
  if (n === 0) return false;
  let bad = 0;
  let repl = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 0x15) || c === 0x7f) bad++;
    else if (c === 0xfffd) repl++;
  }
  return bad > n * 0.02 || repl > n * 0.1;
}

/**
 * The encoding `decodeText` would pick, from the first bytes only (the streaming parser's head, at least 64 KB or
 * the whole input when `complete`). The one difference: "valid UTF-8" is judged on the head (an incomplete character
 * at its end is allowed), where `decodeText` judges the whole input. `skip` is the length of the BOM.
 */
export function chooseEncoding(head: Uint8Array, complete: boolean): { encoding: string; skip: number } {
  const [b0, b1, b2, b3] = [head[0], head[1], head[2], head[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return { encoding: 'utf-32le', skip: 4 };
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return { encoding: 'utf-32be', skip: 4 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', skip: 2 };
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(head, { stream: !complete });
    return { encoding: 'utf-8', skip: 0 };
  } catch {
    // not UTF-8
  }
  const u16 = sniffUtf16(head);
  if (u16) return { encoding: u16, skip: 0 };
  let enc = 'windows-1252';
  const guess = chardet.detect(head.subarray(0, SAMPLE));
  if (guess) {
    const g = guess.toLowerCase();
    if (NON_LATIN.has(g) && iconv.encodingExists(g)) enc = g;
  }
  return { encoding: enc, skip: 0 };
}

/**
 * Decodes a byte stream piece by piece with the decoder `decodeText` uses for that encoding (TextDecoder for UTF-8
 * and BOM-marked UTF-16 LE, iconv-lite otherwise), so the concatenated pieces equal `decodeText` of the whole.
 * A piece never ends inside a surrogate pair. UTF-8 without a BOM was chosen on the head; if invalid bytes turn up
 * later, they become U+FFFD and `invalidUtf8` is set (`decodeText` would have read the whole file as Windows-1252).
 */
export class StreamDecoder {
  readonly encoding: string;
  invalidUtf8 = false;
  private skip: number;
  private readonly write_: (b: Uint8Array) => string;
  private readonly end_: () => string;
  private highSurrogate = '';

  constructor(choice: { encoding: string; skip: number }) {
    this.encoding = choice.encoding;
    this.skip = choice.skip;
    const enc = choice.encoding;
    if (enc === 'utf-8' && choice.skip === 3) {
      const d = new TextDecoder('utf-8', { ignoreBOM: true });
      this.write_ = (b) => d.decode(b, { stream: true });
      this.end_ = () => d.decode();
    } else if (enc === 'utf-8') {
      const strict = new StrictUtf8();
      this.write_ = (b) => strict.write(b);
      this.end_ = () => {
        const s = strict.end();
        if (strict.invalid) this.invalidUtf8 = true;
        return s;
      };
    } else if (enc === 'utf-16le' && choice.skip === 2) {
      const d = new TextDecoder('utf-16le');
      this.write_ = (b) => d.decode(b, { stream: true });
      this.end_ = () => d.decode();
    } else {
      const d = iconv.getDecoder(enc);
      this.write_ = (b) => d.write(asBuffer(b));
      this.end_ = () => d.end() ?? '';
    }
  }

  write(bytes: Uint8Array): string {
    let b = bytes;
    if (this.skip > 0) {
      const n = Math.min(this.skip, b.length);
      b = b.subarray(n);
      this.skip -= n;
    }
    return this.hold(this.write_(b), false);
  }

  end(): string {
    return this.hold(this.end_(), true);
  }

  private hold(s: string, last: boolean): string {
    let out = this.highSurrogate ? this.highSurrogate + s : s;
    this.highSurrogate = '';
    if (!last && out.length > 0) {
      const c = out.charCodeAt(out.length - 1);
      if (c >= 0xd800 && c <= 0xdbff) {
        this.highSurrogate = out.slice(-1);
        out = out.slice(0, -1);
      }
    }
    return out;
  }
}

/** UTF-8 checked strictly piece by piece (an incomplete character at a piece's end waits for the next piece). */
class StrictUtf8 {
  invalid = false;
  private carry: Uint8Array | undefined;
  private readonly fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private lenient: { decode(b?: Uint8Array, o?: { stream?: boolean }): string } | undefined;

  write(bytes: Uint8Array): string {
    let b = bytes;
    if (this.carry) {
      const c = new Uint8Array(this.carry.length + b.length);
      c.set(this.carry);
      c.set(b, this.carry.length);
      b = c;
      this.carry = undefined;
    }
    if (this.lenient) return this.lenient.decode(b, { stream: true });
    const cut = completeUpTo(b);
    const whole = cut === b.length ? b : b.subarray(0, cut);
    try {
      const s = this.fatal.decode(whole);
      if (cut < b.length) this.carry = b.slice(cut);
      return s;
    } catch {
      this.invalid = true;
      this.lenient = new TextDecoder('utf-8', { ignoreBOM: true });
      return this.lenient.decode(b, { stream: true });
    }
  }

  end(): string {
    if (this.lenient) return this.lenient.decode();
    if (!this.carry) return '';
    // an incomplete character at the very end
    this.invalid = true;
    const s = new TextDecoder('utf-8', { ignoreBOM: true }).decode(this.carry);
    this.carry = undefined;
    return s;
  }
}

/** Length of the prefix of `b` that does not end inside a UTF-8 character. */
function completeUpTo(b: Uint8Array): number {
  const n = b.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k]!;
    if ((c & 0xc0) === 0x80) continue; // continuation byte: look further back
    const len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return len > k ? n - k : n;
  }
  return n;
}
