/**
 * Agreement with human codes (docs/agreement.md): import a coder's codes for the program's transcripts, then compare
 * the tagger with them per tag, for any codebook version of the program, or two versions side by side.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import { DomainError } from '@dyadic/domain';
import { codebookFor, codingTargets, importHumanCodes, listHumanCoders, listHumanCodes, utterancesOfCodedTranscripts, audit, type HumanCodeInput } from '@dyadic/db';
import { access } from '../access.js';
import { IdParams, Problem, problemResponses } from '../schemas/common.js';
import { AgreementQuery, AgreementReport, ImportBody, ImportQuery, ImportResult } from '../schemas/agreement.js';
import { detectFormat, parseCodesFile, type LineError, type ParsedCodesFile } from './human-codes-file.js';
import { compareVersions, scoreCodes, tagTranscripts } from './agreement-report.js';
import { safeFilename } from './upload-fields.js';
import { auditFor, notFound, programInScope } from './scope.js';

/** Bad lines listed in a 422 (all of them are counted). */
const MAX_LISTED_ERRORS = 50;
const RAW_TYPES = ['text/csv', 'application/x-ndjson', 'application/jsonl'];

interface Received {
  filename: string;
  text: string;
  mediaType: string | undefined;
  coder?: string;
}

/** The codes file from a multipart `file` part (plus an optional `coder` field) or from a raw text body. */
async function receive(request: FastifyRequest, query: { filename?: string | undefined; coder?: string | undefined }): Promise<Received> {
  if (!request.isMultipart()) {
    const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (typeof request.body !== 'string' || !(mediaType === 'text/plain' || RAW_TYPES.includes(mediaType ?? ''))) {
      throw new DomainError('send the codes as multipart/form-data with a "file" part, or as a text/csv or application/x-ndjson body', 415, 'unsupported-media-type');
    }
    return { filename: safeFilename(query.filename ?? 'request body'), text: request.body, mediaType };
  }
  let file: { filename: string; data: Buffer; mediaType: string } | null = null;
  let coder: string | undefined;
  try {
    for await (const part of request.parts() as AsyncIterable<MultipartFile | MultipartValue>) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.fieldname !== 'file') throw new DomainError(`unexpected file field "${part.fieldname}": send the codes in a field named "file"`, 400, 'invalid-field', { field: part.fieldname });
        file = { filename: safeFilename(part.filename), data, mediaType: part.mimetype };
      } else if (part.fieldname === 'coder') {
        coder = String(part.value ?? '').trim() || undefined;
      } else {
        throw new DomainError(`unknown field "${part.fieldname}" (expected: file, coder)`, 400, 'invalid-field', { field: part.fieldname });
      }
    }
  } catch (err) {
    // As for transcript uploads: our refusals and the plugin's limits (FST_*) keep their meaning; anything else the
    // multipart parser throws is a malformed request, not a server error.
    if (err instanceof DomainError || String((err as { code?: unknown }).code ?? '').startsWith('FST_')) throw err;
    throw new DomainError(`the multipart body could not be read: ${(err as Error).message}`, 400, 'malformed-multipart');
  }
  if (!file) throw new DomainError('missing the "file" part with the codes', 400, 'invalid-field', { field: 'file' });
  return { filename: file.filename, text: file.data.toString('utf8'), mediaType: file.mediaType, ...(coder ? { coder } : {}) };
}

