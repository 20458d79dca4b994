/**
 * `recode-program`: re-tag every processed transcript of a program under one codebook version, from the stored
 * utterances (what was tagged live, after any redaction; the upload is not parsed again). Both sides are kept per
 * version (utterance_codes, session_metrics_versions); an `apply` run also writes the new side into the live tables.
 * When every transcript is done the run gets its comparison: each §6 metric old → new, pooled per dyad and
 * program-wide, and the utterance codes that flipped. See docs/codebook-versions.md.
 *
 * Resumable and idempotent: the run's items are fixed when it starts, each batch codes its items and marks them done
 * in one transaction, so a retry (or a second job for the same run) only codes what is left.
 */
import { DomainError } from '@dyadic/domain';
import {
  claimRunItems,
  countOpenRunItems,
  finishCodebookRun,
  finishRunItem,
  getCodebookRun,
  listDoneRunItems,
  loadCodingInputs,
  lockActiveCodebook,
  planCodebookRun,
  recomputeDyadMetrics,
  stopCodebookRun,
  storeVersionResults,
  updateLiveCodes,
  upsertSessionMetrics,
  withTransaction,
  type CodebookRunStatus,
  type CodingInput,
  type DoneRunItem,
  type MetricChange,
  type Pool,
  type RunComparison,
  type RunItemResult,
} from '@dyadic/db';
import { computeSessionMetrics, ratesFromCounts, sumCounts, METRICS_VERSION, type SessionCounts } from '@dyadic/metrics';
import { CODEBOOK_VERSION, TAG_NAMES, tagConversation, type Codebook, type TaggedUtterance } from '@dyadic/tagging';
import { ProgramCodebooks } from './process-transcript.js';

export interface RecodeOptions {
  /** Transcripts per transaction (default 20). */
  batchSize?: number;
  codebooks?: ProgramCodebooks;
  /** Called after each batch with the run's progress (the job reports it to the queue). */
  onProgress?: (p: { done: number; total: number }) => Promise<void> | void;
}

export interface RecodeResult {
  status: CodebookRunStatus | 'missing';
  done: number;
  total: number;
}

/** Flipped codes listed one by one in a comparison; the per-tag counts always cover all of them. */
export const FLIP_LIST_MAX = 500;

export async function recodeProgram(pool: Pool, runId: string, opts: RecodeOptions = {}): Promise<RecodeResult> {
  const start = await getCodebookRun(pool, runId);
  if (!start) return { status: 'missing', done: 0, total: 0 };
  if (start.status !== 'queued' && start.status !== 'running') return { status: start.status, done: start.done, total: start.total };
  if (start.status === 'queued') await withTransaction(pool, (client) => planCodebookRun(client, runId));
  const { programId, version, mode } = start;

  let codebook: Codebook;
  try {
    codebook = await (opts.codebooks ?? new ProgramCodebooks()).get(pool, programId, version);
  } catch (err) {
    // The version was removed or extends a codebook this build does not ship: retrying cannot help.
    if (!(err instanceof DomainError)) throw err;
    await stopCodebookRun(pool, runId, 'failed', err.message);
    return progress(pool, runId);
  }

  const batchSize = opts.batchSize ?? 20;
  for (;;) {
    const coded = await withTransaction(pool, async (client) => {
      if (mode === 'apply') {
        // Held until commit: the active version cannot change between this check and the live writes below.
        const active = (await lockActiveCodebook(client, programId)) ?? CODEBOOK_VERSION;
        if (active !== version) {
          await stopCodebookRun(client, runId, 'superseded', `version ${active} was made active before this run finished`);
          return -1;
        }
      }
      const items = await claimRunItems(client, runId, batchSize);
      const inputs = await loadCodingInputs(client, items.map((i) => i.transcriptId));
      const dyads = new Set<string>();
      for (const item of items) {
        const input = inputs.get(item.transcriptId);
        if (!input || input.utterances.length === 0) {
          await finishRunItem(client, runId, item.transcriptId, { skipped: true });
          continue;
        }
        const { before, after, result } = recodeTranscript(input, codebook);
        const base = { transcriptId: input.transcriptId, revision: input.revision };
        if (before.version !== after.version) await storeVersionResults(client, { ...base, ...before });
        await storeVersionResults(client, { ...base, ...after });
        if (mode === 'apply') {
          await updateLiveCodes(client, input.transcriptId, after.tagged);
          await upsertSessionMetrics(client, {
            transcriptId: input.transcriptId,
            dyadId: input.dyadId,
            sessionDate: input.sessionDate,
            taggerVersion: after.version,
            metricsVersion: METRICS_VERSION,
            metrics: after.metrics,
          });
          dyads.add(input.dyadId);
        }
        await finishRunItem(client, runId, input.transcriptId, result);
      }
      // In id order, so two transactions never wait on each other's dyads.
      for (const dyadId of [...dyads].sort()) await recomputeDyadMetrics(client, dyadId);
      return items.length;
    });
    if (coded === -1) return progress(pool, runId);
    if (coded === 0) break;
    if (opts.onProgress) {
      const p = await progress(pool, runId);
      await opts.onProgress({ done: p.done, total: p.total });
    }
  }
  // Items another worker still holds: that worker finishes the run.
  if ((await countOpenRunItems(pool, runId)) === 0) {
    const comparison = await compareRun(pool, runId, version);
    await finishCodebookRun(pool, runId, comparison);
  }
  return progress(pool, runId);
}

