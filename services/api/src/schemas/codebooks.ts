import Type from 'typebox';
import Value from 'typebox/value';
import type { Static, TSchema } from 'typebox';
import { DomainError } from '@dyadic/domain';
import { loadCodebook, type ExtraDictionary, type Valence } from '@dyadic/tagging';
import { Uuid } from './common.js';

/** Limits on a program's own dictionary: enough for a program's dialect, small enough to review by eye. */
export const DICTIONARY_LIMITS = { termChars: 60, termWords: 6, listItems: 200, categories: 30, totalTerms: 1000, note: 500 } as const;

// Checked loosely here (any case, inner spaces), strictly after normalisation in checkDictionary.
const Term = Type.String({ minLength: 1, maxLength: DICTIONARY_LIMITS.termChars, description: 'A word or a phrase of up to 6 words; lower-cased on save' });
const TermList = Type.Array(Term, { minItems: 1, maxItems: DICTIONARY_LIMITS.listItems });
const Word = Type.String({ minLength: 1, maxLength: 40, description: 'One word (no spaces); lower-cased on save' });
const WordList = Type.Array(Word, { minItems: 1, maxItems: DICTIONARY_LIMITS.listItems });
const Valence = Type.Union([Type.Literal('positive'), Type.Literal('negative'), Type.Literal('neutral')]);
const CATEGORY = '^[A-Za-z][A-Za-z0-9_-]{0,39}$';

/** category → value, with category names checked (Type.Record would let any other key through). */
function byCategory<T extends TSchema>(value: T, description: string) {
  return Type.Unsafe<Record<string, Static<T>>>({
    type: 'object',
    patternProperties: { [CATEGORY]: value },
    additionalProperties: false,
    minProperties: 1,
    maxProperties: DICTIONARY_LIMITS.categories,
    description,
  });
}

