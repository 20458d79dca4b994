/**
 * Memory: peak RSS of the library path (parse + tag in one process, no API, no database), each case in its own child
 * process so the peak belongs to that case alone.
 * - `big`: one ~100 MB plain-text transcript (over the upload limit, so this is `parseTranscriptFile` with raised
 *   maxBytes/maxTurns). The parser is not streaming: it reads the whole file, decodes it to one string and returns
 *   every turn. Tagging is done in 600-turn windows (a session's length) so tagged output is not all kept at once.
 * - `folder`: 10,000 files (100 turns each) parsed and tagged one file at a time, keeping only per-file counts.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { round, sessionText, ROOT } from './lib/corpus.js';

function peakMB(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

async function child(mode: string, target: string): Promise<Record<string, unknown>> {
  const { parseTranscriptFile } = await import('@dyadic/transcript');
  const { tagConversation, loadCodebook } = await import('@dyadic/tagging');
  const { computeSessionMetrics } = await import('@dyadic/metrics');
  type Input = import('@dyadic/tagging').UtteranceInput;
  const cb = loadCodebook();
  const baseline = peakMB();
  const role = (s: string) => (s === 'Mentor' ? 'mentor' : s === 'Mentee' ? 'mentee' : 'other') as Input['speaker'];
  const t0 = performance.now();
  let utterances = 0;
  let selfDisclosures = 0;
  if (mode === 'big') {
    const parsed = await parseTranscriptFile(target, { maxBytes: 512 * 1024 * 1024, maxTurns: 10_000_000 });
    const afterParse = peakMB();
    const parseSeconds = (performance.now() - t0) / 1000;
    const WINDOW = 600;
    for (let i = 0; i < parsed.turns.length; i += WINDOW) {
      const input: Input[] = parsed.turns.slice(i, i + WINDOW).map((t) => ({ turn: t.index, speaker: role(t.speaker), text: t.text }));
      const tagged = tagConversation(input, cb);
      utterances += tagged.length;
      selfDisclosures += computeSessionMetrics(tagged, {}).counts.selfDisclosures.mentee;
    }
    return { baselineMB: baseline, peakAfterParseMB: afterParse, peakMB: peakMB(), turns: parsed.turns.length, utterances, selfDisclosuresMentee: selfDisclosures, parseSeconds: round(parseSeconds, 1), seconds: round((performance.now() - t0) / 1000, 1) };
  }
  const files = (await readdir(target)).sort();
  for (const f of files) {
    const parsed = await parseTranscriptFile(path.join(target, f));
    const tagged = tagConversation(parsed.turns.map((t) => ({ turn: t.index, speaker: role(t.speaker), text: t.text })), cb);
    utterances += tagged.length;
    selfDisclosures += computeSessionMetrics(tagged, {}).counts.selfDisclosures.mentee;
  }
  return { baselineMB: baseline, peakMB: peakMB(), files: files.length, utterances, selfDisclosuresMentee: selfDisclosures, seconds: round((performance.now() - t0) / 1000, 1) };
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
    const result: Record<string, unknown> = {};
    try {
      result.bigTranscript = { fileMB: round(bigBytes / 1024 / 1024, 1), ...(await runChild('big', big)) };
    } catch (e) {
      result.bigTranscript = { error: (e as Error).message };
    }
    try {
      result.folder = { turnsPerFile: opts.turnsPerFile, folderMB: round(folderBytes / 1024 / 1024, 1), ...(await runChild('folder', folder)) };
    } catch (e) {
      result.folder = { error: (e as Error).message };
    }
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
