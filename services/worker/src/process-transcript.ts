import { DomainError, type Role } from '@dyadic/domain';
import {
  claimTranscript,
  completeTranscript,
  createDeliveries,
  failTranscript,
  getTranscript,
  recomputeDyadMetrics,
  replaceUtterances,
  upsertSessionMetrics,
  withTransaction,
  type Pool,
} from '@dyadic/db';
import { taggingSeconds, utterancesTagged } from '@dyadic/telemetry';
import { parseTranscript } from '@dyadic/transcript';
import { tagConversation, type Codebook, type UtteranceInput } from '@dyadic/tagging';
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
 * The whole job for one transcript: parse the stored upload, tag it, compute session metrics, and replace the
 * transcript's utterances and metrics in one transaction. Idempotent: running it again for the same transcript and
 * codebook leaves the same rows (replace, not append), so a retried or duplicated job never double-counts.
 */
export async function processTranscript(
  pool: Pool,
  transcriptId: string,
  codebook: Codebook,
): Promise<ProcessResult> {
  const t = await claimTranscript(pool, transcriptId);
  if (!t) return { status: 'skipped', reason: 'transcript no longer exists', deliveries: [] };

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
  const t0 = process.hrtime.bigint();
  const tagged = tagConversation(input, codebook);
  taggingSeconds.inc(Number(process.hrtime.bigint() - t0) / 1e9);
  utterancesTagged.inc(tagged.length);
  const last = parsed.turns.at(-1);
  const first = parsed.turns[0];
  const duration = first?.start !== undefined && last?.end !== undefined ? last.end - first.start : undefined;
  const metrics = computeSessionMetrics(tagged, duration !== undefined && duration > 0 ? { durationSeconds: duration } : {});
  const version = codebook.version;

  const deliveries = await withTransaction(pool, async (client) => {
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
  return { status: 'done', utterances: tagged.length, deliveries };
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
