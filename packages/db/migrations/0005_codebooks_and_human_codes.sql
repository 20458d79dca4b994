-- Program codebooks: a program's own terms added to the shipped codebook make a version of its own
-- (`0.2.0+custom.<hash>`, see loadCodebook). The terms are kept so any version can be rebuilt exactly.
create table program_codebooks (
  program_id uuid not null references programs(id) on delete cascade,
  version text not null,
  base_version text not null,
  extra_terms jsonb not null,
  note text,
  created_at timestamptz not null default now(),
  primary key (program_id, version)
);
-- The version new uploads of the program are tagged with; null = the shipped codebook.
alter table programs add column codebook_version text;

-- Human codes imported by researchers, per utterance and coder; a null code was not coded (not scored).
create table human_codes (
  transcript_id uuid not null references transcripts(id) on delete cascade,
  turn integer not null,
  coder text not null default 'human' check (length(coder) between 1 and 80),
  self_disclosure boolean,
  emotion boolean,
  advice boolean,
  reciprocated_disclosure boolean,
  source text,
  imported_at timestamptz not null default now(),
  primary key (transcript_id, turn, coder)
);