async function progress(pool: Pool, runId: string): Promise<RecodeResult> {
  const r = await getCodebookRun(pool, runId);
  return r ? { status: r.status, done: r.done, total: r.total } : { status: 'missing', done: 0, total: 0 };
}

interface Side {
  version: string;
  tagged: TaggedUtterance[];
  metrics: ReturnType<typeof computeSessionMetrics>;
}

/** Both sides of one transcript: the live codes as stored, and the stored turns tagged again with `codebook`. */
export function recodeTranscript(input: CodingInput, codebook: Codebook): { before: Side; after: Side; result: RunItemResult } {
  const us = input.utterances;
  const first = us[0]?.start;
  const last = us.at(-1)?.end;
  // As the live job measures it: first turn's start to last turn's end, when both are known.
  const duration = first != null && last != null && last - first > 0 ? { durationSeconds: last - first } : {};
  const oldTagged: TaggedUtterance[] = us.map((u) => ({
    turn: u.turn,
    speaker: u.role,
    text: u.text,
    ...(u.start != null ? { start: u.start } : {}),
    ...(u.end != null ? { end: u.end } : {}),
    tags: u.tags,
    detail: u.detail,
    evidence: u.evidence,
    codebookVersion: input.taggerVersion,
  }));
  const newTagged = tagConversation(
    oldTagged.map((u) => ({ turn: u.turn, speaker: u.speaker, text: u.text, ...(u.start !== undefined ? { start: u.start } : {}), ...(u.end !== undefined ? { end: u.end } : {}) })),
    codebook,
  );
  const before: Side = { version: input.taggerVersion, tagged: oldTagged, metrics: computeSessionMetrics(oldTagged, duration) };
  const after: Side = { version: codebook.version, tagged: newTagged, metrics: computeSessionMetrics(newTagged, duration) };
  const flips: NonNullable<RunItemResult['flips']> = [];
  for (let i = 0; i < oldTagged.length; i++) {
    const o = oldTagged[i]!;
    const n = newTagged[i]!;
    for (const tag of TAG_NAMES) if (o.tags[tag] !== n.tags[tag]) flips.push({ turn: o.turn, tag, from: o.tags[tag], to: n.tags[tag] });
  }
  return {
    before,
    after,
    result: { skipped: false, oldVersion: before.version, oldCounts: before.metrics.counts, newCounts: after.metrics.counts, flips },
  };
}

