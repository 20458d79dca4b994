import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from './index.js';

const TEXT = 'Mentor: “Café” after work? It’s my treat – you pick.\r\nJordan: Yes. Crème brûlée!\r\nMom: He’s been saving up… for “the café”.\r\n';
const EXPECTED = [
  { index: 0, speaker: 'Mentor', text: '“Café” after work? It’s my treat – you pick.' },
  { index: 1, speaker: 'Jordan', text: 'Yes. Crème brûlée!' },
  { index: 2, speaker: 'Mom', text: 'He’s been saving up… for “the café”.' },
];

describe('encodings', () => {
  it('UTF-8 without BOM', async () => {
    const p = await parseTranscript(Buffer.from(TEXT, 'utf8'));
    expect(p.encoding).toBe('utf-8');
    expect(p.turns).toEqual(EXPECTED);
  });

  it('UTF-8 with BOM (the BOM is not part of the first speaker)', async () => {
    const p = await parseTranscript(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]));
    expect(p.encoding).toBe('utf-8');
    expect(p.turns).toEqual(EXPECTED);
    expect(p.speakers[0]!.name).toBe('Mentor');
  });

  it('UTF-16 LE with BOM', async () => {
    const p = await parseTranscript(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]));
    expect(p.encoding).toBe('utf-16le');
    expect(p.turns).toEqual(EXPECTED);
  });

  it('UTF-16 BE with BOM', async () => {
    const p = await parseTranscript(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(TEXT, 'utf-16be')]));
    expect(p.encoding).toBe('utf-16be');
    expect(p.turns).toEqual(EXPECTED);
  });

  it('UTF-16 LE without BOM (sniffed from NUL bytes)', async () => {
    const p = await parseTranscript(Buffer.from(TEXT, 'utf16le'));
    expect(p.encoding).toBe('utf-16le');
    expect(p.turns).toEqual(EXPECTED);
  });

  it('Windows-1252 with curly quotes, en dash, ellipsis and é', async () => {
    const bytes = iconv.encode(TEXT, 'windows-1252');
    expect(bytes.includes(0x93)).toBe(true); // “ is 0x93 in Windows-1252, invalid as UTF-8
    const p = await parseTranscript(bytes, { filename: 'typed.txt' });
    expect(p.encoding).toBe('windows-1252');
    expect(p.turns).toEqual(EXPECTED);
  });

  it('Windows-1252 CSV exported from Excel', async () => {
    const csv = iconv.encode('Speaker,Text\r\nMaya,"Let’s go to the café"\r\nJordan,Olé!\r\n', 'windows-1252');
    const p = await parseTranscript(csv, { filename: 'excel.csv' });
    expect(p.turns.map((t) => t.text)).toEqual(['Let’s go to the café', 'Olé!']);
  });

  it('UTF-16 LE VTT from a Windows captioning tool', async () => {
    const vtt = 'WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\n<v Maya>Olá, Jordan</v>\r\n';
    const p = await parseTranscript(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(vtt, 'utf16le')]));
    expect(p.format).toBe('vtt');
    expect(p.turns).toEqual([{ index: 0, speaker: 'Maya', text: 'Olá, Jordan', start: 1, end: 2 }]);
  });

  it('line endings: CRLF, lone CR (old Mac), LF mixed', async () => {
    const p = await parseTranscript(Buffer.from('Sam: one\rJo: two\r\nSam: three\nJo: four'));
    expect(p.turns.map((t) => t.text)).toEqual(['one', 'two', 'three', 'four']);
  });

  it('Unicode NFC: decomposed é in names and text becomes composed, and one speaker', async () => {
    const decomposed = 'Zoe\u0301: cafe\u0301\nJordan: hi\nZo\u00e9: ok';
    const p = await parseTranscript(Buffer.from(decomposed));
    expect(p.turns[0]).toEqual({ index: 0, speaker: 'Zo\u00e9', text: 'caf\u00e9' });
    expect(p.speakers.map((s) => s.name)).toEqual(['Zo\u00e9', 'Jordan']);
    expect(p.turns[2]!.speaker).toBe('Zo\u00e9');
  });
});
