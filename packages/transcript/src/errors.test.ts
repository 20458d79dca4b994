import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomainError } from '@dyadic/domain';
import { describe, expect, it } from 'vitest';
import { TranscriptParseError, parseTranscript } from './index.js';
import { makeDocx, makeZip } from './testing/zip.js';

const FIX = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

async function fails(data: Uint8Array | string, opts: Parameters<typeof parseTranscript>[1] = {}): Promise<TranscriptParseError> {
  try {
    await parseTranscript(typeof data === 'string' ? Buffer.from(data) : data, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(TranscriptParseError);
    expect(err).toBeInstanceOf(DomainError);
    const e = err as TranscriptParseError;
    expect(e.status).toBe(422);
    expect(e.type).toBe('unparseable-transcript');
    expect(e.extra).toMatchObject({ format: e.format, expected: e.expected, reason: e.reason });
    if (e.line !== undefined) expect(e.extra.line).toBe(e.line);
    return e;
  }
  throw new Error('expected a TranscriptParseError');
}

describe('bad input → TranscriptParseError naming format, line and what was expected', () => {
  it('binary garbage', async () => {
    const garbage = randomBytes(4096);
    garbage[0] = 0x01; // not a known magic number
    const e = await fails(garbage, { filename: 'call.txt' });
    expect(e).toMatchObject({ format: 'txt', line: 1, reason: 'binary' });
    expect(e.message).toMatch(/^txt, line 1: expected a text transcript .* found binary data$/);
  });

  it('an empty file, and a file of blank lines', async () => {
    expect(await fails(new Uint8Array(0), { filename: 'a.vtt' })).toMatchObject({ format: 'vtt', line: 1, reason: 'empty' });
    const e = await fails('\n  \r\n\t\n', { filename: 'x.txt' });
    expect(e).toMatchObject({ format: 'txt', line: 1, reason: 'empty' });
    expect(e.message).toBe('txt, line 1: expected a transcript with speaker turns, found only whitespace');
  });

  it('a text with no recognisable speakers', async () => {
    const e = await fails('we met at the park today\nit was sunny\nand then we had lunch\n', { filename: 'notes.txt' });
    expect(e).toMatchObject({ format: 'txt', line: 1, reason: 'no-speakers' });
    expect(e.expected).toMatch(/speaker name/);
    expect(e.message).toContain('found "we met at the park today"');
  });

  it('a truncated VTT (cut inside a timing line)', async () => {
    const vtt = readFileSync(join(FIX, 'zoom.vtt'), 'utf8');
    const cut = vtt.slice(0, vtt.indexOf('00:00:14.000') + 17); // "00:00:14.000 --> "
    const e = await fails(cut, { filename: 'zoom.vtt' });
    const line = cut.split('\n').length;
    expect(e).toMatchObject({ format: 'vtt', line, reason: 'syntax' });
    expect(e.message).toBe(`vtt, line ${line}: expected a cue timing "00:00:01.000 --> 00:00:04.000", found "00:00:14.000 -->"`);
  });

  it('a truncated VTT (cut after a cue number) and a cut timestamp', async () => {
    const e = await fails('WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nSam: hi\n\n2\n', { filename: 'a.vtt' });
    expect(e).toMatchObject({ format: 'vtt', line: 8 });
    expect(e.message).toContain('found end of file');
    const e2 = await fails('WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nSam: hi\n\n00:00:0', { filename: 'a.vtt' });
    expect(e2).toMatchObject({ format: 'vtt', line: 7 });
  });

  it('a VTT without the WEBVTT header', async () => {
    const e = await fails('hello\n00:00:01.000 --> 00:00:02.000\nSam: hi\n', { filename: 'x.vtt', format: 'vtt' });
    expect(e).toMatchObject({ format: 'vtt', line: 1, expected: 'the header "WEBVTT" on the first line' });
  });

  it('a VTT whose cues name no speaker', async () => {
    const e = await fails('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello there\n');
    expect(e).toMatchObject({ format: 'vtt', reason: 'no-speakers' });
  });

  it('a CSV without a text column', async () => {
    const e = await fails('participant,start,end\nMaya,1,2\n', { filename: 'a.csv' });
    expect(e).toMatchObject({ format: 'csv', line: 1, reason: 'missing-column' });
    expect(e.message).toMatch(/^csv, line 1: expected a header row with a text column \(one of: text, utterance, content, transcript, message, speech…\), found "participant, start, end"$/);
    expect(e.message).toContain('found "participant, start, end"');
  });

  it('a CSV without a speaker column, and one with an unclosed quote', async () => {
    expect(await fails('text,start\nhi,1\n', { filename: 'a.csv' })).toMatchObject({ format: 'csv', line: 1, reason: 'missing-column' });
    const e = await fails('speaker,text\nMaya,hi\nJordan,"oh no\nMaya,ok\n', { filename: 'a.csv' });
    expect(e).toMatchObject({ format: 'csv', line: 3 }); // where the unclosed quote opens
    expect(e.expected).toContain('closing quote');
  });

  it('a DOCX that is really a zip of something else', async () => {
    const zip = makeZip({ 'data/session.csv': 'speaker,text\n', 'readme.txt': 'hi' });
    const e = await fails(zip, { filename: 'session.docx' });
    expect(e).toMatchObject({ format: 'docx', reason: 'unsupported' });
    expect(e.message).toBe('docx: expected a Word document (.docx: a zip with word/document.xml), found a zip of data/session.csv, readme.txt');
    const xlsx = makeZip({ '[Content_Types].xml': '<x/>', 'xl/workbook.xml': '<x/>' });
    expect((await fails(xlsx, { filename: 's.docx' })).message).toContain('an Excel workbook (save it as CSV instead)');
  });

  it('a truncated DOCX and a DOCX whose XML is broken', async () => {
    const doc = makeDocx(['Sam: hi']);
    expect(await fails(doc.subarray(0, doc.length - 30), { filename: 'a.docx' })).toMatchObject({ format: 'docx' });
    const broken = makeZip({ 'word/document.xml': '<w:document><w:body><w:p>' });
    expect(await fails(broken, { filename: 'a.docx' })).toMatchObject({ format: 'docx' });
  });

  it('format docx forced on a text file', async () => {
    expect(await fails('Sam: hi', { format: 'docx' })).toMatchObject({ format: 'docx', line: 1, reason: 'unsupported' });
  });

  it('a 1 GB upload is refused at once, without reading it', async () => {
    // a view claiming 1 GB: only byteLength is looked at
    const huge = { byteLength: 1024 ** 3, length: 1024 ** 3 } as unknown as Uint8Array;
    const t0 = performance.now();
    const e = await fails(huge, { filename: 'call.vtt' });
    // Generous: the fake buffer cannot be read, so reaching the check at all proves nothing was read.
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(e).toMatchObject({ format: 'vtt', reason: 'too-large' });
    expect(e.message).toBe('vtt: expected a file of at most 64 MB, found 1024 MB');
    const small = await fails(Buffer.alloc(2000, 'a'), { maxBytes: 1000 });
    expect(small.reason).toBe('too-large');
  });

  it('PDF, legacy .doc, gzip: named, not parsed', async () => {
    expect((await fails('%PDF-1.7\n...', { filename: 'a.pdf' })).message).toContain('a PDF');
    expect((await fails(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), { filename: 'a.doc' })).message).toContain('.doc');
    expect((await fails(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]))).message).toContain('gzip');
  });

  it('JSON: syntax error with a line, wrong shape, no speakers', async () => {
    const e = await fails('{\n  "segments": [\n    {"speaker": "A", "text": "hi"},,\n  ]\n}', { filename: 'a.json' });
    expect(e).toMatchObject({ format: 'json', line: 3 });
    expect((await fails('{"foo": 1}')).message).toMatch(/^json, line 1: expected Whisper\/WhisperX/);
    expect(await fails('{"segments":[{"start":0,"end":1,"text":"hello"}]}')).toMatchObject({ format: 'json', reason: 'no-speakers' });
  });

  it('CHAT: a line that is neither header, main line, tier nor continuation', async () => {
    const e = await fails('@Begin\n@Participants:\tCHI Target_Child\n*CHI:\thi .\nrandom text\n@End\n', { filename: 'a.cha' });
    expect(e).toMatchObject({ format: 'cha', line: 4 });
    expect(e.message).toBe('cha, line 4: expected a CHAT main line "*CODE:<tab>text", a dependent tier "%xxx:", a header "@…" or a tab continuation line, found "random text"');
  });

  it('more turns than maxTurns', async () => {
    const text = Array.from({ length: 50 }, (_, i) => `${i % 2 ? 'Jo' : 'Sam'}: line ${i}`).join('\n');
    expect(await fails(text, { maxTurns: 10 })).toMatchObject({ format: 'txt', line: 11, reason: 'too-many-turns' });
  });

  it('an unknown format option', async () => {
    expect(await fails('Sam: hi', { format: 'pdf' as never })).toMatchObject({ format: 'unknown', reason: 'unsupported' });
  });
});

