import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature.js';

describe('webhook signatures', () => {
  const body = '{"event":"transcript.done","data":{"transcriptId":"x"}}';
  it('is an HMAC-SHA256 of "<t>.<body>" computed independently', () => {
    const expected = createHmac('sha256', 'whsec_test').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('whsec_test', body, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });
  it('verifies its own signature and rejects tampering, other secrets and old timestamps', () => {
    const h = signWebhook('s3cret', body, 1700000000);
    expect(verifyWebhook('s3cret', body, h, { now: 1700000010 })).toBe(true);
    expect(verifyWebhook('s3cret', body.replace('done', 'failed'), h, { now: 1700000010 })).toBe(false);
    expect(verifyWebhook('other', body, h, { now: 1700000010 })).toBe(false);
    expect(verifyWebhook('s3cret', body, h, { now: 1700000000 + 3600 })).toBe(false);
    expect(verifyWebhook('s3cret', body, 'garbage', { now: 1700000010 })).toBe(false);
  });
});
