import { DomainError, type Role } from '@dyadic/domain';
import {
  claimTranscript,
  codebookFor,
  completeTranscript,
  createDeliveries,
  failTranscript,
  getTranscript,
  lockActiveCodebook,
  recomputeDyadMetrics,
  replaceUtterances,
  upsertSessionMetrics,
  withTransaction,
  type Pool,
  type Queryable,
} from '@dyadic/db';
import { taggingSeconds, utterancesTagged } from '@dyadic/telemetry';
import { parseTranscript } from '@dyadic/transcript';
import { CODEBOOK_VERSION, tagConversation, type Codebook, type UtteranceInput } from '@dyadic/tagging';
import { computeSessionMetrics, METRICS_VERSION } from '@dyadic/metrics';

export type ProcessResult =
  | { status: 'done'; utterances: number; deliveries: string[] }
  | { status: 'skipped'; reason: string; deliveries: string[] };

/** Input the pipeline can never process (unparseable, roles missing): fail at once, never retry. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/**
 * Compiled codebooks by program and version. A version's terms never change (its name is their hash), so an entry
 * never goes stale; only which version is active changes, and that is read from the database on every job.
 */
export class ProgramCodebooks {
  private readonly cache = new Map<string, Codebook>();
  constructor(private readonly max = 200) {}

  /** The program's codebook `version` (null = the shipped one). */
  async get(db: Queryable, programId: string, version: string | null): Promise<Codebook> {
    const v = version ?? CODEBOOK_VERSION;
    const key = v === CODEBOOK_VERSION ? v : `${programId} ${v}`;
    let cb = this.cache.get(key);
    if (!cb) {
      cb = await codebookFor(db, programId, v);
      if (this.cache.size >= this.max) this.cache.clear();
      this.cache.set(key, cb);
    }
    return cb;
  }

  /** Seed an entry (a codebook the caller compiled already). */
  prime(programId: string, cb: Codebook): this {
    this.cache.set(cb.version === CODEBOOK_VERSION ? cb.version : `${programId} ${cb.version}`, cb);
    return this;
  }
}

/**
 * The whole job for one transcript: parse the stored upload, tag it with the program's ACTIVE codebook version,
 * compute session metrics, and replace the transcript's utterances and metrics in one transaction. Idempotent: running
 * it again for the same transcript and codebook leaves the same rows (replace, not append), so a retried or duplicated
 * job never double-counts.
 *
 * The active version is checked again under a share lock on the program row inside the writing transaction: if it
 * changed while tagging (PUT .../codebooks/active), the turns are tagged again, so live rows are never written with a
 * version that is no longer active. `codebooks` may be a ProgramCodebooks cache, or (tests, benchmarks) one compiled
 * codebook, which is used whenever it is the active version.
 */
export async function processTranscript(
  pool: Pool,
  transcriptId: string,
  codebooks: ProgramCodebooks | Codebook = new ProgramCodebooks(),
): Promise<ProcessResult> {
  const t = await claimTranscript(pool, transcriptId);
  if (!t) return { status: 'skipped', reason: 'transcript no longer exists', deliveries: [] };
  const cache = codebooks instanceof ProgramCodebooks ? codebooks : new ProgramCodebooks().prime(t.programId, codebooks);

  let parsed;
  try {
    parsed = await parseTranscript(new Uint8Array(t.content), { filename: t.filename });
  } catch (err) {
    if (err instanceof DomainError) throw new PermanentJobError(`${t.filename}: ${err.message}`);
    throw err;
  }
  const roleOf = (speaker: string): Role => t.speakerRoles[speaker] ?? 'other';
  const input: UtteranceInput[] = parsed.turns.map((turn) => ({
    turn: turn.index,
    speaker: roleOf(turn.speaker),
    text: turn.text,
    ...(turn.start !== undefined ? { start: turn.start } : {}),
    ...(turn.end !== undefined ? { end: turn.end } : {}),
  }));
  const last = parsed.turns.at(-1);
  const first = parsed.turns[0];
  const duration = first?.start !== undefined && last?.end !== undefined ? last.end - first.start : undefined;
  const tag = (codebook: Codebook) => {
    const t0 = process.hrtime.bigint();
    const tagged = tagConversation(input, codebook);
    taggingSeconds.inc(Number(process.hrtime.bigint() - t0) / 1e9);
    utterancesTagged.inc(tagged.length);
    return { codebook, tagged, metrics: computeSessionMetrics(tagged, duration !== undefined && duration > 0 ? { durationSeconds: duration } : {}) };
  };
  // A missing or unusable active version (see codebookFor) is a setup problem retries cannot fix.
  const resolve = (db: Queryable, version: string | null) =>
    cache.get(db, t.programId, version).catch((err: unknown) => {
      throw err instanceof DomainError ? new PermanentJobError(`codebook: ${err.message}`) : err;
    });
  // Tag outside the transaction (CPU), then confirm the version inside it.
  let result = tag(await resolve(pool, await activeVersion(pool, t.programId)));

  const deliveries = await withTransaction(pool, async (client) => {
    const active = (await lockActiveCodebook(client, t.programId)) ?? CODEBOOK_VERSION;
    if (active !== result.codebook.version) result = tag(await resolve(client, active));
    const { tagged, metrics } = result;
    const version = result.codebook.version;
    await replaceUtterances(
      client,
      t.id,
      tagged.map((u, i) => ({ speakerName: parsed.turns[i]!.speaker, tagged: u })),
    );
    await upsertSessionMetrics(client, {
      transcriptId: t.id,
      dyadId: t.dyadId,
      sessionDate: t.sessionDate,
      taggerVersion: version,
      metricsVersion: METRICS_VERSION,
      metrics,
    });
    await completeTranscript(client, t.id, { taggerVersion: version, utteranceCount: tagged.length });
    const alerts = await recomputeDyadMetrics(client, t.dyadId);
    const ids = await createDeliveries(client, t.programId, 'transcript.done', {
      transcriptId: t.id,
      dyadId: t.dyadId,
      dyadKey: t.dyadKey,
      sessionDate: t.sessionDate,
      utterances: tagged.length,
      taggerVersion: version,
    });
    const fresh = alerts.after.filter((code) => !alerts.before.includes(code));
    if (fresh.length) {
      ids.push(...(await createDeliveries(client, t.programId, 'dyad.alert', { dyadId: t.dyadId, dyadKey: t.dyadKey, alerts: fresh, transcriptId: t.id })));
    }
    return ids;
  });
  return { status: 'done', utterances: result.tagged.length, deliveries };
}

async function activeVersion(db: Queryable, programId: string): Promise<string | null> {
  const { rows } = await db.query<{ v: string | null }>('select codebook_version as v from programs where id = $1', [programId]);
  return rows[0]?.v ?? null;
}

/**
 * Record why a transcript failed so the uploader can read it on GET /transcripts/:id, and announce it to the
 * program's webhooks. Returns the delivery ids to enqueue.
 */
export async function recordFailure(pool: Pool, transcriptId: string, err: unknown): Promise<string[]> {
  const message = err instanceof PermanentJobError ? err.message : `processing failed: ${(err as Error).message ?? String(err)}`;
  return withTransaction(pool, async (client) => {
    await failTranscript(client, transcriptId, message);
    const t = await getTranscript(client, transcriptId, null);
    if (!t) return [];
    await recomputeDyadMetrics(client, t.dyadId);
    return createDeliveries(client, t.programId, 'transcript.failed', {
      transcriptId: t.id,
      dyadId: t.dyadId,
      dyadKey: t.dyadKey,
      sessionDate: t.sessionDate,
      error: message,
    });
  });
}
