/**
 * The export tables and every column's meaning, type and values: the single source for the CSV headers, the data
 * dictionary, and the R and SPSS scripts, so they cannot drift apart.
 */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'json';

export interface Column {
  name: string;
  type: ColumnType;
  meaning: string;
  values?: string;
}

const c = (name: string, type: ColumnType, meaning: string, values?: string): Column => ({ name, type, meaning, ...(values ? { values } : {}) });

const ID = [
  c('program', 'string', 'Program slug'),
  c('dyad_key', 'string', "The program's own key for the mentor–mentee pair"),
  c('dyad_id', 'string', 'Dyadic id of the dyad (uuid)'),
];

export const UTTERANCE_COLUMNS: Column[] = [
  ...ID,
  c('session_id', 'string', 'Id of the session (transcript)'),
  c('session_date', 'date', 'Date of the session (ISO 8601)'),
  c('turn', 'integer', 'Position of the utterance in the session (0-based)'),
  c('speaker', 'string', 'Speaker name as in the transcript'),
  c('role', 'string', 'Role of the speaker', 'mentor | mentee | other'),
  c('text', 'string', 'What was said (redacted when the program redacts PII)'),
  c('start_s', 'number', 'Start time in seconds, when the transcript has times'),
  c('end_s', 'number', 'End time in seconds, when the transcript has times'),
  c('self_disclosure', 'boolean', 'Speaker reveals something about themselves (codebook §4.1)', 'TRUE | FALSE'),
  c('sd_type', 'string', 'Type of self-disclosure', 'fact | emotion (empty when no disclosure)'),
  c('sd_depth', 'string', 'Depth of self-disclosure', 'low | high'),
  c('emotion', 'boolean', "Speaker's own emotion is named or expressed (§4.2)", 'TRUE | FALSE'),
  c('emotion_terms', 'string', 'Emotion words found: term/category/valence, negated ones marked with !, separated by ;'),
  c('advice', 'boolean', 'Speaker recommends an action for the listener (§4.3)', 'TRUE | FALSE'),
  c('advice_form', 'string', 'Form of the advice', 'imperative | modal | question_suggestion | first_person_hypothetical | conditional | implicit_narrative'),
  c('reciprocated_disclosure', 'boolean', "Disclosure answering the other speaker's disclosure on the same topic within the window (§4.4, strict)", 'TRUE | FALSE'),
  c('loose_reciprocation', 'boolean', 'Disclosure in the window without a topic match (§4.4 loose variant)', 'TRUE | FALSE'),
  c('reciprocates_turn', 'integer', 'Turn of the disclosure this one reciprocates'),
  c('reciprocation_lag', 'integer', "How many of the other speaker's turns back that disclosure is"),
  c('topic_match', 'string', 'How the topic matched', 'explicit_link | same_topic | none'),
  c('mentor_response', 'string', "For mentee disclosures: the mentor's response (§5, primary category)", 'reciprocated_disclosure | advice | question_followup | empathy_validation | acknowledgement_only | topic_change | script_move | no_response'),
  c('mentor_response_turn', 'integer', 'Turn of the mentor response classified'),
  c('backchannel', 'boolean', 'A back-channel ("yeah", "mm-hmm"): never tagged', 'TRUE | FALSE'),
  c('scripted', 'boolean', 'Looks like program script talk', 'TRUE | FALSE'),
  c('evidence', 'json', 'Evidence spans: JSON array of {tag, start, end, rule}, character offsets into text'),
  c('codebook_version', 'string', 'Codebook version that produced the tags'),
];

const RATE_NOTE = 'value, with numerator (_num) and denominator (_den) columns';
function rateColumns(prefix: string, meaning: string, scale: string): Column[] {
  return [
    c(prefix, 'number', `${meaning} (${scale}); ${RATE_NOTE}`),
    c(`${prefix}_num`, 'integer', `Numerator of ${prefix}`),
    c(`${prefix}_den`, 'integer', `Denominator of ${prefix} (under 5: do not compare)`),
  ];
}

