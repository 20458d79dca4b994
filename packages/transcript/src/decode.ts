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
