import { describe, expect, it } from 'vitest';
import type { AlertCode } from './alerts.js';
import { computeAlerts, DEFAULT_ALERT_SETTINGS } from './alerts.js';
import type { SessionSpec } from './testing.js';
import { record } from './testing.js';
import type { SessionRecord } from './types.js';

/** Weekly sessions from 2026-01-05 on; `now` is two days after the last one, so no_recent_session stays quiet. */
function history(...specs: SessionSpec[]): { sessions: SessionRecord[]; now: Date } {
  const sessions = specs.map((spec, i) => record(`s${i + 1}`, `2026-01-${String(5 + 7 * i).padStart(2, '0')}`, spec));
  const last = Date.parse(sessions[sessions.length - 1]?.sessionDate ?? '2026-01-05');
  return { sessions, now: new Date(last + 2 * 24 * 3600 * 1000) };
}

function codes(h: { sessions: SessionRecord[]; now: Date }, settings = DEFAULT_ALERT_SETTINGS): AlertCode[] {
  return computeAlerts(h.sessions, settings, h.now).map((a) => a.code);
}

/** Enough mentee disclosures (5) that low_evidence stays quiet. */
const steady: SessionSpec = { menteeSd: 5, reciprocated: 2, mentorSd: 1 };

describe('reciprocation_falling', () => {
  it('fires when reciprocation fell in each of the last 3 calls (4 values), explained with the values', () => {
    const h = history(
      { menteeSd: 4, reciprocated: 3 },
      { menteeSd: 4, reciprocated: 2 },
      { menteeSd: 4, reciprocated: 1 },
      { menteeSd: 4, reciprocated: 0 },
    );
    const alert = computeAlerts(h.sessions, DEFAULT_ALERT_SETTINGS, h.now).find((a) => a.code === 'reciprocation_falling');
    expect(alert?.severity).toBe('warning');
    expect(alert?.message).toContain('In each of the last 3 calls, the mentor shared a similar experience back less often');
    expect(alert?.message).toContain('75% → 50% → 25% → 0%');
    expect(alert?.message).toContain('fewer than 5'); // each call had only 4 such moments
    expect(alert?.evidence.sessionIds).toEqual(['s1', 's2', 's3', 's4']);
    expect(alert?.evidence.values?.map((v) => [v.num, v.den])).toEqual([[3, 4], [2, 4], [1, 4], [0, 4]]);
  });

  it('stays silent when one step is level, or with too few calls', () => {
    const level = history(
      { menteeSd: 4, reciprocated: 3 },
      { menteeSd: 4, reciprocated: 2 },
      { menteeSd: 4, reciprocated: 2 },
      { menteeSd: 4, reciprocated: 0 },
    );
    expect(codes(level)).not.toContain('reciprocation_falling');
    const short = history({ menteeSd: 4, reciprocated: 2 }, { menteeSd: 4, reciprocated: 1 }, { menteeSd: 4 });
    expect(codes(short)).not.toContain('reciprocation_falling');
  });

  it('skips calls without mentee disclosures and follows the setting', () => {
    const h = history(
      { menteeSd: 4, reciprocated: 2 },
      { menteeSd: 0, menteeOther: 2 },
      { menteeSd: 4, reciprocated: 1 },
      { menteeSd: 4 },
    );
    expect(codes(h, { ...DEFAULT_ALERT_SETTINGS, reciprocationFallingSessions: 2 })).toContain('reciprocation_falling');
    expect(codes(h)).not.toContain('reciprocation_falling'); // only 3 defined values for the default 3 falls
  });
});

