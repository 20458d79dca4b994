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

/**
 * The streaming twin of LineReader: text arrives in pieces (`push`), complete lines go to `onLine`, with the same
 * rules (`\n`, `\r\n`, `\r` end a line, a piece may end between `\r` and `\n`, no empty line after a final line
 * break, NFC as above). A line that spans many pieces is kept as a list and joined once, so it costs linear time.
 */
export class LineSplitter {
  private partial: string[] = [];
  /** The last piece ended on `\r`: a `\n` at the start of the next one belongs to it. */
  private skipLf = false;

  constructor(private readonly onLine: (line: string) => void) {}

  push(text: string): void {
    if (text.length === 0) return;
    let start = 0;
    if (this.skipLf) {
      this.skipLf = false;
      if (text.charCodeAt(0) === 10) start = 1;
    }
    const n = text.length;
    let nl = text.indexOf('\n', start);
    let cr = text.indexOf('\r', start);
    while (start < n) {
      if (nl !== -1 && nl < start) nl = text.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
      let end: number;
      let next: number;
      if (cr >= 0 && (nl < 0 || cr < nl)) {
        end = cr;
        if (cr + 1 < n) next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        else {
          next = n;
          this.skipLf = true;
        }
      } else if (nl >= 0) {
        end = nl;
        next = nl + 1;
      } else {
        this.partial.push(start === 0 ? text : text.slice(start));
        return;
      }
      this.emit(text.slice(start, end));
      start = next;
    }
  }

  /** End of input: a last line without a line break. */
  end(): void {
    if (this.partial.length > 0) this.emit('');
  }

  /** Characters held for the line not finished yet. */
  get pending(): number {
    let n = 0;
    for (const p of this.partial) n += p.length;
    return n;
  }

  private emit(tail: string): void {
    let line = tail;
    if (this.partial.length > 0) {
      this.partial.push(tail);
      line = this.partial.join('');
      this.partial = [];
    }
    this.onLine(needsNfc(line) ? line.normalize('NFC') : line);
  }
}
