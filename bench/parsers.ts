/**
 * Transcript parser throughput, in one process: for each format, a few MB generated in memory from the turns
 * of our own fixtures (packages/transcript/fixtures), repeated with shifted timestamps, then parsed:
 * one warm-up run, then the median of 5 runs, reported as MB/s of input bytes (DOCX: of the zipped file,
 * with the inflated text size alongside). Run alone with `tsx bench/parsers.ts` (prints JSON);
 * `runParserBench()` is for `pnpm bench`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Turn } from '@dyadic/domain';
import { parseTranscript } from '../packages/transcript/src/index.js';
import { toChat, toCsv, toJson, toOtter, toSrt, toTxt, toVtt } from '../packages/transcript/src/testing/serialize.js';
import { makeDocx } from '../packages/transcript/src/testing/zip.js';

const TARGET_BYTES = 4 * 1024 * 1024;
const RUNS = 5;

async function fixtureTurns(): Promise<Turn[]> {
  const dir = fileURLToPath(new URL('../packages/transcript/fixtures/', import.meta.url));
  const turns: Turn[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = await parseTranscript(readFileSync(dir + name), { filename: name });
    turns.push(...p.turns);
  }
  return turns;
}

/** Repeat the fixture turns (alternating two speakers per block so nothing merges away) until ~bytes of text. */
function corpus(base: Turn[], approxTextBytes: number): Turn[] {
  const out: Turn[] = [];
  let t = 0;
  let bytes = 0;
  const names = ['Maya Lopez', 'Jordan', 'Maya Lopez', 'Jordan', 'Mom'];
  while (bytes < approxTextBytes) {
    for (let i = 0; i < base.length && bytes < approxTextBytes; i++) {
      const b = base[i]!;
      const speaker = names[out.length % names.length]!;
      const dur = Math.max(0.5, (b.end ?? 0) - (b.start ?? 0) || 1.5);
      out.push({ index: out.length, speaker, text: b.text, start: Math.round(t * 1000) / 1000, end: Math.round((t + dur) * 1000) / 1000 });
      t += dur + 0.25;
      bytes += b.text.length + 40;
    }
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function measure(data: Uint8Array): Promise<{ mbPerSec: number; ms: number; turns: number }> {
  const first = await parseTranscript(data); // warm-up (and a check that the input parses)
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await parseTranscript(data);
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  return { mbPerSec: Number((data.byteLength / 1024 / 1024 / (ms / 1000)).toFixed(1)), ms: Number(ms.toFixed(1)), turns: first.turns.length };
}

export async function runParserBench(): Promise<Record<string, unknown>> {
  const base = await fixtureTurns();
  const turns = corpus(base, TARGET_BYTES);
  const codes: Record<string, string> = { 'Maya Lopez': 'MEN', Jordan: 'CHI', Mom: 'MOT' };
  const chatTurns = turns.map((t) => ({ ...t, text: t.text.replace(/[[\]<>&@+]/g, ' ') }));
  const enc = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
  const txt = toTxt(turns);
  const inputs: Record<string, Uint8Array> = {
    txt: enc(txt),
    otter: enc(toOtter(turns)),
    vttZoom: enc(toVtt(turns, 'zoom')),
    vttVoice: enc(toVtt(turns, 'voice')),
    srt: enc(toSrt(turns)),
    csv: enc(toCsv(turns)),
    tsv: enc(toCsv(turns, '\t')),
    json: enc(toJson(turns)),
    cha: enc(toChat(chatTurns, codes)),
    txtUtf16: new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(txt, 'utf16le')])),
  };
  const docxText = toTxt(turns.slice(0, Math.floor(turns.length / 4)));
  inputs.docx = makeDocx(docxText.trimEnd().split('\n'));

  const perFormat: Record<string, unknown> = {};
  for (const [name, data] of Object.entries(inputs)) {
    const r = await measure(data);
    perFormat[name] = { inputMB: Number((data.byteLength / 1024 / 1024).toFixed(2)), ...r, ...(name === 'docx' ? { textMB: Number((docxText.length / 1024 / 1024).toFixed(2)) } : {}) };
  }
  const mbps = Object.fromEntries(Object.entries(perFormat).map(([k, v]) => [k, (v as { mbPerSec: number }).mbPerSec]));
  return { parserMBPerSec: mbps, parserDetail: perFormat, parserRuns: RUNS, parserNode: process.version };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runParserBench().then((r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'));
}
