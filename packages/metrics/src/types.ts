/**
 * The stored shape of session and dyad metrics. `SessionMetrics` is saved as JSONB and returned by the REST API:
 * change it only by adding fields, and bump `METRICS_VERSION` when a formula changes. Every field is documented in
 * packages/metrics/README.md.
 */
import type { MentorResponse } from '@dyadic/tagging';
import type { Ratio } from './stats.js';

/** Bump when a count or formula changes meaning, so stored metrics can be recomputed. */
export const METRICS_VERSION = 'metrics-1.0.0';

/** Every §5 mentor-response category. `satisfies` makes this fail to compile if the tagger adds one. */
const RESPONSE_KEYS = {
  reciprocated_disclosure: true,
  advice: true,
  question_followup: true,
  empathy_validation: true,
  acknowledgement_only: true,
  topic_change: true,
  script_move: true,
  no_response: true,
} as const satisfies Record<MentorResponse, true>;
export const MENTOR_RESPONSE_CATEGORIES = Object.keys(RESPONSE_KEYS) as MentorResponse[];

/** Counts for the two dyad roles and their sum (speaker 'other' is never in `dyad`). */
export interface DyadCounts {
  mentor: number;
  mentee: number;
  dyad: number;
}

/** Utterance counts including speaker 'other' (shown, but outside every rate). */
export interface UtteranceCounts extends DyadCounts {
  other: number;
  /** mentor + mentee + other */
  total: number;
}

export interface SessionCounts {
  utterances: UtteranceCounts;
  /** Utterances that are not back-channels ("yeah", "mm-hmm"). */
  substantiveUtterances: UtteranceCounts;
  selfDisclosures: DyadCounts;
  /** Self-disclosures with sdType 'emotion'. */
  emotionDisclosures: DyadCounts;
  /** Utterances with the emotion tag (speaker's own emotion), disclosure or not. */
  emotionUtterances: DyadCounts;
  /** Mentor utterances tagged advice. */
  mentorAdvice: number;
  reciprocatedDisclosures: {
    /** Mentor disclosures that reciprocate a mentee disclosure on the same topic (tag reciprocatedDisclosure). */
    mentorStrict: number;
    /** Mentor disclosures that are strict or loose reciprocations (loose = in the window, no topic match). */
    mentorLoose: number;
    /** Of `mentorStrict`, those whose type matches (emotion answered with emotion, fact with fact). */
    mentorStrictTypeMatched: number;
    /** Mentee disclosures that reciprocate a mentor disclosure on the same topic. */
    menteeStrict: number;
  };
  /** Mentee self-disclosures: the denominator of every mentor-response rate. */
  menteeDisclosures: number;
  /** Mentee disclosures by the primary category of the mentor's answer (§5 priority order). */
  mentorResponses: Record<MentorResponse, number>;
  /** Mentee disclosures whose mentor answer included advice / a strict / a strict-or-loose reciprocation (multi-label). */
  menteeDisclosuresFollowedBy: { advice: number; reciprocation: number; reciprocationLoose: number };
  /** Self-disclosures coded high depth, and those with any depth coded (the depth-share denominator). */
  highDepthDisclosures: DyadCounts;
  depthCodedDisclosures: DyadCounts;
  /** Recording length when known, else null. */
  durationSeconds: number | null;
}

/** Mentee, mentor and dyad (mentor + mentee) versions of one rate. */
export interface ByRole<T> {
  mentee: T;
  mentor: T;
  dyad: T;
}

/** Every §6 rate. Each is a `Ratio`; shares are in [0, 1], `…Per100` rates in [0, 100]. */
export interface SessionRates {
  /** 100 × self-disclosures / utterances of that speaker. */
  sdRatePer100: ByRole<Ratio>;
  /** 100 × self-disclosures / substantive (non-back-channel) utterances. */
  sdRatePer100Substantive: ByRole<Ratio>;
  /** Dyad self-disclosures per minute; den = minutes; value null when the duration is unknown. No CI. */
  sdPerMinute: Ratio;
  /** Emotion-type disclosures / all disclosures. */
  emotionSdShare: ByRole<Ratio>;
  /** 100 × emotion utterances / utterances. */
  emotionRatePer100: ByRole<Ratio>;
  /** 100 × mentor advice utterances / mentor utterances. */
  adviceRatePer100: Ratio;
  /** Each response category / mentee disclosures. */
  mentorResponseDistribution: Record<MentorResponse, Ratio>;
  /** Mentee disclosures answered with (among other things) advice / mentee disclosures. */
  adviceAfterDisclosureRate: Ratio;
  /** Mentee disclosures answered with a strict mentor reciprocation / mentee disclosures. */
  reciprocationRate: Ratio;
  /** Same with strict or loose reciprocation. */
  reciprocationRateLoose: Ratio;
  /** Mentor disclosures / dyad disclosures (balance; very high = mentor dominates). */
  mentorSdShare: Ratio;
  /** Type-matched mentor strict reciprocations / mentor strict reciprocations. */
  emotionMatchingRate: Ratio;
  /** High-depth disclosures / disclosures with depth coded. */
  depthShareHigh: ByRole<Ratio>;
}

export interface SessionMetrics {
  metricsVersion: string;
  /** Distinct codebook versions of the tagged utterances (normally one). */
  codebookVersions: string[];
  counts: SessionCounts;
  rates: SessionRates;
}

/** One session as the dyad functions take it. `sessionDate` is an ISO date (or date-time). */
export interface SessionRecord {
  sessionId: string;
  sessionDate: string;
  metrics: SessionMetrics;
}

/** Mean of the session values of one rate, over the `n` sessions where it is defined. */
export interface SessionMean {
  value: number | null;
  n: number;
}

/** The `SessionRates` tree with every `Ratio` replaced by a `SessionMean`. */
export type MeanRates<T = SessionRates> = { [K in keyof T]: T[K] extends Ratio ? SessionMean : MeanRates<T[K]> };

export interface DyadMetrics {
  metricsVersion: string;
  sessions: number;
  firstSessionDate: string | null;
  lastSessionDate: string | null;
  /** Counts summed over sessions (durationSeconds null unless every session has one). */
  pooledCounts: SessionCounts;
  /** Rates recomputed from the pooled counts. */
  pooled: SessionRates;
  /** For each rate, the mean of the session values where defined. */
  meanOfSessions: MeanRates;
}
