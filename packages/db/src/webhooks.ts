import type { Queryable } from './pool.js';

export const WEBHOOK_EVENTS = ['transcript.done', 'transcript.failed', 'dyad.alert'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookRow {
  id: string;
  programId: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  createdAt: string;
}

const COLUMNS = `id, program_id as "programId", url, events, active, created_at as "createdAt"`;

export async function createWebhook(db: Queryable, w: { programId: string; url: string; secret: string; events: WebhookEvent[] }): Promise<WebhookRow> {
  const { rows } = await db.query<WebhookRow>(
    `insert into webhooks (program_id, url, secret, events) values ($1, $2, $3, $4) returning ${COLUMNS}`,
    [w.programId, w.url, w.secret, w.events],
  );
  return rows[0]!;
}

export async function listWebhooks(db: Queryable, programId: string): Promise<WebhookRow[]> {
  const { rows } = await db.query<WebhookRow>(`select ${COLUMNS} from webhooks where program_id = $1 order by created_at`, [programId]);
  return rows;
}

export async function getWebhook(db: Queryable, id: string, programId: string | null): Promise<WebhookRow | null> {
  const { rows } = await db.query<WebhookRow>(`select ${COLUMNS} from webhooks where id = $1 and ($2::uuid is null or program_id = $2)`, [id, programId]);
  return rows[0] ?? null;
}

export async function deleteWebhook(db: Queryable, id: string): Promise<void> {
  await db.query('delete from webhooks where id = $1', [id]);
}

/** Record one pending delivery per active webhook of the program subscribed to the event; returns their ids. */
export async function createDeliveries(db: Queryable, programId: string, event: WebhookEvent, payload: object): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `insert into webhook_deliveries (webhook_id, event, payload)
     select id, $2, $3 from webhooks where program_id = $1 and active and $2 = any(events)
     returning id`,
    [programId, event, JSON.stringify(payload)],
  );
  return rows.map((r) => r.id);
}

export interface DeliveryTarget {
  id: string;
  event: WebhookEvent;
  payload: Record<string, unknown>;
  status: string;
  attempts: number;
  url: string;
  secret: string;
  createdAt: string;
}

export async function getDeliveryTarget(db: Queryable, id: string): Promise<DeliveryTarget | null> {
  const { rows } = await db.query<DeliveryTarget>(
    `select d.id, d.event, d.payload, d.status, d.attempts, w.url, w.secret, d.created_at as "createdAt"
     from webhook_deliveries d join webhooks w on w.id = d.webhook_id where d.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function recordDeliveryAttempt(
  db: Queryable,
  id: string,
  r: { status: 'pending' | 'delivered' | 'failed'; responseStatus: number | null; error: string | null },
): Promise<void> {
  await db.query(
    `update webhook_deliveries set attempts = attempts + 1, status = $2, response_status = $3, error = $4,
       delivered_at = case when $2 = 'delivered' then now() else delivered_at end
     where id = $1`,
    [id, r.status, r.responseStatus, r.error?.slice(0, 500) ?? null],
  );
}

export interface DeliveryRow {
  id: string;
  event: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export async function listDeliveries(db: Queryable, webhookId: string, limit: number): Promise<DeliveryRow[]> {
  const { rows } = await db.query<DeliveryRow>(
    `select id, event, status, attempts, response_status as "responseStatus", error, created_at as "createdAt",
       delivered_at as "deliveredAt"
     from webhook_deliveries where webhook_id = $1 order by created_at desc, id limit $2`,
    [webhookId, limit],
  );
  return rows;
}
