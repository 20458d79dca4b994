-- Codebook re-runs: re-tag a program's stored utterances under one codebook version in the background, keep the
-- results of every version side by side, and compare them with what the live tables held. See docs/codebook-versions.md.

-- One re-run of a program's corpus. `compare` stores the version's results next to the live ones; `apply` also writes
-- them into the live tables (utterances, session_metrics, dyad_metrics): it is what making a version active queues.
create table codebook_runs (
  id uuid primary key default gen_random_uuid(),
  program_id uuid not null references programs(id) on delete cascade,
  version text not null,
  mode text not null check (mode in ('compare', 'apply')),
  -- superseded: an apply run whose version stopped being the program's active one before it finished.
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed', 'superseded')),
  error text,
  -- Old → new per metric (pooled per dyad and program-wide) and the tag flips, written once when the run finishes.
  comparison jsonb,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index codebook_runs_program on codebook_runs (program_id, created_at desc);
-- Asking for the same re-run while one is unfinished returns that run instead of starting a second.
create unique index codebook_runs_open on codebook_runs (program_id, version, mode) where status in ('queued', 'running');

-- The transcripts a run covers (fixed when it starts) and, once coded, what changed in each. A retried job skips the
-- items already done, so progress is never counted twice.
create table codebook_run_items (
  run_id uuid not null references codebook_runs(id) on delete cascade,
  transcript_id uuid not null references transcripts(id) on delete cascade,
  dyad_id uuid not null,
  done_at timestamptz,
  -- The transcript had no stored utterances when its turn came (replaced or being reprocessed).
  skipped boolean not null default false,
  -- The live version the "old" side was read from, and both sides' session counts (packages/metrics SessionCounts).
  old_version text,
  old_counts jsonb,
  new_counts jsonb,
  -- [{turn, tag, from, to}] for each utterance code that differs between the two sides.
  flips jsonb,
  primary key (run_id, transcript_id)
);
create index codebook_run_items_todo on codebook_run_items (run_id, transcript_id) where done_at is null;

-- Per-version results, so every version's codes stay readable after another one becomes live. One set per
-- (transcript, version): recoding again replaces it. `revision` is the transcript revision that was coded.
create table utterance_codes (
  transcript_id uuid not null references transcripts(id) on delete cascade,
  codebook_version text not null,
  turn integer not null,
  self_disclosure boolean not null,
  emotion boolean not null,
  advice boolean not null,
  reciprocated_disclosure boolean not null,
  detail jsonb not null,
  evidence jsonb not null,
  primary key (transcript_id, codebook_version, turn)
);

create table session_metrics_versions (
  transcript_id uuid not null references transcripts(id) on delete cascade,
  codebook_version text not null,
  revision integer not null,
  metrics_version text not null,
  metrics jsonb not null,
  computed_at timestamptz not null default now(),
  primary key (transcript_id, codebook_version)
);
