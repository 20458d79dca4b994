/**
 * Memory: peak RSS (VmHWM) of the library path (parse + tag in one process, no API, no database), each case in its
 * own child process so the peak belongs to that case alone. The streaming path (docs/streaming.md):
 * - `big`: one ~100 MB plain-text transcript, `parseTranscriptFileStream` → roles → `tagStream`, keeping only counts.
 * - `bigParse`: the same file, streaming parse only (what the parser alone holds).
 * - `bigWholeParse`: the same file through the whole-file `parseTranscriptFile` (raised limits), for comparison.
 * - `folder`: 10,000 files (100 turns each) streamed and tagged one file at a time, keeping only counts.
 * `baselineMB` is the peak after loading the modules and the codebook, before any input is read.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { round, sessionText, ROOT } from './lib/corpus.js';

/** Peak resident set size so far, MB: VmHWM on Linux, getrusage's maxRSS elsewhere. */
function peakMB(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s*kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return round(Number(m[1]) / 1024, 1);
  } catch {
    // not Linux
  }
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

async function child(mode: string, target: string): Promise<Record<string, unknown>> {
  const { parseTranscriptFileStream, parseTranscriptFile } = await import('@dyadic/transcript');
  const { tagStream, loadCodebook } = await import('@dyadic/tagging');
  type Input = import('@dyadic/tagging').UtteranceInput;
  const cb = loadCodebook();
  const baseline = peakMB();
  const role = (s: string) => (s === 'Mentor' ? 'mentor' : s === 'Mentee' ? 'mentee' : 'other') as Input['speaker'];
  const t0 = performance.now();
  const seconds = () => round((performance.now() - t0) / 1000, 1);

  if (mode === 'bigWholeParse') {
    const parsed = await parseTranscriptFile(target, { maxBytes: 512 * 1024 * 1024, maxTurns: 10_000_000 });
    return { baselineMB: baseline, peakMB: peakMB(), turns: parsed.turns.length, seconds: seconds() };
  }
  if (mode === 'bigParse') {
    const s = parseTranscriptFileStream(target);
    let turns = 0;
    for await (const _t of s) turns++;
    return { baselineMB: baseline, peakMB: peakMB(), turns, format: s.format, streamed: s.streamed, seconds: seconds() };
  }

  let utterances = 0;
  let selfDisclosures = 0;
  /** Parse → roles → tag, counting as the tagged utterances go by. */
  const run = async (file: string) => {
    const s = parseTranscriptFileStream(file);
    async function* inputs(): AsyncGenerator<Input> {
      for await (const t of s) yield { turn: t.index, speaker: role(t.speaker), text: t.text };
    }
    for await (const t of tagStream(inputs(), cb)) {
      utterances++;
      if (t.speaker === 'mentee' && t.tags.selfDisclosure) selfDisclosures++;
    }
  };
  if (mode === 'big') {
    await run(target);
    return { baselineMB: baseline, peakMB: peakMB(), turns: utterances, utterances, selfDisclosuresMentee: selfDisclosures, seconds: seconds(), uttPerSec: Math.round(utterances / ((performance.now() - t0) / 1000)) };
  }
  const files = (await readdir(target)).sort();
  for (const f of files) await run(path.join(target, f));
  return { baselineMB: baseline, peakMB: peakMB(), files: files.length, utterances, selfDisclosuresMentee: selfDisclosures, seconds: seconds() };
}

function runChild(mode: string, target: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode, target], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`memory child ${mode} exited ${code}: ${err.slice(-2000)}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>);
    });
  });
}

async function writeBig(file: string, bytes: number): Promise<number> {
  const ws = createWriteStream(file);
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const chunk = sessionText(900_000 + i, 600);
    written += Buffer.byteLength(chunk);
    if (!ws.write(chunk)) await new Promise<void>((r) => ws.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => ws.end((e?: Error | null) => (e ? j(e) : r())));
  return written;
}

export async function runMemoryBench(opts: { bigMB: number; files: number; turnsPerFile: number }): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dyadic-mem-'));
  try {
    const big = path.join(dir, 'big.txt');
    const bigBytes = await writeBig(big, opts.bigMB * 1024 * 1024);
    const folder = path.join(dir, 'folder');
    await mkdir(folder);
    let folderBytes = 0;
    for (let i = 0; i < opts.files; i++) {
      const t = sessionText(500_000 + i, opts.turnsPerFile);
      folderBytes += t.length;
      await writeFile(path.join(folder, `session-${String(i).padStart(5, '0')}.txt`), t);
    }
    const result: Record<string, unknown> = { path: 'streaming: parseTranscriptFileStream → tagStream' };
    const cases: [string, string, Record<string, unknown>][] = [
      ['bigTranscript', 'big', { fileMB: round(bigBytes / 1024 / 1024, 1) }],
      ['bigTranscriptParseOnly', 'bigParse', { fileMB: round(bigBytes / 1024 / 1024, 1) }],
      ['bigTranscriptWholeFileParse', 'bigWholeParse', { fileMB: round(bigBytes / 1024 / 1024, 1) }],
      ['folder', 'folder', { turnsPerFile: opts.turnsPerFile, folderMB: round(folderBytes / 1024 / 1024, 1) }],
    ];
    for (const [name, mode, extra] of cases) {
      try {
        result[name] = { ...extra, ...(await runChild(mode, mode === 'folder' ? folder : big)) };
      } catch (e) {
        result[name] = { error: (e as Error).message };
      }
    }
    // run.ts's summary line reads `peakAfterParseMB`: here, the peak of the streaming parse alone
    const b = result.bigTranscript as Record<string, unknown>;
    const p = result.bigTranscriptParseOnly as Record<string, unknown>;
    if (b && p && !b.error && !p.error) b.peakAfterParseMB = p.peakMB;
    result.targetMB = 300;
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  child(process.argv[3]!, process.argv[4]!).then((r) => console.log(JSON.stringify(r)), (e) => {
    console.error(e);
    process.exit(1);
  });
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [mb = '100', files = '10000'] = process.argv.slice(2);
  runMemoryBench({ bigMB: Number(mb), files: Number(files), turnsPerFile: 100 }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
