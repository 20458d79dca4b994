-- Programs API: dyad labels, stored dyad metrics for the overview, webhooks with a delivery log, audit log.

alter table dyads add column label text check (label is null or length(label) between 1 and 200);
alter table dyads add column updated_at timestamptz not null default now();

-- Dyad metrics, recomputed whenever one of its sessions is added, replaced, processed or deleted. The overview reads
-- only this table, so it stays fast at 10,000+ dyads.
create table dyad_metrics (
  dyad_id uuid primary key references dyads(id) on delete cascade,
  program_id uuid not null references programs(id) on delete cascade,
  session_count integer not null,
  processed_count integer not null,
  first_session_date date,
  last_session_date date,
  summary jsonb not null,
  trends jsonb not null,
  -- Alerts that depend only on the sessions (time-based ones are added at read time).
  alerts jsonb not null,
  alert_count integer not null,
  -- Sortable copies of the latest processed session's key rates and the trend slopes.
  latest jsonb not null,
  sd_rate double precision,
  emotion_share double precision,
  advice_after_rate double precision,
  reciprocation_rate double precision,
  sd_slope double precision,
  reciprocation_slope double precision,
  updated_at timestamptz not null default now()
);
create index dyad_metrics_program on dyad_metrics (program_id, dyad_id);
create index dyad_metrics_last_date on dyad_metrics (program_id, last_session_date);

create table webhooks (
  id uuid primary key default gen_random_uuid(),
  program_id uuid not null references programs(id) on delete cascade,
  url text not null check (url ~ '^https?://'),
  -- Needed in clear to sign deliveries (HMAC); shown once at creation, never returned again.
  secret text not null,
  events text[] not null,
  active boolean not null default true,
  created_at timestamptz not null default now()
);
create index webhooks_program on webhooks (program_id) where active;

create table webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  webhook_id uuid not null references webhooks(id) on delete cascade,
  event text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  response_status integer,
  error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index webhook_deliveries_webhook on webhook_deliveries (webhook_id, created_at desc);

-- Who did what to which object: never any transcript content.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  api_key_id uuid, -- no FK: the record outlives a revoked or deleted key
  program_id uuid,
  action text not null,
  object_type text not null,
  object_id text,
  detail jsonb not null default '{}'
);
create index audit_log_at on audit_log (at desc);
create index audit_log_program on audit_log (program_id, at desc);

-- A replaced transcript is processed again under a new job id.
alter table transcripts add column revision integer not null default 1;
