import Type, { type TSchema } from 'typebox';
import { Uuid } from './common.js';

const Role = Type.Union([Type.Literal('mentor'), Type.Literal('mentee'), Type.Literal('other')]);
const NullableNumber = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

/** One property per tag, in the codebook's order. */
function perTag<T extends TSchema>(schema: T) {
  return Type.Object({ selfDisclosure: schema, emotion: schema, advice: schema, reciprocatedDisclosure: schema });
}

export const ImportQuery = Type.Object({
  coder: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'Coder for rows without a coder column or value (default "human")' })),
  filename: Type.Optional(Type.String({ maxLength: 255, description: 'Name used in error messages and stored as the source, for a raw (non-multipart) body' })),
  format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('jsonl')], { description: 'Override the format guessed from the media type, file name or first character' })),
});

const CodesText = (what: string) => Type.String({ description: what });

/** Per media type, so multipart and raw text bodies are each documented (and a multipart body, read in the handler, is null here). */
export const ImportBody = {
  content: {
    'multipart/form-data': {
      schema: Type.Object(
        {
          file: Type.String({ format: 'binary', description: 'The codes: .csv (or .tsv) or .jsonl' }),
          coder: Type.Optional(Type.String({ description: 'Coder for rows without a coder column or value (default "human")' })),
        },
        { required: ['file'], nullable: true },
      ),
    },
    'text/csv': { schema: CodesText('CSV with a header: transcript_id, turn, [coder], and one column per tag (1/0, true/false, yes/no, empty = not coded)') },
    'application/x-ndjson': { schema: CodesText('One JSON object per line: {transcript_id, turn, coder?, selfDisclosure?, emotion?, advice?, reciprocatedDisclosure?} (tags may sit inside "human")') },
  },
};

export const ImportResult = Type.Object({
  file: Type.String(),
  format: Type.Union([Type.Literal('csv'), Type.Literal('jsonl')]),
  rows: Type.Integer({ description: 'Rows stored' }),
  transcripts: Type.Integer(),
  coders: Type.Array(Type.String()),
  replaced: Type.Integer({ description: 'Earlier rows of the same transcripts and coders that were replaced' }),
  tags: Type.Array(Type.String(), { description: 'Tags the file codes' }),
  ignoredColumns: Type.Array(Type.String(), { description: 'Columns (or JSONL keys) that are not read, e.g. text or notes' }),
});

export const AgreementQuery = Type.Object({
  codebook: Type.Optional(Type.String({ maxLength: 200, description: "Codebook version to tag with (default: the program's active version)" })),
  coder: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'Whose codes to compare with (default: the only coder, else "human")' })),
  compare: Type.Optional(
    Type.String({
      maxLength: 401,
      description: 'Compare two versions: "A,B" reports B and the change from A; "A" alone compares A with `codebook` (or the active version)',
      examples: ['0.2.0,0.2.0+custom.1a2b3c4d'],
    }),
  ),
  limit: Type.Integer({ minimum: 0, maximum: 1000, default: 50, description: 'Most disagreeing utterances listed per tag' }),
});

export const Stats = Type.Object({
  n: Type.Integer({ description: 'Utterances the coder coded for this tag (not-coded ones are not scored)' }),
  kappa: Type.Number({ description: "Cohen's κ, human vs machine" }),
  kappaSE: NullableNumber('Large-sample standard error of κ (Fleiss, Cohen & Everitt 1969)'),
  kappaCI95: Type.Union([Type.Object({ lower: Type.Number(), upper: Type.Number() }), Type.Null()], { description: 'κ ± 1.96·SE, clipped to [−1, 1]' }),
  pabak: NullableNumber('Prevalence- and bias-adjusted κ, 2·po − 1'),
  po: NullableNumber('Observed agreement'),
  pe: NullableNumber('Chance agreement from the marginals'),
  precision: Type.Number({ description: 'tp / (tp + fp), human codes as reference; 1 when the machine said yes nowhere' }),
  recall: Type.Number({ description: 'tp / (tp + fn); 1 when the human said yes nowhere' }),
  f1: Type.Number(),
  confusion: Type.Object({ tp: Type.Integer(), fp: Type.Integer(), fn: Type.Integer(), tn: Type.Integer() }),
});

const Span = Type.Object({ start: Type.Integer(), end: Type.Integer(), rule: Type.String() });

const UtteranceRef = {
  transcriptId: Uuid,
  dyadKey: Type.String(),
  sessionDate: Type.String({ format: 'date' }),
  turn: Type.Integer(),
  role: Role,
  text: Type.String(),
};

export const Disagreement = Type.Object({
  ...UtteranceRef,
  human: Type.Boolean(),
  machine: Type.Boolean(),
  evidence: Type.Array(Span, { description: "The machine's evidence spans for this tag (character offsets into text) with rule ids; empty when it said no" }),
});

const Listed = <T extends TSchema>(item: T) => Type.Object({ total: Type.Integer(), items: Type.Array(item) });

const Brief = Type.Object({
  kappa: Type.Number(),
  kappaCI95: Type.Union([Type.Object({ lower: Type.Number(), upper: Type.Number() }), Type.Null()]),
  pabak: Type.Union([Type.Number(), Type.Null()]),
  precision: Type.Number(),
  recall: Type.Number(),
  f1: Type.Number(),
});

export const Changed = Type.Object({
  ...UtteranceRef,
  human: Type.Boolean(),
  base: Type.Boolean(),
  candidate: Type.Boolean(),
  evidence: Type.Array(Span, { description: 'Evidence of whichever version said yes' }),
});

export const Comparison = Type.Object({
  base: Type.String({ description: 'Version A' }),
  candidate: Type.String({ description: 'Version B (the one the main report is about)' }),
  tags: perTag(
    Type.Object({
      n: Type.Integer(),
      base: Brief,
      candidate: Brief,
      delta: Type.Object({ kappa: Type.Number(), pabak: Type.Union([Type.Number(), Type.Null()]), precision: Type.Number(), recall: Type.Number(), f1: Type.Number() }, { description: 'candidate − base' }),
    }),
  ),
  changed: perTag(Listed(Changed)),
});

export const AgreementReport = Type.Object({
  programId: Uuid,
  coder: Type.String(),
  coders: Type.Array(Type.Object({ coder: Type.String(), codes: Type.Integer(), transcripts: Type.Integer() })),
  codebookVersion: Type.String(),
  transcripts: Type.Integer({ description: 'Coded transcripts tagged (whole transcripts, so context is right)' }),
  utterances: Type.Integer({ description: 'Coded utterances found in the transcripts' }),
  unmatchedCodes: Type.Integer({ description: 'Codes whose turn the transcript no longer has (e.g. after a corrected file); not scored' }),
  tags: perTag(Stats),
  disagreements: perTag(Listed(Disagreement)),
  comparison: Type.Optional(Comparison),
});
