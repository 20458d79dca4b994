import Type from 'typebox';

// Response schemas of the metrics (packages/metrics). Objects stay open (additionalProperties) so that fields added
// by a later metrics version pass through; every field listed here is always present in metrics-1.x.
const open = { additionalProperties: true } as const;
const N = Type.Number();
const I = Type.Integer();

export const Ratio = Type.Object(
  {
    num: N,
    den: N,
    value: Type.Union([N, Type.Null()], { description: 'num/den (shares, 0–1) or 100·num/den (…Per100); null when den = 0' }),
    ci95: Type.Union([Type.Array(N, { minItems: 2, maxItems: 2 }), Type.Null()], { description: 'Wilson 95 % interval on the same scale' }),
    lowCount: Type.Boolean({ description: 'den < 5: do not compare' }),
  },
  { ...open, examples: [{ num: 3, den: 10, value: 0.3, ci95: [0.1078, 0.6032], lowCount: false }] },
);

const ByRole = Type.Object({ mentee: Ratio, mentor: Ratio, dyad: Ratio }, open);
const DyadCounts = Type.Object({ mentor: I, mentee: I, dyad: I }, open);
const UtteranceCounts = Type.Object({ mentor: I, mentee: I, other: I, dyad: I, total: I }, open);

export const SessionCounts = Type.Object(
  {
    utterances: UtteranceCounts,
    substantiveUtterances: UtteranceCounts,
    selfDisclosures: DyadCounts,
    emotionDisclosures: DyadCounts,
    emotionUtterances: DyadCounts,
    mentorAdvice: I,
    reciprocatedDisclosures: Type.Object({ mentorStrict: I, mentorLoose: I, mentorStrictTypeMatched: I, menteeStrict: I }, open),
    menteeDisclosures: I,
    mentorResponses: Type.Record(Type.String(), I, { description: 'Mentee disclosures by the primary category of the mentor response (§5)' }),
    menteeDisclosuresFollowedBy: Type.Object({ advice: I, reciprocation: I, reciprocationLoose: I }, open),
    highDepthDisclosures: DyadCounts,
    depthCodedDisclosures: DyadCounts,
    durationSeconds: Type.Union([N, Type.Null()]),
  },
  open,
);

export const SessionRates = Type.Object(
  {
    sdRatePer100: ByRole,
    sdRatePer100Substantive: ByRole,
    sdPerMinute: Ratio,
    emotionSdShare: ByRole,
    emotionRatePer100: ByRole,
    adviceRatePer100: Ratio,
    mentorResponseDistribution: Type.Record(Type.String(), Ratio),
    adviceAfterDisclosureRate: Ratio,
    reciprocationRate: Ratio,
    reciprocationRateLoose: Ratio,
    mentorSdShare: Ratio,
    emotionMatchingRate: Ratio,
    depthShareHigh: ByRole,
  },
  open,
);

export const SessionMetrics = Type.Object(
  { metricsVersion: Type.String(), codebookVersions: Type.Array(Type.String()), counts: SessionCounts, rates: SessionRates },
  { ...open, description: 'Codebook §6 session metrics; field list and formulas in packages/metrics/README.md' },
);

export const DyadSummary = Type.Object(
  {
    metricsVersion: Type.String(),
    sessions: I,
    firstSessionDate: Type.Union([Type.String(), Type.Null()]),
    lastSessionDate: Type.Union([Type.String(), Type.Null()]),
    pooledCounts: SessionCounts,
    pooled: SessionRates,
    meanOfSessions: Type.Object({}, { ...open, description: 'Every rate of `pooled` as {value, n}: the mean of the session values where defined' }),
  },
  { ...open, description: 'Dyad metrics over its processed sessions: counts pooled and rates recomputed, and the mean of session values' },
);

export const Trend = Type.Object(
  {
    metric: Type.String(),
    n: I,
    slope: Type.Union([N, Type.Null()]),
    intercept: Type.Union([N, Type.Null()]),
    direction: Type.Union([Type.Literal('rising'), Type.Literal('falling'), Type.Literal('flat'), Type.Null()]),
    insufficientSessions: Type.Boolean({ description: 'fewer than 3 sessions with a value: no slope' }),
    flatBand: N,
    points: Type.Array(Type.Object({ sessionId: Type.String(), sessionDate: Type.String(), index: I, value: N, num: N, den: N }, open)),
  },
  open,
);

export const Alert = Type.Object(
  {
    code: Type.String({ examples: ['reciprocation_falling'] }),
    severity: Type.Union([Type.Literal('info'), Type.Literal('warning')]),
    message: Type.String({ description: 'Plain words for a coordinator' }),
    evidence: Type.Object({ sessionIds: Type.Array(Type.String()) }, open),
  },
  open,
);