/** Checks that need the database: the transcript is the program's and processed, the turn exists, no repeats. */
async function checkTargets(app: FastifyInstance, programId: string, parsed: ParsedCodesFile): Promise<LineError[]> {
  const errors: LineError[] = [];
  const targets = await codingTargets(app.pool, programId, [...new Set(parsed.rows.map((r) => r.transcriptId))]);
  const seen = new Map<string, number>();
  for (const r of parsed.rows) {
    const t = targets.get(r.transcriptId);
    if (!t) errors.push({ line: r.line, reason: `unknown transcript ${r.transcriptId} (no such transcript in this program)` });
    else if (t.status !== 'done') errors.push({ line: r.line, reason: `transcript ${r.transcriptId} is not processed yet (status ${t.status}); import its codes once it is done` });
    else if (!t.turns.has(r.turn)) errors.push({ line: r.line, reason: `transcript ${r.transcriptId} has no turn ${r.turn} (turns are numbered from 0 as in its utterances)` });
    const k = `${r.transcriptId}#${r.turn}#${r.coder}`;
    const first = seen.get(k);
    if (first !== undefined) errors.push({ line: r.line, reason: `repeats transcript ${r.transcriptId} turn ${r.turn} for coder "${r.coder}" (first on line ${first})` });
    else seen.set(k, r.line);
  }
  return errors;
}

function refuse(filename: string, errors: LineError[]): DomainError {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  const first = sorted[0]!;
  const more = sorted.length > 1 ? ` (and ${sorted.length - 1} more; see errors)` : '';
  return new DomainError(`${filename}: line ${first.line}: ${first.reason}${more}. Nothing was stored.`, 422, 'invalid-human-codes', {
    file: filename,
    line: first.line,
    errorCount: sorted.length,
    errors: sorted.slice(0, MAX_LISTED_ERRORS),
  });
}

