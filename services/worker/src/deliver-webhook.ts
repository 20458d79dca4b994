import { getDeliveryTarget, recordDeliveryAttempt, type Pool } from '@dyadic/db';
import { signWebhook } from '@dyadic/jobs';

export type DeliveryResult = { status: 'delivered'; responseStatus: number } | { status: 'skipped'; reason: string };

/**
 * POST one webhook delivery, signed with the webhook's secret. A non-2xx answer or a network error throws, so the
 * queue retries with backoff; every attempt is written to the delivery log. `finalAttempt` marks it failed for good.
 */
export async function deliverWebhook(pool: Pool, deliveryId: string, opts: { finalAttempt: boolean; timeoutMs?: number }): Promise<DeliveryResult> {
  const d = await getDeliveryTarget(pool, deliveryId);
  if (!d) return { status: 'skipped', reason: 'delivery no longer exists' };
  if (d.status === 'delivered') return { status: 'skipped', reason: 'already delivered' };
  const body = JSON.stringify({ id: d.id, event: d.event, createdAt: new Date(d.createdAt).toISOString(), data: d.payload });
  const timestamp = Math.floor(Date.now() / 1000);
  let responseStatus: number | null = null;
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Dyadic-Webhooks/1',
        'x-dyadic-event': d.event,
        'x-dyadic-delivery': d.id,
        'x-dyadic-signature': signWebhook(d.secret, body, timestamp),
      },
    });
    responseStatus = res.status;
    await res.body?.cancel().catch(() => {});
    if (res.status < 200 || res.status >= 300) throw new Error(`receiver answered ${res.status}`);
  } catch (err) {
    const error = (err as Error).message;
    await recordDeliveryAttempt(pool, d.id, { status: opts.finalAttempt ? 'failed' : 'pending', responseStatus, error });
    throw err;
  }
  await recordDeliveryAttempt(pool, d.id, { status: 'delivered', responseStatus, error: null });
  return { status: 'delivered', responseStatus: responseStatus! };
}