describe('mentee_disclosure_zero', () => {
  it('fires when the latest call has no mentee disclosure after earlier ones', () => {
    const h = history(steady, { menteeSd: 3 }, { menteeSd: 0, menteeOther: 6 });
    const alerts = computeAlerts(h.sessions, DEFAULT_ALERT_SETTINGS, h.now);
    const zero = alerts.find((a) => a.code === 'mentee_disclosure_zero');
    expect(zero?.message).toBe(
      'In the latest call (2026-01-19) the mentee did not share anything about themselves. ' +
        'In the call on 2026-01-12 they did, 3 times.',
    );
    expect(zero?.evidence.sessionIds).toEqual(['s2', 's3']);
    expect(alerts.map((a) => a.code)).not.toContain('low_evidence'); // would only repeat it
  });

  it('stays silent when the mentee never disclosed, still discloses, or the setting is off', () => {
    expect(codes(history({ menteeSd: 0, menteeOther: 3 }, { menteeSd: 0, menteeOther: 3 }))).not.toContain(
      'mentee_disclosure_zero',
    );
    expect(codes(history(steady, steady))).not.toContain('mentee_disclosure_zero');
    const off = { ...DEFAULT_ALERT_SETTINGS, menteeDisclosureZero: false };
    expect(codes(history(steady, { menteeSd: 0, menteeOther: 3 }), off)).not.toContain('mentee_disclosure_zero');
  });
});

describe('no_recent_session', () => {
  const sessions = [record('s1', '2026-01-01', steady)];

  it('fires when the last call is 3 or more weeks before now', () => {
    const alerts = computeAlerts(sessions, DEFAULT_ALERT_SETTINGS, new Date('2026-01-25T12:00:00Z')); // 24.5 days
    expect(alerts.map((a) => a.code)).toEqual(['no_recent_session']);
    expect(alerts[0]?.message).toBe('There has been no recorded call for 3 weeks (the last one was on 2026-01-01).');
  });

  it('stays silent within 3 weeks, when turned off, or without sessions', () => {
    expect(computeAlerts(sessions, DEFAULT_ALERT_SETTINGS, new Date('2026-01-20T00:00:00Z'))).toEqual([]);
    const off = { ...DEFAULT_ALERT_SETTINGS, noSessionWeeks: 0 };
    expect(computeAlerts(sessions, off, new Date('2026-06-01T00:00:00Z'))).toEqual([]);
    expect(computeAlerts([], DEFAULT_ALERT_SETTINGS, new Date('2026-06-01T00:00:00Z'))).toEqual([]);
  });
});

describe('low_evidence', () => {
  it('notes a latest call with fewer than 5 mentee disclosures', () => {
    const h = history(steady, { menteeSd: 2, reciprocated: 1 });
    const alert = computeAlerts(h.sessions, DEFAULT_ALERT_SETTINGS, h.now).find((a) => a.code === 'low_evidence');
    expect(alert?.severity).toBe('info');
    expect(alert?.message).toContain('had only 2 moments where the mentee shared something about themselves');
  });

  it('stays silent with 5 or more', () => {
    expect(codes(history(steady, steady))).toEqual([]);
  });
});

describe('mentor_dominates_sharing', () => {
  it('notes a latest call where the mentor made at least 80% of the disclosures', () => {
    // mentee 1, mentor 5 → 5 of 6 = 83%
    const h = history(steady, { menteeSd: 1, mentorSd: 5 });
    const alert = computeAlerts(h.sessions, DEFAULT_ALERT_SETTINGS, h.now).find((a) => a.code === 'mentor_dominates_sharing');
    expect(alert?.message).toContain('most of the personal sharing came from the mentor (5 of 6 times)');
  });

  it('stays silent on a balanced call or with too few disclosures to judge', () => {
    expect(codes(history(steady, { menteeSd: 5, mentorSd: 3 }))).toEqual([]); // 3 of 8
    expect(codes(history(steady, { menteeSd: 0, mentorSd: 4 }))).not.toContain('mentor_dominates_sharing'); // 4 < 5
  });
});

describe('computeAlerts', () => {
  it('exports programme defaults and accepts partial settings', () => {
    expect(DEFAULT_ALERT_SETTINGS).toMatchObject({ reciprocationFallingSessions: 3, noSessionWeeks: 3, menteeDisclosureZero: true });
    const h = history(steady, { menteeSd: 2 });
    expect(computeAlerts(h.sessions, { lowEvidenceMinDisclosures: 0 }, h.now)).toEqual([]);
  });
});
