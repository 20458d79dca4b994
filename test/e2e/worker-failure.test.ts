/**
 * A job whose upload cannot be processed fails once (no retry loop), keeps the upload, and exposes the reason.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { JOBS, jobIdFor } from '@dyadic/jobs';
import { CODEBOOK_VERSION } from '@dyadic/tagging';
import { ensureDefaultProgram, findOrCreateDyad, insertTranscriptWithUpload } from '@dyadic/db';
import { startStack, waitForTranscript, type TestStack } from '../helpers/app.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ queue: 'redis' });
});
afterAll(async () => {
  await stack?.close();
});

it('marks a poison transcript failed with the reason and keeps its upload', async () => {
  // Stored directly (the API would refuse it): bytes that are not a transcript.
  const program = await ensureDefaultProgram(stack.db.pool);
  const dyad = await findOrCreateDyad(stack.db.pool, program.id, 'poison');
  const bytes = Buffer.from([0, 159, 146, 150, 0, 1, 2, 3, 255, 254, 0, 0, 7]);
  const t = await insertTranscriptWithUpload(stack.db.pool, {
    dyadId: dyad.id, sessionDate: '2026-06-01', filename: 'poison.bin', format: 'txt', sha256: 'x', speakerRoles: {}, content: bytes,
  });
  await stack.queue.add('process-transcript', { transcriptId: t.id }, { ...JOBS['process-transcript'].options, jobId: jobIdFor(t.id, CODEBOOK_VERSION) });
  const done = await waitForTranscript(stack, stack.adminKey, t.id);
  expect(done.status).toBe('failed');
  expect(done.error).toMatch(/poison\.bin/);
  const { rows } = await stack.db.pool.query('select attempts, (select size_bytes from uploads where transcript_id = $1) as size from transcripts where id = $1', [t.id]);
  expect(rows[0]).toEqual({ attempts: 1, size: bytes.length });
  const job = await stack.queue.getJob(jobIdFor(t.id, CODEBOOK_VERSION));
  expect(await job!.getState()).toBe('failed');
  expect(job!.failedReason).toMatch(/poison\.bin/);
});