/** Aggregate a finished run's items into its comparison, a page at a time. */
async function compareRun(pool: Pool, runId: string, toVersion: string): Promise<RunComparison> {
  const items: DoneRunItem[] = [];
  for (let after: string | null = null; ; ) {
    const page = await listDoneRunItems(pool, runId, after, 1000);
    items.push(...page);
    if (page.length < 1000) break;
    after = page.at(-1)!.transcriptId;
  }
  const run = await getCodebookRun(pool, runId);
  return buildComparison(items, toVersion, run?.skipped ?? 0);
}

/** Every Ratio leaf of the §6 rates as a path → ratio list (same order every time). */
function flatten(counts: SessionCounts): Map<string, { num: number; den: number; value: number | null }> {
  const out = new Map<string, { num: number; den: number; value: number | null }>();
  const walk = (node: unknown, path: string) => {
    if (node && typeof node === 'object' && 'num' in node && 'den' in node) {
      const r = node as { num: number; den: number; value: number | null };
      out.set(path, { num: r.num, den: r.den, value: r.value });
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(ratesFromCounts(counts), '');
  return out;
}

function metricChanges(oldCounts: SessionCounts, newCounts: SessionCounts, onlyChanged: boolean): MetricChange[] {
  const a = flatten(oldCounts);
  const b = flatten(newCounts);
  const out: MetricChange[] = [];
  for (const [metric, o] of a) {
    const n = b.get(metric)!;
    if (onlyChanged && o.num === n.num && o.den === n.den) continue;
    out.push({ metric, old: o, new: n, change: o.value !== null && n.value !== null ? n.value - o.value : null });
  }
  return out;
}

/** The comparison of a run from its coded items (pure; exported for tests). */
export function buildComparison(items: readonly DoneRunItem[], toVersion: string, skipped = 0): RunComparison {
  const flips = Object.fromEntries(TAG_NAMES.map((t) => [t, { toTrue: 0, toFalse: 0 }])) as RunComparison['flips'];
  const flippedUtterances: RunComparison['flippedUtterances'] = [];
  let flipTotal = 0;
  const byDyad = new Map<string, { key: string; old: SessionCounts[]; new: SessionCounts[] }>();
  for (const it of items) {
    for (const f of it.flips) {
      flips[f.tag][f.to ? 'toTrue' : 'toFalse'] += 1;
      if (++flipTotal <= FLIP_LIST_MAX) flippedUtterances.push({ transcriptId: it.transcriptId, dyadId: it.dyadId, ...f });
    }
    let d = byDyad.get(it.dyadId);
    if (!d) byDyad.set(it.dyadId, (d = { key: it.dyadKey, old: [], new: [] }));
    d.old.push(it.oldCounts);
    d.new.push(it.newCounts);
  }
  const dyads: RunComparison['dyads'] = [];
  const programOld: SessionCounts[] = [];
  const programNew: SessionCounts[] = [];
  for (const [dyadId, d] of [...byDyad].sort((x, y) => x[1].key.localeCompare(y[1].key))) {
    const o = sumCounts(d.old);
    const n = sumCounts(d.new);
    programOld.push(o);
    programNew.push(n);
    const metrics = metricChanges(o, n, true);
    if (metrics.length) dyads.push({ dyadId, dyadKey: d.key, sessions: d.old.length, metrics });
  }
  return {
    fromVersions: [...new Set(items.map((i) => i.oldVersion))].sort(),
    toVersion,
    transcripts: items.length,
    skippedTranscripts: skipped,
    flips,
    flippedUtterances,
    flippedUtterancesTruncated: flipTotal > FLIP_LIST_MAX,
    program: { sessions: items.length, metrics: metricChanges(sumCounts(programOld), sumCounts(programNew), false) },
    dyads,
    unchangedDyads: byDyad.size - dyads.length,
  };
}
