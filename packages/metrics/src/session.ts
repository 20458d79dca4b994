/**
 * Session metrics (codebook §6) from tagged utterances: count once, then derive every rate from the counts, so the
 * dyad's pooled rates are the same function applied to summed counts.
 */
import type { MentorResponse, Speaker, TaggedUtterance } from '@dyadic/tagging';
import type { Ratio } from './stats.js';
import { per100, perUnit, share } from './stats.js';
import type { ByRole, DyadCounts, SessionCounts, SessionMetrics, SessionRates, UtteranceCounts } from './types.js';
import { MENTOR_RESPONSE_CATEGORIES, METRICS_VERSION } from './types.js';

const dyadCounts = (): DyadCounts => ({ mentor: 0, mentee: 0, dyad: 0 });
const utteranceCounts = (): UtteranceCounts => ({ mentor: 0, mentee: 0, other: 0, dyad: 0, total: 0 });

function bump(c: DyadCounts, speaker: Speaker): void {
  if (speaker === 'other') return;
  c[speaker] += 1;
  c.dyad += 1;
}

function bumpUtterance(c: UtteranceCounts, speaker: Speaker): void {
  c.total += 1;
  if (speaker === 'other') c.other += 1;
  else bump(c, speaker);
}

/** All-zero counts (what an empty session yields). */
export function emptyCounts(durationSeconds: number | null = null): SessionCounts {
  const responses = Object.fromEntries(MENTOR_RESPONSE_CATEGORIES.map((k) => [k, 0])) as Record<MentorResponse, number>;
  return {
    utterances: utteranceCounts(),
    substantiveUtterances: utteranceCounts(),
    selfDisclosures: dyadCounts(),
    emotionDisclosures: dyadCounts(),
    emotionUtterances: dyadCounts(),
    mentorAdvice: 0,
    reciprocatedDisclosures: { mentorStrict: 0, mentorLoose: 0, mentorStrictTypeMatched: 0, menteeStrict: 0 },
    menteeDisclosures: 0,
    mentorResponses: responses,
    menteeDisclosuresFollowedBy: { advice: 0, reciprocation: 0, reciprocationLoose: 0 },
    highDepthDisclosures: dyadCounts(),
    depthCodedDisclosures: dyadCounts(),
    durationSeconds,
  };
}

/** Count one session. Speaker 'other' only enters `utterances.other/total` and `substantiveUtterances.other/total`. */
export function countSession(utterances: readonly TaggedUtterance[], durationSeconds?: number): SessionCounts {
  const c = emptyCounts(durationSeconds ?? null);
  const speakerOfTurn = new Map(utterances.map((u) => [u.turn, u.speaker]));
  // A reciprocation only counts when it answers the dyad partner, not an 'other' speaker (unknown turns are trusted).
  const answersPartner = (u: TaggedUtterance): boolean => {
    const target = u.detail.reciprocates ? speakerOfTurn.get(u.detail.reciprocates.turn) : undefined;
    return target === undefined || (target !== 'other' && target !== u.speaker);
  };

  for (const u of utterances) {
    const s = u.speaker;
    bumpUtterance(c.utterances, s);
    if (!u.detail.backchannel) bumpUtterance(c.substantiveUtterances, s);
    if (s === 'other') continue;

    if (u.tags.emotion) bump(c.emotionUtterances, s);
    if (s === 'mentor' && u.tags.advice) c.mentorAdvice += 1;
    if (!u.tags.selfDisclosure) continue;

    bump(c.selfDisclosures, s);
    if (u.detail.sdType === 'emotion') bump(c.emotionDisclosures, s);
    if (u.detail.sdDepth !== undefined) bump(c.depthCodedDisclosures, s);
    if (u.detail.sdDepth === 'high') bump(c.highDepthDisclosures, s);

    const strict = u.tags.reciprocatedDisclosure && answersPartner(u);
    const loose = u.detail.looseReciprocation && answersPartner(u);
    const rd = c.reciprocatedDisclosures;
    if (s === 'mentor') {
      if (strict) rd.mentorStrict += 1;
      if (strict || loose) rd.mentorLoose += 1;
      if (strict && u.detail.reciprocates?.matchesType) rd.mentorStrictTypeMatched += 1;
      continue;
    }

    if (strict) rd.menteeStrict += 1;
    c.menteeDisclosures += 1;
    // The contract puts mentorResponse on every mentee disclosure; a missing one is counted as no_response.
    const r = u.detail.mentorResponse;
    c.mentorResponses[r?.primary ?? 'no_response'] += 1;
    if (r?.advice) c.menteeDisclosuresFollowedBy.advice += 1;
    if (r?.reciprocated) c.menteeDisclosuresFollowedBy.reciprocation += 1;
    if (r?.reciprocated || r?.looseReciprocated) c.menteeDisclosuresFollowedBy.reciprocationLoose += 1;
  }
  return c;
}

function byRole(f: (num: number, den: number) => Ratio, num: DyadCounts, den: DyadCounts): ByRole<Ratio> {
  return { mentee: f(num.mentee, den.mentee), mentor: f(num.mentor, den.mentor), dyad: f(num.dyad, den.dyad) };
}

/** Every §6 rate from counts (a session's own, or counts summed over a dyad's sessions). */
export function ratesFromCounts(c: SessionCounts): SessionRates {
  const n = c.menteeDisclosures;
  const distribution = Object.fromEntries(
    MENTOR_RESPONSE_CATEGORIES.map((k) => [k, share(c.mentorResponses[k], n)]),
  ) as SessionRates['mentorResponseDistribution'];
  const rd = c.reciprocatedDisclosures;
  return {
    sdRatePer100: byRole(per100, c.selfDisclosures, c.utterances),
    sdRatePer100Substantive: byRole(per100, c.selfDisclosures, c.substantiveUtterances),
    sdPerMinute: perUnit(c.durationSeconds === null ? 0 : c.selfDisclosures.dyad, (c.durationSeconds ?? 0) / 60),
    emotionSdShare: byRole(share, c.emotionDisclosures, c.selfDisclosures),
    emotionRatePer100: byRole(per100, c.emotionUtterances, c.utterances),
    adviceRatePer100: per100(c.mentorAdvice, c.utterances.mentor),
    mentorResponseDistribution: distribution,
    adviceAfterDisclosureRate: share(c.menteeDisclosuresFollowedBy.advice, n),
    reciprocationRate: share(c.menteeDisclosuresFollowedBy.reciprocation, n),
    reciprocationRateLoose: share(c.menteeDisclosuresFollowedBy.reciprocationLoose, n),
    mentorSdShare: share(c.selfDisclosures.mentor, c.selfDisclosures.dyad),
    emotionMatchingRate: share(rd.mentorStrictTypeMatched, rd.mentorStrict),
    depthShareHigh: byRole(share, c.highDepthDisclosures, c.depthCodedDisclosures),
  };
}

/** Session metrics of one call, from the tagger's output in turn order. */
export function computeSessionMetrics(
  utterances: readonly TaggedUtterance[],
  opts: { durationSeconds?: number } = {},
): SessionMetrics {
  const counts = countSession(utterances, opts.durationSeconds);
  return {
    metricsVersion: METRICS_VERSION,
    codebookVersions: [...new Set(utterances.map((u) => u.codebookVersion))].sort(),
    counts,
    rates: ratesFromCounts(counts),
  };
}
