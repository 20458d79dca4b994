/**
 * Reads a string line by line without splitting it into an array: `\n`, `\r\n` and `\r` all end a line.
 * Lines are NFC-normalised when they contain non-ASCII characters. `lineNo` is the 1-based number of the
 * line last returned by `next()`.
 */
export class LineReader {
  private pos = 0;
  lineNo = 0;
  private peeked: string | null | undefined = undefined;
  // cached positions of the next \n and \r at or after pos (-1: none left), so scanning stays linear
  private nlAt = -2;
  private crAt = -2;

  constructor(private readonly text: string) {}

  private read(): string | null {
    const t = this.text;
    if (this.pos >= t.length) return null;
    const start = this.pos;
    if (this.nlAt !== -1 && this.nlAt < start) this.nlAt = t.indexOf('\n', start);
    if (this.crAt !== -1 && this.crAt < start) this.crAt = t.indexOf('\r', start);
    const nl = this.nlAt;
    const cr = this.crAt;
    let end: number;
    let next: number;
    if (cr >= 0 && (nl < 0 || cr < nl)) {
      end = cr;
      next = t.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
    } else if (nl >= 0) {
      end = nl;
      next = nl + 1;
    } else {
      end = t.length;
      next = t.length;
    }
    this.pos = next;
    const line = t.slice(start, end);
    return needsNfc(line) ? line.normalize('NFC') : line;
  }

  next(): string | null {
    if (this.peeked !== undefined) {
      const p = this.peeked;
      this.peeked = undefined;
      if (p !== null) this.lineNo++;
      return p;
    }
    const l = this.read();
    if (l !== null) this.lineNo++;
    return l;
  }

  /** The line after the current one, without consuming it. */
  peek(): string | null {
    if (this.peeked === undefined) this.peeked = this.read();
    return this.peeked;
  }
}

function needsNfc(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x300) return true;
  return false;
}