/** `?compare=A,B` or `?compare=A` (+ `codebook`): the base and candidate versions; undefined = the active version. */
function versions(q: { codebook?: string | undefined; compare?: string | undefined }): { candidate: string | undefined; base?: string } {
  if (q.compare === undefined) return { candidate: q.codebook };
  const parts = q.compare.split(',').map((s) => s.trim());
  if (parts.length > 2 || parts.some((p) => p === '')) throw new DomainError('compare must be "A,B" or "A" (codebook versions)', 400, 'validation', { field: 'compare' });
  if (parts.length === 2 && q.codebook !== undefined && q.codebook !== parts[1]) {
    throw new DomainError('give either compare=A,B or compare=A with codebook=B, not both', 400, 'validation', { field: 'compare' });
  }
  return parts.length === 2 ? { base: parts[0]!, candidate: parts[1] } : { base: parts[0]!, candidate: q.codebook };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  // Raw text bodies for this plugin's routes only (text/plain is Fastify's own parser).
  app.addContentTypeParser(RAW_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post('/api/v1/programs/:id/human-codes', {
    ...access('POST /api/v1/programs/:id/human-codes'),
    bodyLimit: app.config.maxUploadBytes,
    schema: {
      tags: ['agreement'],
      summary: "Import a coder's human codes (CSV or JSONL) for the program's transcripts",
      description:
        'One row per utterance: `transcript_id`, `turn` (as in the transcript\'s utterances, from 0), optional `coder`, and ' +
        'one column per tag with 1/0, true/false, yes/no, or empty (not coded). Every row is checked first: an unknown ' +
        'transcript (or one of another program), a transcript not processed yet, an unknown turn, a bad value or a repeated ' +
        'row refuses the whole file with 422 listing the file, lines and reasons, and nothing is stored. Otherwise the codes ' +
        'of each transcript and coder in the file replace that coder\'s earlier codes of the transcript, in one transaction.',
      consumes: ['multipart/form-data', 'text/csv', 'application/x-ndjson'],
      params: IdParams,
      querystring: ImportQuery,
      body: ImportBody,
      response: { 200: ImportResult, ...problemResponses, 413: Problem, 415: Problem, 422: Problem },
    },
  }, async (request) => {
    const program = await programInScope(app, request, request.params.id);
    const received = await receive(request, request.query);
    const defaultCoder = received.coder ?? request.query.coder ?? 'human';
    // eslint-disable-next-line no-control-regex
    if (defaultCoder.length > 80 || /[\u0000-\u001f\u007f]/.test(defaultCoder)) throw new DomainError('coder must be text of at most 80 characters', 400, 'invalid-field', { field: 'coder' });
    const format = request.query.format ?? detectFormat(received.mediaType, received.filename, received.text);
    const parsed = parseCodesFile(received.text, format, defaultCoder);
    const errors = [...parsed.errors, ...(parsed.rows.length ? await checkTargets(app, program.id, parsed) : [])];
    if (errors.length) throw refuse(received.filename, errors);
    const rows: HumanCodeInput[] = parsed.rows.map(({ transcriptId, turn, coder, codes }) => ({ transcriptId, turn, coder, codes }));
    const detail = { rows: rows.length, transcripts: new Set(rows.map((r) => r.transcriptId)).size, coders: [...new Set(rows.map((r) => r.coder))] };
    const stored = await importHumanCodes(app.pool, rows, received.filename, (client) =>
      audit(client, auditFor(request, { programId: program.id, action: 'import', objectType: 'human_codes', objectId: program.id, detail })),
    ).catch((err: { code?: string }) => {
      // A transcript deleted between the checks and the insert: nothing was stored (one transaction).
      if (err.code === '23503') throw new DomainError(`${received.filename}: a transcript was deleted during the import; nothing was stored, try again`, 409, 'conflict', { file: received.filename });
      throw err;
    });
    return { file: received.filename, format, ...stored, tags: parsed.tags, ignoredColumns: parsed.ignoredColumns };
  });

  app.get('/api/v1/programs/:id/agreement', {
    ...access('GET /api/v1/programs/:id/agreement'),
    schema: {
      tags: ['agreement'],
      summary: 'Agreement of the tagger with human codes, per tag (κ with 95 % CI, PABAK, P/R/F1, confusion, disagreements)',
      description:
        "Tags the human-coded transcripts again, whole and in turn order, from their stored utterances with the given codebook " +
        "version (default: the program's active one), and compares each coded utterance with the coder's codes. " +
        '`compare=A,B` adds a comparison of version B (the report) with version A: both scores, the difference, and the ' +
        'coded utterances whose machine tag changed. Formulas and interpretation: docs/agreement.md.',
      params: IdParams,
      querystring: AgreementQuery,
      response: { 200: AgreementReport, ...problemResponses, 409: Problem },
    },
  }, async (request) => {
    const program = await programInScope(app, request, request.params.id);
    const coders = await listHumanCoders(app.pool, program.id);
    let coder = request.query.coder;
    if (coder === undefined) {
      if (coders.length > 1 && !coders.some((c) => c.coder === 'human')) {
        throw new DomainError(`codes of several coders (${coders.map((c) => c.coder).join(', ')}): choose one with ?coder=`, 400, 'validation', { field: 'coder', coders: coders.map((c) => c.coder) });
      }
      coder = coders.length === 1 ? coders[0]!.coder : 'human';
    } else if (!coders.some((c) => c.coder === coder)) {
      throw notFound(`human codes of coder "${coder}"`);
    }
    const { candidate, base } = versions(request.query);
    const codebook = await codebookFor(app.pool, program.id, candidate);
    const baseCodebook = base === undefined ? undefined : await codebookFor(app.pool, program.id, base);
    const [codes, utterances] = await Promise.all([listHumanCodes(app.pool, program.id, { coder }), utterancesOfCodedTranscripts(app.pool, program.id, coder)]);
    const limit = request.query.limit;
    const tagged = tagTranscripts(utterances, codebook);
    const scored = scoreCodes(codes, tagged, limit);
    const report = {
      programId: program.id,
      coder,
      coders,
      codebookVersion: codebook.version,
      transcripts: new Set(utterances.map((u) => u.transcriptId)).size,
      utterances: scored.utterances,
      unmatchedCodes: scored.unmatched,
      tags: scored.tags,
      disagreements: scored.disagreements,
    };
    if (!baseCodebook) return report;
    const baseTagged = tagTranscripts(utterances, baseCodebook);
    const baseScored = scoreCodes(codes, baseTagged, 0);
    return {
      ...report,
      comparison: compareVersions(codes, { version: baseCodebook.version, tagged: baseTagged, tags: baseScored.tags }, { version: codebook.version, tagged, tags: scored.tags }, limit),
    };
  });
};

export default routes;