// Hang guards, not speed tests (speed is measured in `pnpm bench`): CI machines are noisy and run test files in
// parallel, so the bound only has to separate "finishes" from "catastrophic backtracking / never returns".
const HANG_MS = 30_000;

describe('pathological inputs finish (no hang)', () => {
  const time = async (data: Uint8Array | string, opts = {}) => {
    const t0 = performance.now();
    await parseTranscript(typeof data === 'string' ? Buffer.from(data) : data, opts).catch((e: unknown) => {
      expect(e).toBeInstanceOf(TranscriptParseError);
    });
    return performance.now() - t0;
  };
  it('one 10 MB line', async () => {
    expect(await time('Sam: ' + 'a'.repeat(10 * 1024 * 1024))).toBeLessThan(HANG_MS);
    expect(await time('a:'.repeat(5 * 1024 * 1024))).toBeLessThan(HANG_MS);
    expect(await time('['.repeat(10 * 1024 * 1024))).toBeLessThan(HANG_MS);
    expect(await time('<v '.repeat(3 * 1024 * 1024), { format: 'vtt' })).toBeLessThan(HANG_MS);
  }, 150_000);
  it('deeply nested JSON', async () => {
    expect(await time('['.repeat(5_000_000) + ']'.repeat(5_000_000))).toBeLessThan(HANG_MS);
    expect(await time('{"a":'.repeat(1_000_000) + '1' + '}'.repeat(1_000_000))).toBeLessThan(HANG_MS);
  }, 150_000);
  it('a million tiny cues', async () => {
    const cue = (i: number) => `00:00:0${i % 10}.000 --> 00:00:0${i % 10}.500\n${i % 2 ? 'Jo' : 'Sam'}: a\n\n`;
    let s = 'WEBVTT\n\n';
    for (let i = 0; i < 300_000; i++) s += cue(i);
    const ms = await time(s);
    expect(ms).toBeLessThan(HANG_MS);
  }, 150_000);
});

