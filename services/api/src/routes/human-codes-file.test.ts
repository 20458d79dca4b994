import { describe, expect, it } from 'vitest';
import { detectFormat, parseCodesFile } from './human-codes-file.js';

const T = '3f2b8a7e-1c4d-4e5f-9a0b-1c2d3e4f5a6b';

describe('parseCodesFile', () => {
  it('reads CSV with quoting, a BOM, CRLF and a multi-line note, keeping each record\'s first line', () => {
    const text = `\ufeffTranscript_ID,Turn,Coder,selfDisclosure,EMOTION,advice,note\r\n${T},0,,1,0,,"said ""hi"""\r\n${T},1,ana,YES,no,NA,"two\r\nlines"\r\n${T},2,,true,false,null,x\r\n`;
    const p = parseCodesFile(text, 'csv', 'human');
    expect(p.errors).toEqual([]);
    expect(p.tags).toEqual(['selfDisclosure', 'emotion', 'advice']);
    expect(p.ignoredColumns).toEqual(['note']);
    expect(p.rows).toEqual([
      { line: 2, transcriptId: T, turn: 0, coder: 'human', codes: { selfDisclosure: true, emotion: false, advice: null } },
      { line: 3, transcriptId: T, turn: 1, coder: 'ana', codes: { selfDisclosure: true, emotion: false, advice: null } },
      { line: 5, transcriptId: T, turn: 2, coder: 'human', codes: { selfDisclosure: true, emotion: false, advice: null } },
    ]);
  });

  it('takes semicolon- or tab-separated files (spreadsheet exports)', () => {
    expect(parseCodesFile(`transcript_id;turn;advice\n${T};3;1\n`, 'csv', 'h').rows).toMatchObject([{ turn: 3, codes: { advice: true } }]);
    expect(parseCodesFile(`transcript_id\tturn\tadvice\n${T}\t4\t0\n`, 'csv', 'h').rows).toMatchObject([{ turn: 4, codes: { advice: false } }]);
  });

  it('lists every bad line with its reason', () => {
    const text = ['transcript_id,turn,emotion', `${T},x,1`, `${T},-1,1`, `nope,1,1`, `${T},2,2`, `,,`, `,,1`, `${T},"3`].join('\n');
    const p = parseCodesFile(text, 'csv', 'h');
    expect(p.rows).toEqual([]);
    expect(p.errors).toEqual([
      { line: 2, reason: 'turn "x" is not a whole number ≥ 0' },
      { line: 3, reason: 'turn "-1" is not a whole number ≥ 0' },
      { line: 4, reason: 'transcript_id "nope" is not a UUID' },
      { line: 5, reason: 'emotion value "2" is not 1/0, true/false, yes/no or empty' },
      { line: 7, reason: 'transcript_id is missing' },
      { line: 7, reason: 'turn is missing' },
      { line: 8, reason: 'a quoted field is never closed' },
    ]);
  });

  it('refuses a header without transcript_id, turn or any tag', () => {
    expect(parseCodesFile('id,turn,advice\n', 'csv', 'h').errors).toEqual([{ line: 1, reason: 'the header has no transcript_id column' }]);
    expect(parseCodesFile('transcript_id,turn,text\n', 'csv', 'h').errors[0]!.reason).toMatch(/no tag column/);
    expect(parseCodesFile('', 'csv', 'h').errors).toEqual([{ line: 1, reason: 'the file has no header row' }]);
    expect(parseCodesFile('transcript_id,turn,advice\n', 'csv', 'h').errors).toEqual([{ line: 1, reason: 'the file has no rows' }]);
  });

  it('reads JSONL with tags at the top level or inside "human", numbers or strings', () => {
    const text = [
      JSON.stringify({ transcript_id: T, turn: 0, human: { selfDisclosure: true, emotion: null } }),
      '',
      JSON.stringify({ transcriptId: T, turn: '1', coder: 'b', reciprocated_disclosure: 0, text: 'hi' }),
      '[1]',
      JSON.stringify({ transcript_id: T, turn: 1.5, advice: 'maybe' }),
    ].join('\n');
    const p = parseCodesFile(text, 'jsonl', 'human');
    expect(p.rows).toEqual([
      { line: 1, transcriptId: T, turn: 0, coder: 'human', codes: { selfDisclosure: true, emotion: null } },
      { line: 3, transcriptId: T, turn: 1, coder: 'b', codes: { reciprocatedDisclosure: false } },
    ]);
    expect(p.errors).toEqual([
      { line: 4, reason: 'expected a JSON object' },
      { line: 5, reason: 'turn 1.5 is not a whole number ≥ 0' },
      { line: 5, reason: 'advice value "maybe" is not 1/0, true/false, yes/no or empty' },
    ]);
    expect(p.ignoredColumns).toEqual(['text']);
  });
});

describe('detectFormat', () => {
  it('uses the media type, then the file name, then the first character', () => {
    expect(detectFormat('text/csv', 'x.jsonl', '{')).toBe('csv');
    expect(detectFormat('application/x-ndjson', 'x.csv', 'a')).toBe('jsonl');
    expect(detectFormat('application/octet-stream', 'codes.jsonl', 'a')).toBe('jsonl');
    expect(detectFormat(undefined, 'upload', '  {"turn":1}')).toBe('jsonl');
    expect(detectFormat('text/plain', 'upload', 'transcript_id,turn')).toBe('csv');
  });
});
