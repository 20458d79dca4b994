-- The overview shows only each trend's direction and slope: keep that small summary beside the full trends, so a
-- page of the overview never reads the per-session points.
alter table dyad_metrics add column trend_brief jsonb not null default '{}';
update dyad_metrics m set trend_brief = coalesce((
  select jsonb_object_agg(t.key, jsonb_build_object('slope', t.value->'slope', 'direction', t.value->'direction',
    'insufficientSessions', t.value->'insufficientSessions', 'n', t.value->'n'))
  from jsonb_each(m.trends) t), '{}');
