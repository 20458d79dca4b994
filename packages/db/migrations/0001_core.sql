-- Core schema: programs → dyads → transcripts (one per session) → utterances, with the stored upload and session metrics.

create table programs (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text not null,
  settings jsonb not null default '{}',
  created_at timestamptz not null default now()
);

-- API keys are stored as a scrypt hash; `prefix` (public, 8 chars) finds the row, the hash proves the secret.
create table api_keys (
  id uuid primary key default gen_random_uuid(),
  program_id uuid references programs(id) on delete cascade, -- null = every program (the bootstrap admin)
  role text not null check (role in ('admin', 'researcher', 'staff', 'integration')),
  name text not null,
  prefix text not null unique,
  key_hash text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

create table dyads (
  id uuid primary key default gen_random_uuid(),
  program_id uuid not null references programs(id) on delete cascade,
  key text not null check (length(key) between 1 and 120),
  -- Remembered speaker mapping: speakerKey → role, so later sessions with the same names need no fields.
  speaker_roles jsonb not null default '{}',
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  unique (program_id, key)
);

create table transcripts (
  id uuid primary key default gen_random_uuid(),
  dyad_id uuid not null references dyads(id) on delete cascade,
  session_date date not null,
  filename text not null,
  format text not null,
  content_sha256 text not null,
  -- Speaker name → role resolved at upload time (fields, remembered mapping or labels in the file).
  speaker_roles jsonb not null,
  status text not null default 'queued' check (status in ('queued', 'processing', 'done', 'failed')),
  error text,
  tagger_version text,
  utterance_count integer,
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  processed_at timestamptz,
  -- The same file uploaded twice for the same session is one transcript, not two.
  unique (dyad_id, session_date, content_sha256)
);
create index transcripts_dyad_date on transcripts (dyad_id, session_date, created_at);
create index transcripts_status on transcripts (status) where status in ('queued', 'processing');

-- The original bytes, kept so a job can always be re-run (and a failed one inspected).
create table uploads (
  transcript_id uuid primary key references transcripts(id) on delete cascade,
  content bytea not null,
  size_bytes integer not null,
  created_at timestamptz not null default now()
);

create table utterances (
  transcript_id uuid not null references transcripts(id) on delete cascade,
  turn integer not null,
  speaker text not null,
  role text not null check (role in ('mentor', 'mentee', 'other')),
  text text not null,
  start_s double precision,
  end_s double precision,
  self_disclosure boolean not null,
  emotion boolean not null,
  advice boolean not null,
  reciprocated_disclosure boolean not null,
  detail jsonb not null,
  evidence jsonb not null,
  primary key (transcript_id, turn)
);

create table session_metrics (
  transcript_id uuid primary key references transcripts(id) on delete cascade,
  dyad_id uuid not null references dyads(id) on delete cascade,
  session_date date not null,
  tagger_version text not null,
  metrics_version text not null,
  metrics jsonb not null,
  computed_at timestamptz not null default now()
);
create index session_metrics_dyad on session_metrics (dyad_id, session_date);
