/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled; lines end with CRLF. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  // Booleans as TRUE/FALSE: what readr, SPSS and pandas read as logical without a hint.
  const s = typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/**
 * Join small text pieces (one line each) into chunks of about `bytes`, so a streamed export is written in a few
 * large socket writes rather than one per row, while memory still holds one chunk.
 */
export async function* batched(pieces: AsyncIterable<string>, bytes = 64 * 1024): AsyncGenerator<string> {
  let buf: string[] = [];
  let size = 0;
  for await (const p of pieces) {
    buf.push(p);
    size += p.length;
    if (size >= bytes) {
      yield buf.join('');
      buf = [];
      size = 0;
    }
  }
  if (buf.length) yield buf.join('');
}
