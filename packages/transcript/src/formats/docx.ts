import mammoth from 'mammoth';
import { TranscriptParseError } from '../errors.js';
import { inflatesWithin, listZip } from '../zip.js';

const DOCX_EXPECTED = 'a Word document (.docx: a zip with word/document.xml)';

const HTML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

function decodeHtml(s: string): string {
  return s.indexOf('&') < 0 ? s : s.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => HTML_ENTITIES[e] ?? '');
}

/**
 * mammoth's HTML → one line per paragraph (`<br>` → new line, empty paragraph → blank line). Table rows
 * become lines too: [name, text] → "name: text", [time, name, text] → "[time] name: text", other rows are
 * joined with spaces — Word transcripts are often a Speaker | Text table.
 */
export function htmlToLines(html: string): string {
  const out: string[] = [];
  let line = '';
  let cells: string[] | undefined;
  let cell = '';
  const tag = /<(\/?)([a-zA-Z0-9]+)[^>]*>/g;
  let last = 0;
  const text = (t: string) => {
    if (cells) cell += t;
    else line += t;
  };
  for (let m = tag.exec(html); m !== null; m = tag.exec(html)) {
    text(decodeHtml(html.slice(last, m.index)));
    last = tag.lastIndex;
    const close = m[1] === '/';
    const name = m[2]!.toLowerCase();
    if (name === 'br') text('\n');
    else if (name === 'table' && !close) cells = undefined;
    else if (name === 'tr' && !close) cells = [];
    else if ((name === 'td' || name === 'th') && close && cells) {
      cells.push(cell.replace(/\s+/g, ' ').trim());
      cell = '';
    } else if (name === 'tr' && close && cells) {
      const c = cells.filter((x) => x !== '');
      cells = undefined;
      if (c.length === 2 && c[0]!.length <= 50 && !c[0]!.includes(':')) out.push(`${c[0]}: ${c[1]}`);
      else if (c.length === 3 && /^[\d:.,]+$/.test(c[0]!) && c[1]!.length <= 50) out.push(`[${c[0]}] ${c[1]}: ${c[2]}`);
      else out.push(c.join(' '));
    } else if (close && !cells && (name === 'p' || name === 'li' || /^h[1-6]$/.test(name))) {
      out.push(line);
      line = '';
    }
  }
  text(decodeHtml(html.slice(last)));
  if (line) out.push(line);
  return out.join('\n');
}

/**
 * Check the zip directory before handing the file to mammoth: refuse zips without word/document.xml (an
 * .xlsx, .pptx, .odt or any other zip renamed to .docx), truncated zips, and zip bombs (declared inflated
 * size over `maxInflated`). Then convert with mammoth (to HTML, which keeps line breaks and tables) and turn
 * that into one line per paragraph, so that the text rules (and pasted VTT/SRT/CHAT) see the lines the
 * author typed.
 */
export async function docxToText(data: Uint8Array, maxInflated: number): Promise<{ text: string; warnings: string[] }> {
  const entries = listZip(data);
  if (typeof entries === 'string') {
    throw new TranscriptParseError({ format: 'docx', expected: DOCX_EXPECTED, found: entries, reason: 'unsupported' });
  }
  const doc = entries.find((e) => e.name === 'word/document.xml');
  if (!doc) {
    const names = entries.map((e) => e.name);
    const kind = names.some((n) => n.startsWith('xl/')) ? 'an Excel workbook (save it as CSV instead)'
      : names.some((n) => n.startsWith('ppt/')) ? 'a PowerPoint file'
      : names.includes('content.xml') ? 'an OpenDocument file (save it as .docx)'
      : `a zip of ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`;
    throw new TranscriptParseError({ format: 'docx', expected: DOCX_EXPECTED, found: names.length ? kind : 'an empty zip', reason: 'unsupported' });
  }
  const inflated = entries.reduce((s, e) => s + e.size, 0);
  if (doc.size > maxInflated || inflated > maxInflated * 4 || !inflatesWithin(data, doc, maxInflated)) {
    throw new TranscriptParseError({
      format: 'docx', expected: `a document of at most ${Math.round(maxInflated / 1024 / 1024)} MB once unzipped`,
      found: `${Math.round(doc.size / 1024 / 1024)} MB`, reason: 'too-large',
    });
  }
  let value: string;
  const warnings: string[] = [];
  try {
    const res = await mammoth.convertToHtml(
      { buffer: Buffer.from(data.buffer, data.byteOffset, data.byteLength) },
      { ignoreEmptyParagraphs: false, externalFileAccess: false, convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    value = htmlToLines(res.value);
    for (const m of res.messages.slice(0, 5)) if (m.type === 'error') warnings.push(`docx: ${m.message}`);
  } catch (err) {
    throw new TranscriptParseError({ format: 'docx', expected: DOCX_EXPECTED, found: 'a damaged document', detail: String((err as Error)?.message ?? err).slice(0, 160) });
  }
  return { text: value.normalize('NFC'), warnings };
}
