/**
 * Upload → queue (Redis) → worker → Postgres → API, against the machine's real Postgres and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processTranscript } from '@dyadic/worker';
import { loadCodebook } from '@dyadic/tagging';
import { fixture, getJson, startStack, upload, waitForTranscript, type TestStack } from '../helpers/app.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ queue: 'redis' });
});
afterAll(async () => {
  await stack?.close();
});

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await stack.db.pool.query<{ n: string }>(sql, params);
  return Number(rows[0]!.n);
}

describe('three sessions of one dyad', () => {
  const ids: string[] = [];

  it('accepts each upload with 202 and processes it', async () => {
    for (const [i, date] of ['2026-01-05', '2026-01-12', '2026-01-19'].entries()) {
      const res = await upload(stack, stack.adminKey, { name: `session-${i + 1}.txt`, data: await fixture(`dyad-07/session-${i + 1}.txt`) }, { dyad: 'dyad-07', sessionDate: date });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(res.body).toMatchObject({ status: 'queued', duplicate: false, format: 'txt' });
      expect(res.headers.get('location')).toBe(`/api/v1/transcripts/${res.body.id}`);
      expect(res.body.speakers).toEqual(expect.arrayContaining([{ name: 'Mentor', role: 'mentor' }, { name: 'Mentee', role: 'mentee' }]));
      ids.push(res.body.id);
    }
    for (const id of ids) {
      const t = await waitForTranscript(stack, stack.adminKey, id);
      expect(t.status, t.error).toBe('done');
      expect(t.utterances).toBe(9);
    }
  });

  it('returns three rows of session metrics in date order', async () => {
    const found = await getJson(stack, stack.adminKey, '/api/v1/dyads?key=dyad-07');
    expect(found.status).toBe(200);
    expect(found.body.items).toHaveLength(1);
    const dyadId = found.body.items[0].id;
    const { status, body } = await getJson(stack, stack.adminKey, `/api/v1/dyads/${dyadId}/metrics`);
    expect(status).toBe(200);
    expect(body.sessions.map((s: any) => s.sessionDate)).toEqual(['2026-01-05', '2026-01-12', '2026-01-19']);
    for (const s of body.sessions) {
      expect(s.status).toBe('done');
      // Each fixture has 5 mentor and 4 mentee turns.
      expect(s.metrics.counts.utterances).toMatchObject({ mentor: 5, mentee: 4, other: 0, total: 9 });
      const sd = s.metrics.rates.sdRatePer100.mentee;
      expect(sd.den).toBe(4);
      expect(sd.num).toBe(s.metrics.counts.selfDisclosures.mentee);
      expect(sd.lowCount).toBe(true);
    }
    // Every session has mentee disclosures ("I was nervous the first day", "I felt sad all day", "I'm happy").
    expect(body.sessions.every((s: any) => s.metrics.counts.selfDisclosures.mentee >= 2)).toBe(true);
    expect(body.summary.sessions).toBe(3);
    expect(body.summary.pooledCounts.utterances.total).toBe(27);
    expect(body.trends.sdRatePer100Dyad ?? body.trends).toBeDefined();
  });

  it('shows the tags and evidence spans of each utterance', async () => {
    const { status, body } = await getJson(stack, stack.adminKey, `/api/v1/transcripts/${ids[0]}/utterances`);
    expect(status).toBe(200);
    expect(body.utterances).toHaveLength(9);
    const nervous = body.utterances.find((u: any) => u.text.includes('nervous the first day'));
    expect(nervous).toMatchObject({ speaker: 'Mentee', role: 'mentee' });
    expect(nervous.tags.selfDisclosure).toBe(true);
    expect(nervous.tags.emotion).toBe(true);
    for (const u of body.utterances) {
      for (const e of u.evidence) {
        expect(e.start).toBeGreaterThanOrEqual(0);
        expect(e.end).toBeLessThanOrEqual(u.text.length);
        expect(e.end).toBeGreaterThan(e.start);
        expect(typeof e.rule).toBe('string');
      }
      if (u.tags.selfDisclosure) expect(u.evidence.some((e: any) => e.tag === 'selfDisclosure')).toBe(true);
    }
  });

  it('does not double-count a re-upload or a re-run job', async () => {
    const before = await count('select count(*) as n from utterances');
    const again = await upload(stack, stack.adminKey, { name: 'session-1.txt', data: await fixture('dyad-07/session-1.txt') }, { dyad: 'dyad-07', sessionDate: '2026-01-05' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: ids[0], duplicate: true });
    expect(await count('select count(*) as n from transcripts')).toBe(3);

    // Run the job for an already-processed transcript again, as a retry or a duplicate delivery would.
    const result = await processTranscript(stack.db.pool, ids[0]!, loadCodebook());
    expect(result).toEqual({ status: 'done', utterances: 9, deliveries: [] });
    expect(await count('select count(*) as n from utterances')).toBe(before);
    expect(await count('select count(*) as n from session_metrics')).toBe(3);
  });

  it('keeps the original upload of each transcript', async () => {
    const { rows } = await stack.db.pool.query('select t.id, u.size_bytes from transcripts t join uploads u on u.transcript_id = t.id');
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.size_bytes > 100)).toBe(true);
  });

  it('remembers the speaker mapping for later sessions of the same dyad', async () => {
    const text = 'Sam: How did the bus ride go?\nJordan: Good. I was not scared.\nSam: Nice.\n';
    const first = await upload(stack, stack.adminKey, { name: 'named.txt', data: text }, { dyad: 'dyad-12', sessionDate: '2026-02-01', mentor: 'Sam', mentee: 'Jordan' });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const second = await upload(stack, stack.adminKey, { name: 'named-2.txt', data: text.replace('bus ride', 'class') }, { dyad: 'dyad-12', sessionDate: '2026-02-08' });
    expect(second.status, JSON.stringify(second.body)).toBe(202);
    expect(second.body.speakers).toEqual(expect.arrayContaining([{ name: 'Sam', role: 'mentor' }, { name: 'Jordan', role: 'mentee' }]));
    const other = await upload(stack, stack.adminKey, { name: 'named-3.txt', data: text }, { dyad: 'dyad-13', sessionDate: '2026-02-08' });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/problems/speaker-roles-needed');
    expect(other.body.detail).toContain('Sam');
  });
});
