import { decodeText } from './decode.js';
import { mapColumns, } from './formats/columns.js';
import { sniffDelimiter } from './formats/csv.js';
import { isZip } from './zip.js';
import type { Format } from './types.js';

const EXT: Record<string, Format> = {
  txt: 'txt', text: 'txt', md: 'txt', vtt: 'vtt', webvtt: 'vtt', srt: 'srt', csv: 'csv', tsv: 'tsv', tab: 'tsv',
  json: 'json', jsonl: 'json', ndjson: 'json', docx: 'docx', cha: 'cha', chat: 'cha',
};

export function formatFromFilename(filename: string | undefined): Format | undefined {
  if (!filename) return undefined;
  const dot = filename.lastIndexOf('.');
  if (dot < 0) return undefined;
  return EXT[filename.slice(dot + 1).toLowerCase()];
}

function firstLines(text: string, n: number): string[] {
  const out: string[] = [];
  let pos = 0;
  const head = text.length > 16384 ? text.slice(0, 16384) : text;
  while (out.length < n && pos < head.length) {
    let end = head.indexOf('\n', pos);
    if (end < 0) end = head.length;
    const line = head.slice(pos, end).replace(/\r$/, '');
    pos = end + 1;
    if (line.trim() !== '') out.push(line);
  }
  return out;
}

/**
 * Format from the text itself, or undefined when nothing is conclusive: `WEBVTT` header → vtt; CHAT headers
 * (`@UTF8`, `@Begin`, `@Participants`) or a `*CODE:<tab>` first line → cha; `{` or `[{` → json; a cue number
 * and/or a `-->` timing → srt; a delimited header row naming a speaker or text column → csv/tsv.
 */
export function detectTextFormat(text: string): Format | undefined {
  const lines = firstLines(text, 3);
  const l0 = lines[0]?.trimStart();
  if (l0 === undefined) return undefined;
  if (/^WEBVTT(?:$|[ \t])/.test(l0)) return 'vtt';
  if (/^@(?:UTF8|Begin|Languages|Participants|Font)\b/.test(l0) || /^\*[A-Za-z0-9_]{1,8}:\t/.test(l0)) return 'cha';
  if (l0[0] === '{') return 'json';
  if (l0[0] === '[' && /^\[\s*(?:\{|\]|$)/.test(l0)) return 'json';
  const l1 = lines[1];
  if (/^\d{1,9}$/.test(l0.trim()) && l1 !== undefined && l1.includes('-->')) return 'srt';
  if (/^\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}\s+-->/.test(l0)) return 'srt';
  const delim = sniffDelimiter(l0);
  if (l0.includes(delim)) {
    const cols = mapColumns(l0.split(delim).map((h) => h.replace(/^"|"$/g, '')));
    const fields = Object.keys(cols).length;
    if ((cols.text && fields >= 2) || (cols.speaker && fields >= 2 && !l0.includes(': '))) return delim === '\t' ? 'tsv' : 'csv';
  }
  return undefined;
}

/** Content first (zip → docx, then the text rules above), the file extension second, plain text last. */
export function detectFormat(data: Uint8Array, filename?: string): Format {
  if (isZip(data)) return 'docx';
  const byContent = detectTextFormat(decodeText(data.subarray(0, 65536)).text);
  const byExt = formatFromFilename(filename);
  return byContent ?? (byExt && byExt !== 'docx' ? byExt : 'txt');
}