/** Rates shared by the session and dyad tables: path into SessionRates, column prefix, meaning, scale. */
export const RATES: Array<{ path: string[]; prefix: string; meaning: string; scale: string }> = [
  { path: ['sdRatePer100', 'mentee'], prefix: 'sd_rate_mentee', meaning: 'Mentee self-disclosures per 100 mentee utterances', scale: '0–100' },
  { path: ['sdRatePer100', 'mentor'], prefix: 'sd_rate_mentor', meaning: 'Mentor self-disclosures per 100 mentor utterances', scale: '0–100' },
  { path: ['sdRatePer100', 'dyad'], prefix: 'sd_rate_dyad', meaning: 'Self-disclosures per 100 utterances (both)', scale: '0–100' },
  { path: ['emotionSdShare', 'mentee'], prefix: 'emotion_share_mentee', meaning: 'Share of mentee disclosures that are emotional', scale: '0–1' },
  { path: ['emotionSdShare', 'dyad'], prefix: 'emotion_share_dyad', meaning: 'Share of disclosures that are emotional', scale: '0–1' },
  { path: ['adviceRatePer100'], prefix: 'advice_rate_mentor', meaning: 'Mentor advice utterances per 100 mentor utterances', scale: '0–100' },
  { path: ['adviceAfterDisclosureRate'], prefix: 'advice_after_disclosure', meaning: 'Share of mentee disclosures the mentor answered with advice', scale: '0–1' },
  { path: ['reciprocationRate'], prefix: 'reciprocation_rate', meaning: 'Share of mentee disclosures the mentor reciprocated (strict)', scale: '0–1' },
  { path: ['reciprocationRateLoose'], prefix: 'reciprocation_rate_loose', meaning: 'Same, strict or loose reciprocation', scale: '0–1' },
  { path: ['mentorSdShare'], prefix: 'mentor_sd_share', meaning: "Mentor's share of all disclosures", scale: '0–1' },
];

export const SESSION_COLUMNS: Column[] = [
  ...ID,
  c('session_id', 'string', 'Id of the session (transcript)'),
  c('session_date', 'date', 'Date of the session'),
  c('session_index', 'integer', "Position among the dyad's sessions in date order (0-based)"),
  c('utterances_mentor', 'integer', 'Mentor utterances'),
  c('utterances_mentee', 'integer', 'Mentee utterances'),
  c('utterances_other', 'integer', 'Utterances of other speakers (excluded from rates)'),
  c('mentee_disclosures', 'integer', 'Mentee self-disclosures (denominator of the response rates)'),
  ...RATES.flatMap((r) => rateColumns(r.prefix, r.meaning, r.scale)),
  c('codebook_version', 'string', 'Codebook version of the tags'),
];

export const DYAD_COLUMNS: Column[] = [
  ...ID,
  c('sessions', 'integer', 'Processed sessions'),
  c('first_session_date', 'date', 'First session'),
  c('last_session_date', 'date', 'Latest session'),
  ...RATES.flatMap((r) => rateColumns(r.prefix, `${r.meaning}, all sessions pooled`, r.scale)),
  c('sd_rate_dyad_slope', 'number', 'OLS slope of sd_rate_dyad over session order (empty under 3 sessions)'),
  c('emotion_share_dyad_slope', 'number', 'OLS slope of emotion_share_dyad over session order'),
  c('advice_after_disclosure_slope', 'number', 'OLS slope of advice_after_disclosure over session order'),
  c('reciprocation_rate_slope', 'number', 'OLS slope of reciprocation_rate over session order'),
];

export const TABLES = { utterances: UTTERANCE_COLUMNS, sessions: SESSION_COLUMNS, dyads: DYAD_COLUMNS } as const;
export type TableName = keyof typeof TABLES;