describe('DOCX zip bomb', () => {
  it('a document.xml declaring a huge inflated size is refused before inflating', async () => {
    const doc = makeDocx(['Sam: hi', 'Jo: hey']);
    // patch the central directory's uncompressed size of word/document.xml to 2 GB
    const buf = Buffer.from(doc);
    const name = Buffer.from('word/document.xml');
    for (let i = buf.length - 22; i >= 0; i--) {
      if (buf.readUInt32LE(i) === 0x02014b50 && buf.subarray(i + 46, i + 46 + name.length).equals(name)) buf.writeUInt32LE(0x80000000, i + 24);
    }
    await expect(parseTranscript(buf, { filename: 'bomb.docx' })).rejects.toMatchObject({ format: 'docx', reason: 'too-large' });
  });

  it('a document.xml that lies about its size (declares 1 KB, inflates to 40 MB) is refused', async () => {
    const big = '<w:p><w:r><w:t>' + 'a'.repeat(40 * 1024 * 1024) + '</w:t></w:r></w:p>';
    const doc = makeZip({ 'word/document.xml': `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${big}</w:body></w:document>` });
    const buf = Buffer.from(doc);
    const name = Buffer.from('word/document.xml');
    for (let i = buf.length - 22; i >= 0; i--) {
      if (buf.readUInt32LE(i) === 0x02014b50 && buf.subarray(i + 46, i + 46 + name.length).equals(name)) buf.writeUInt32LE(1024, i + 24);
    }
    const t0 = performance.now();
    await expect(parseTranscript(buf, { filename: 'liar.docx' })).rejects.toMatchObject({ format: 'docx', reason: 'too-large' });
    expect(performance.now() - t0).toBeLessThan(HANG_MS);
  });
});
