-- Keep the table the overview sorts narrow (numbers and codes only) and move the JSON a dyad page shows into its own
-- table: sorting 10,000 dyads then reads ~1 MB instead of every dyad's JSON.
create table dyad_metrics_detail (
  dyad_id uuid primary key references dyads(id) on delete cascade,
  summary jsonb not null,
  trends jsonb not null,
  trend_brief jsonb not null,
  alerts jsonb not null,
  latest jsonb
);
insert into dyad_metrics_detail (dyad_id, summary, trends, trend_brief, alerts, latest)
  select dyad_id, summary, trends, trend_brief, alerts, latest from dyad_metrics;
alter table dyad_metrics add column alert_codes text[] not null default '{}';
update dyad_metrics set alert_codes = array(select a->>'code' from jsonb_array_elements(alerts) a);
alter table dyad_metrics drop column summary, drop column trends, drop column trend_brief, drop column alerts, drop column latest;
