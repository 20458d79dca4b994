import Type from 'typebox';
import { Problem, Uuid } from './common.js';

export const Role = Type.Union([Type.Literal('mentor'), Type.Literal('mentee'), Type.Literal('other')]);
export const Status = Type.Union([Type.Literal('queued'), Type.Literal('processing'), Type.Literal('done'), Type.Literal('failed')]);

export const UploadForm = Type.Object(
  {
    file: Type.String({ format: 'binary', description: 'The transcript: txt, vtt, srt, csv/tsv, json, docx or CHAT (.cha)' }),
    dyad: Type.String({ description: "The program's own key for the pair", examples: ['dyad-07'] }),
    sessionDate: Type.String({ format: 'date', description: 'Date of the session (ISO, YYYY-MM-DD)', examples: ['2026-03-04'] }),
    mentor: Type.Optional(Type.String({ description: 'Speaker name of the mentor as it appears in the file' })),
    mentee: Type.Optional(Type.String({ description: 'Speaker name of the mentee as it appears in the file' })),
    program: Type.Optional(Type.String({ description: 'Program id or slug (keys of every program only; default: the default program)' })),
  },
  { required: ['file', 'dyad', 'sessionDate'] },
);

export const ReplaceForm = Type.Object(
  {
    file: Type.String({ format: 'binary', description: 'The corrected transcript' }),
    mentor: Type.Optional(Type.String()),
    mentee: Type.Optional(Type.String()),
  },
  { required: ['file'] },
);

export const UploadAccepted = Type.Object({
  id: Uuid,
  status: Status,
  dyadId: Uuid,
  sessionDate: Type.String({ format: 'date' }),
  format: Type.String(),
  duplicate: Type.Boolean({ description: 'true when this exact file was already uploaded for this dyad and date' }),
  speakers: Type.Array(Type.Object({ name: Type.String(), role: Role })),
});

export const BatchForm = Type.Object(
  {
    file: Type.String({ format: 'binary', description: 'A zip of transcripts (any of the single-upload formats); folders allowed' }),
    manifest: Type.Optional(
      Type.String({
        description:
          'CSV (text field or attached file) with a header row: file, dyad, sessionDate, and optional mentor, mentee, program. ' +
          '`file` is the path inside the zip. Overrides a manifest.csv inside the zip. Without either, the folder holding ' +
          'each file names the dyad and the file name starts with the date (dyad-07/2026-03-04-call.vtt).',
      }),
    ),
    program: Type.Optional(Type.String({ description: 'Program id or slug for rows without a program column (keys of every program only; default: the default program)' })),
  },
  { required: ['file'] },
);

export const BatchAccepted = Type.Object({
  accepted: Type.Integer({ description: 'New transcripts, queued for processing' }),
  duplicates: Type.Integer({ description: 'Files already uploaded for the same dyad and date' }),
  entries: Type.Array(
    Type.Object({
      file: Type.String({ description: 'Path inside the zip' }),
      id: Uuid,
      status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate')]),
      dyadId: Uuid,
      sessionDate: Type.String({ format: 'date' }),
      format: Type.String(),
    }),
    { description: 'One per transcript in the zip, in zip order' },
  ),
});

export const BatchRejected = Type.Object(
  {
    ...Problem.properties,
    errors: Type.Optional(
      Type.Array(
        Type.Object(
          {
            file: Type.String({ description: 'Path inside the zip (or as the manifest names it)' }),
            type: Type.String({ description: 'e.g. unparseable-transcript, speaker-roles-needed, unsafe-path, zip-bomb, not-in-manifest' }),
            reason: Type.String(),
            line: Type.Optional(Type.Integer({ description: 'Line of the transcript, when the parser gives one' })),
            manifestLine: Type.Optional(Type.Integer({ description: 'Line of the manifest the problem comes from' })),
          },
          { additionalProperties: true },
        ),
        { description: 'Every bad entry; nothing was stored' },
      ),
    ),
  },
  { additionalProperties: true, description: 'problem+json (RFC 9457) listing every bad entry of the zip; nothing was stored' },
);

export const TranscriptView = Type.Object({
  id: Uuid,
  dyadId: Uuid,
  dyadKey: Type.String(),
  sessionDate: Type.String({ format: 'date' }),
  filename: Type.String(),
  format: Type.String(),
  status: Status,
  error: Type.Optional(Type.String({ description: 'Why processing failed (status failed)' })),
  utterances: Type.Union([Type.Integer(), Type.Null()], { description: 'Number of utterances once processed' }),
  taggerVersion: Type.Union([Type.String(), Type.Null()]),
  revision: Type.Integer({ description: 'Increases each time the file is replaced' }),
  createdAt: Type.String({ format: 'date-time' }),
  processedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const Evidence = Type.Object({ tag: Type.String(), start: Type.Integer(), end: Type.Integer(), rule: Type.String() });

export const UtteranceView = Type.Object({
  turn: Type.Integer(),
  speaker: Type.String({ description: 'Speaker name as in the file' }),
  role: Role,
  text: Type.String(),
  start: Type.Union([Type.Number(), Type.Null()]),
  end: Type.Union([Type.Number(), Type.Null()]),
  tags: Type.Object({
    selfDisclosure: Type.Boolean(),
    emotion: Type.Boolean(),
    advice: Type.Boolean(),
    reciprocatedDisclosure: Type.Boolean(),
  }),
  detail: Type.Object({}, { additionalProperties: true, description: 'sdType, sdDepth, emotionTerms, adviceForm, reciprocates, mentorResponse, …' }),
  evidence: Type.Array(Evidence, { description: 'Character spans into `text` and the codebook rule that fired' }),
});

export const UtteranceList = Type.Object({
  transcriptId: Uuid,
  status: Status,
  taggerVersion: Type.Union([Type.String(), Type.Null()]),
  scope: Type.Union([Type.Literal('all'), Type.Literal('evidence')], { description: 'evidence: only tagged turns and the turns that answer them (staff keys)' }),
  utterances: Type.Array(UtteranceView),
});