export const ExtraTerms = Type.Object(
  {
    emotion: Type.Optional(
      byCategory(TermList, 'Emotion category → words or phrases. A category of the shipped lexicon (e.g. anger, fear, happiness), or a new one named in `emotionValence`.'),
    ),
    emotionValence: Type.Optional(byCategory(Valence, 'Valence of each NEW emotion category (shipped categories keep theirs).')),
    advice: Type.Optional(
      Type.Object(
        {
          imperativeVerbs: Type.Optional(Type.Array(Word, { minItems: 1, maxItems: DICTIONARY_LIMITS.listItems, description: 'Base-form verbs that start an imperative ("hydrate", "doodle")' })),
          phrases: Type.Optional(Type.Array(Term, { minItems: 1, maxItems: DICTIONARY_LIMITS.listItems, description: 'Suggestion phrases ("make sure you", "it might be worth")' })),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
    ),
    topics: Type.Optional(byCategory(WordList, 'Topic category → words, for the same-topic test of reciprocation (§4.4). Shipped or new categories.')),
    backchannels: Type.Optional(Type.Array(Word, { minItems: 1, maxItems: DICTIONARY_LIMITS.listItems, description: 'Extra back-channel tokens (never tagged)' })),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'Terms added to the shipped codebook (packages/tagging ExtraDictionary). Unknown keys, unknown emotion categories without a valence, duplicates and words the shipped codebook already has are refused with 422.',
    examples: [{ emotion: { anger: ['salty'], fear: ['shook'] }, advice: { imperativeVerbs: ['hydrate'] } }],
  },
);

const FIELD_NAMES = 'emotion, emotionValence, advice.imperativeVerbs, advice.phrases, topics, backchannels';
/** Categories internal to the engine (weak words, §4.5.1 difficulty phrases, politeness formulae). */
const RESERVED = new Set(['general', 'difficulty', 'formula']);

function invalid(field: string, reason: string): DomainError {
  return new DomainError(`${field}: ${reason}`, 422, 'invalid-dictionary', { field, reason });
}

const LETTERS = /^[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*$/u;
/** Lower-case, trim, one space between words, curly apostrophes straightened. */
export function normaliseTerm(t: string): string {
  return t.normalize('NFC').trim().toLowerCase().replace(/’/g, "'").replace(/\s+/g, ' ');
}

function terms(field: string, list: string[], oneWord: boolean): string[] {
  const out = new Set<string>();
  list.forEach((raw, i) => {
    const t = normaliseTerm(raw);
    const words = t.split(' ');
    if (!t) throw invalid(`${field}[${i}]`, 'is empty');
    if (oneWord && words.length > 1) throw invalid(`${field}[${i}]`, `"${t}" must be one word`);
    if (words.length > DICTIONARY_LIMITS.termWords) throw invalid(`${field}[${i}]`, `"${t}" has more than ${DICTIONARY_LIMITS.termWords} words`);
    if (!words.every((w) => LETTERS.test(w))) throw invalid(`${field}[${i}]`, `"${t}" may contain only letters, digits, spaces, hyphens and apostrophes`);
    if (out.has(t)) throw invalid(`${field}[${i}]`, `"${t}" is listed twice`);
    out.add(t);
  });
  return [...out].sort();
}

interface Shipped {
  emotionCategories: Map<string, Valence>;
  emotionTerms: Map<string, string>;
  imperativeVerbs: Set<string>;
  backchannels: Set<string>;
  topics: Map<string, string[]>;
}
let shippedCache: Shipped | undefined;
function shipped(): Shipped {
  if (shippedCache) return shippedCache;
  const cb = loadCodebook();
  const emotionCategories = new Map<string, Valence>();
  const emotionTerms = new Map<string, string>();
  for (const [w, e] of cb.emotionWords) {
    emotionTerms.set(w, e.category);
    if (!e.weak && !e.formulaic && !e.difficulty) emotionCategories.set(e.category, e.valence);
  }
  for (const entries of cb.emotionPhrases.values()) {
    for (const { toks, value } of entries) {
      emotionTerms.set(toks.join(' '), value.category);
      if (!value.weak && !value.formulaic && !value.difficulty) emotionCategories.set(value.category, value.valence);
    }
  }
  return (shippedCache = { emotionCategories, emotionTerms, imperativeVerbs: cb.sets.imperativeVerbs, backchannels: cb.sets.backchannel, topics: cb.topics });
}

/** The shipped lexicon's emotion categories and their valence (what `emotion` may extend without a valence). */
export function shippedEmotionCategories(): Record<string, Valence> {
  return Object.fromEntries([...shipped().emotionCategories].sort());
}

/**
 * Check a program's dictionary strictly and return it normalised (lower-cased, sorted, duplicates refused), so the
 * same terms always make the same version. Throws a 422 DomainError naming the field (`terms.…`) and the reason.
 */
export function checkDictionary(raw: unknown): ExtraDictionary {
  if (!Value.Check(ExtraTerms, raw)) {
    const e = [...Value.Errors(ExtraTerms, raw)][0];
    const path = (e?.instancePath ?? '').split('/').filter(Boolean);
    const unknownKey = e?.keyword === 'boolean' || e?.keyword === 'additionalProperties';
    const field = ['terms', ...path].join('.');
    if (unknownKey) {
      const parent = path.slice(0, -1);
      const reason = parent.length === 0 ? `is not a known key (known: ${FIELD_NAMES})` : parent[0] === 'advice' ? 'is not a known key (known: imperativeVerbs, phrases)' : 'is not a valid category name (a letter, then letters, digits, _ or -, at most 40)';
      throw invalid(field, reason);
    }
    throw invalid(field, e?.message ?? 'does not match the schema');
  }
  const d = raw as Static<typeof ExtraTerms>;
  const s = shipped();
  const out: ExtraDictionary = {};
  let total = 0;
  const count = (n: number) => {
    total += n;
    if (total > DICTIONARY_LIMITS.totalTerms) throw invalid('terms', `more than ${DICTIONARY_LIMITS.totalTerms} terms in all`);
  };

  if (d.emotion) {
    const seen = new Map<string, string>();
    const valences = Object.fromEntries(Object.entries(d.emotionValence ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    out.emotion = {};
    for (const [rawCat, list] of Object.entries(d.emotion)) {
      const cat = rawCat.toLowerCase();
      const field = `terms.emotion.${rawCat}`;
      if (RESERVED.has(cat)) throw invalid(field, `"${cat}" is reserved by the engine; use a category of the shipped lexicon or a new name`);
      if (out.emotion[cat]) throw invalid(field, `category "${cat}" is given twice (names are lower-cased)`);
      if (!s.emotionCategories.has(cat) && !valences[cat]) {
        throw invalid(field, `"${cat}" is not a category of the shipped lexicon; add it to terms.emotionValence to create it (known: ${[...s.emotionCategories.keys()].sort().join(', ')})`);
      }
      const ts = terms(field, list, false);
      for (const t of ts) {
        const had = s.emotionTerms.get(t);
        if (had) throw invalid(field, `"${t}" is already in the shipped lexicon (category ${had})`);
        const other = seen.get(t);
        if (other) throw invalid(field, `"${t}" is also listed under ${other}`);
        seen.set(t, cat);
      }
      count(ts.length);
      out.emotion[cat] = ts;
    }
  }
  if (d.emotionValence) {
    out.emotionValence = {};
    for (const [rawCat, v] of Object.entries(d.emotionValence)) {
      const cat = rawCat.toLowerCase();
      const field = `terms.emotionValence.${rawCat}`;
      if (s.emotionCategories.has(cat)) throw invalid(field, `"${cat}" is a shipped category; its valence (${s.emotionCategories.get(cat)}) cannot be changed`);
      if (!out.emotion?.[cat]) throw invalid(field, `category "${cat}" has no terms in terms.emotion`);
      out.emotionValence[cat] = v;
    }
  }
  if (d.advice) {
    out.advice = {};
    if (d.advice.imperativeVerbs) {
      const ts = terms('terms.advice.imperativeVerbs', d.advice.imperativeVerbs, true);
      const known = ts.find((t) => s.imperativeVerbs.has(t));
      if (known) throw invalid('terms.advice.imperativeVerbs', `"${known}" is already in the shipped codebook`);
      count(ts.length);
      out.advice.imperativeVerbs = ts;
    }
    if (d.advice.phrases) {
      const ts = terms('terms.advice.phrases', d.advice.phrases, false);
      count(ts.length);
      out.advice.phrases = ts;
    }
  }
  if (d.topics) {
    out.topics = {};
    for (const [rawCat, list] of Object.entries(d.topics)) {
      const cat = rawCat.toLowerCase();
      const field = `terms.topics.${rawCat}`;
      if (cat.startsWith('feeling')) throw invalid(field, 'topic names starting with "feeling" are reserved (emotion families)');
      if (out.topics[cat]) throw invalid(field, `category "${cat}" is given twice (names are lower-cased)`);
      const ts = terms(field, list, true);
      const known = ts.find((t) => s.topics.get(t)?.includes(cat));
      if (known) throw invalid(field, `"${known}" is already in the shipped topic ${cat}`);
      count(ts.length);
      out.topics[cat] = ts;
    }
  }
  if (d.backchannels) {
    const ts = terms('terms.backchannels', d.backchannels, true);
    const known = ts.find((t) => s.backchannels.has(t));
    if (known) throw invalid('terms.backchannels', `"${known}" is already a shipped back-channel`);
    count(ts.length);
    out.backchannels = ts;
  }
  return out;
}

export const CodebookCreate = Type.Object(
  {
    terms: ExtraTerms,
    note: Type.Optional(Type.String({ maxLength: DICTIONARY_LIMITS.note, description: 'Why these terms were added (shown in the version list)' })),
  },
  { additionalProperties: false },
);

export const CodebookVersion = Type.Object({
  version: Type.String({ examples: ['0.2.0', '0.2.0+custom.613c39d6'] }),
  baseVersion: Type.String(),
  terms: Type.Object({}, { additionalProperties: true, description: 'The added terms ({} for the shipped codebook)' }),
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  active: Type.Boolean({ description: 'The version new uploads are tagged with' }),
});

const RunStatus = Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed'), Type.Literal('superseded')]);
const RunMode = Type.Union([Type.Literal('compare'), Type.Literal('apply')], {
  description: 'compare: results stored per version, live tables untouched; apply: also written to the live tables (queued by making a version active)',
});

export const RunBrief = Type.Object({
  id: Uuid,
  version: Type.String(),
  mode: RunMode,
  status: RunStatus,
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const CodebookList = Type.Object({
  programId: Uuid,
  active: Type.String({ description: 'Version new uploads are tagged with' }),
  items: Type.Array(CodebookVersion),
  emotionCategories: Type.Record(Type.String(), Valence, { description: 'Emotion categories of the shipped lexicon with their valence' }),
  runs: Type.Array(RunBrief, { description: 'The 20 latest re-runs, newest first' }),
});

export const CodebookSaved = Type.Object({ version: Type.String(), created: Type.Boolean({ description: 'False when these terms were saved before (same version)' }) });
export const VersionBody = Type.Object({ version: Type.String({ minLength: 1, maxLength: 80 }) }, { additionalProperties: false });
export const Activated = Type.Object({
  version: Type.String(),
  previous: Type.String(),
  runId: Type.Union([Uuid, Type.Null()], { description: 'The apply run bringing the live results to this version (null when they already are)' }),
});
export const RunAccepted = Type.Object({ runId: Uuid, version: Type.String(), mode: RunMode, status: RunStatus });
export const RunParams = Type.Object({ id: Uuid, runId: Uuid });

const Side = Type.Object({ num: Type.Number(), den: Type.Number(), value: Type.Union([Type.Number(), Type.Null()]) });
const MetricChange = Type.Object({
  metric: Type.String({ examples: ['emotionRatePer100.mentee'], description: 'Path in the session rates of packages/metrics (codebook §6)' }),
  old: Side,
  new: Side,
  change: Type.Union([Type.Number(), Type.Null()], { description: 'new − old value; null when either is undefined' }),
});
const Flip = Type.Object({ toTrue: Type.Integer(), toFalse: Type.Integer() });
const TagName = Type.Union([Type.Literal('selfDisclosure'), Type.Literal('emotion'), Type.Literal('advice'), Type.Literal('reciprocatedDisclosure')]);

export const Comparison = Type.Object({
  fromVersions: Type.Array(Type.String(), { description: 'Live versions the old side was read from' }),
  toVersion: Type.String(),
  transcripts: Type.Integer(),
  skippedTranscripts: Type.Integer({ description: 'Transcripts being reprocessed or replaced when their turn came' }),
  flips: Type.Object({ selfDisclosure: Flip, emotion: Flip, advice: Flip, reciprocatedDisclosure: Flip }),
  flippedUtterances: Type.Array(
    Type.Object({ transcriptId: Uuid, dyadId: Uuid, turn: Type.Integer(), tag: TagName, from: Type.Boolean(), to: Type.Boolean() }),
    { description: 'Each flipped code, at most 500' },
  ),
  flippedUtterancesTruncated: Type.Boolean(),
  program: Type.Object({ sessions: Type.Integer(), metrics: Type.Array(MetricChange) }, { description: 'Every metric pooled over the program' }),
  dyads: Type.Array(Type.Object({ dyadId: Uuid, dyadKey: Type.String(), sessions: Type.Integer(), metrics: Type.Array(MetricChange) }), {
    description: 'Dyads with a changed metric, pooled over their sessions; only the changed metrics',
  }),
  unchangedDyads: Type.Integer(),
});

export const RunView = Type.Object({
  id: Uuid,
  programId: Uuid,
  version: Type.String(),
  mode: RunMode,
  status: RunStatus,
  error: Type.Union([Type.String(), Type.Null()]),
  progress: Type.Object({ done: Type.Integer(), total: Type.Integer({ description: '0 until the job starts' }), skipped: Type.Integer() }),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  comparison: Type.Union([Comparison, Type.Null()], { description: 'Old → new, once the run is done' }),
});

export const CodesQuery = Type.Object({ version: Type.String({ minLength: 1, maxLength: 80, description: 'Codebook version (see GET /api/v1/programs/{id}/codebooks)' }) });
const Tags = Type.Object({ selfDisclosure: Type.Boolean(), emotion: Type.Boolean(), advice: Type.Boolean(), reciprocatedDisclosure: Type.Boolean() });
export const VersionedCodes = Type.Object({
  transcriptId: Uuid,
  version: Type.String(),
  revision: Type.Integer(),
  current: Type.Boolean({ description: 'False when the transcript was replaced after these codes were made' }),
  metrics: Type.Object({}, { additionalProperties: true, description: 'Session metrics under this version (same shape as the live ones)' }),
  utterances: Type.Array(
    Type.Object({
      turn: Type.Integer(),
      tags: Tags,
      detail: Type.Object({}, { additionalProperties: true }),
      evidence: Type.Array(Type.Object({}, { additionalProperties: true })),
    }),
  ),
});
