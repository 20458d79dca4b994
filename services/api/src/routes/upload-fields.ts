import { DomainError } from '@dyadic/domain';
import { isDyadKey, isIsoDate } from '@dyadic/transcript';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';

export interface RoleFields {
  mentor?: string;
  mentee?: string;
}

export interface UploadFields extends RoleFields {
  dyad: string;
  sessionDate: string;
  program?: string;
}

export interface ReceivedFile {
  filename: string;
  data: Buffer;
}

/**
 * The uploader's file name, for display and error messages only (never a path): the last path segment, without
 * control characters (Postgres refuses NUL), at most 255 characters.
 */
export function safeFilename(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return clean === '' || clean === '.' || clean === '..' ? 'upload' : clean;
}

function fieldError(field: string, detail: string): DomainError {
  return new DomainError(detail, 400, 'invalid-field', { field });
}

interface PartsOptions {
  /** Text fields besides `file`. */
  allowed: readonly string[];
  /** What the `file` part holds, for messages. */
  what: string;
  /** Fields that may also come as a file part (e.g. a manifest attached with curl -F manifest=@m.csv), read as UTF-8 text. */
  textFiles?: readonly string[];
  /** Overrides of the multipart plugin's limits for this request. */
  limits?: Record<string, number>;
}

/**
 * Read the multipart body: exactly one `file` part plus the allowed fields, in any order. The file is buffered
 * (bounded by the multipart fileSize limit) because it is parsed before anything is stored.
 */
async function readParts(request: FastifyRequest, opts: PartsOptions): Promise<{ file: ReceivedFile; raw: Record<string, string> }> {
  const { allowed, what } = opts;
  if (!request.isMultipart()) {
    throw new DomainError(`send the ${what} as multipart/form-data with a "file" part`, 415, 'not-multipart');
  }
  const raw: Record<string, string> = {};
  let file: ReceivedFile | null = null;
  try {
    const parts = request.parts(opts.limits ? { limits: opts.limits } : {}) as AsyncIterable<MultipartFile | MultipartValue>;
    for await (const part of parts) {
      if (part.type === 'file') {
        if (opts.textFiles?.includes(part.fieldname)) {
          const text = (await part.toBuffer()).toString('utf8');
          if (raw[part.fieldname] !== undefined) throw fieldError(part.fieldname, `field "${part.fieldname}" is sent twice`);
          raw[part.fieldname] = text;
          continue;
        }
        if (part.fieldname !== 'file' || file) {
          await part.toBuffer().catch(() => {});
          throw fieldError(part.fieldname, file && part.fieldname === 'file' ? `send one "file" part, not several` : `unexpected file field "${part.fieldname}": send the ${what} in a field named "file"`);
        }
        file = { filename: safeFilename(part.filename), data: await part.toBuffer() };
      } else {
        if (!allowed.includes(part.fieldname)) {
          throw fieldError(part.fieldname, `unknown field "${part.fieldname}" (expected: file, ${allowed.join(', ')})`);
        }
        if (opts.textFiles?.includes(part.fieldname)) {
          // A manifest cut short, or sent twice, would silently drop rows.
          if (raw[part.fieldname] !== undefined) throw fieldError(part.fieldname, `field "${part.fieldname}" is sent twice`);
          if (part.valueTruncated) throw fieldError(part.fieldname, `field "${part.fieldname}" is over ${Math.round(MAX_MANIFEST_BYTES / 1024)} KB`);
        }
        raw[part.fieldname] = String(part.value ?? '').trim();
      }
    }
  } catch (err) {
    // Our own refusals and the multipart plugin's limits (FST_*) keep their meaning; anything else the parser
    // throws (no boundary, truncated body, headerless part) is a malformed request, not a server error.
    if (err instanceof DomainError || String((err as { code?: unknown }).code ?? '').startsWith('FST_')) throw err;
    throw new DomainError(`the multipart body could not be read: ${(err as Error).message}`, 400, 'malformed-multipart');
  }
  if (!file) throw fieldError('file', `missing the "file" part with the ${what}`);
  if (file.data.length === 0) {
    throw new DomainError(`${file.filename}: the file is empty`, 400, 'empty-file', { field: 'file', file: file.filename });
  }
  return { file, raw };
}

function roleFields(raw: Record<string, string>): RoleFields {
  const out: RoleFields = {};
  for (const who of ['mentor', 'mentee'] as const) {
    const v = raw[who];
    if (v === undefined || v === '') continue;
    if (v.length > 120) throw fieldError(who, `field "${who}" is longer than 120 characters`);
    out[who] = v;
  }
  return out;
}

/** A new session: file, dyad, sessionDate, optional mentor/mentee/program. */
export async function receiveUpload(request: FastifyRequest): Promise<ReceivedFile & { fields: UploadFields }> {
  const { file, raw } = await readParts(request, { allowed: ['dyad', 'sessionDate', 'mentor', 'mentee', 'program'], what: 'transcript' });
  const dyad = raw.dyad ?? '';
  if (!dyad) throw fieldError('dyad', 'missing field "dyad" (the program\'s key for the mentor–mentee pair, e.g. "dyad-07")');
  if (!isDyadKey(dyad)) {
    throw fieldError('dyad', 'field "dyad" must be 1–120 letters, digits, spaces or . _ : # / - and start with a letter or digit');
  }
  const sessionDate = raw.sessionDate ?? '';
  if (!sessionDate) throw fieldError('sessionDate', 'missing field "sessionDate" (ISO date, e.g. 2026-03-04)');
  if (!isIsoDate(sessionDate)) throw fieldError('sessionDate', `field "sessionDate" is not a valid ISO date (YYYY-MM-DD): "${sessionDate.slice(0, 40)}"`);
  const fields: UploadFields = { dyad, sessionDate, ...roleFields(raw) };
  if (raw.program) fields.program = raw.program.slice(0, 80);
  return { ...file, fields };
}

/** A corrected transcript for an existing session: file, optional mentor/mentee. */
export async function receiveReplacement(request: FastifyRequest): Promise<ReceivedFile & { fields: RoleFields }> {
  const { file, raw } = await readParts(request, { allowed: ['mentor', 'mentee'], what: 'transcript' });
  return { ...file, fields: roleFields(raw) };
}

/** Largest manifest, as a field or a file part: 2,000 rows of a few dozen characters fit many times over. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

/** A batch: a zip in `file`, an optional manifest (text field or file part) and an optional default program. */
export async function receiveBatch(request: FastifyRequest, maxZipBytes: number): Promise<ReceivedFile & { manifest?: string; program?: string }> {
  const { file, raw } = await readParts(request, {
    allowed: ['manifest', 'program'],
    what: 'zip of transcripts',
    textFiles: ['manifest'],
    limits: { fileSize: Math.max(maxZipBytes, MAX_MANIFEST_BYTES), files: 2, fieldSize: MAX_MANIFEST_BYTES, fields: 5, parts: 6 },
  }).catch((err: unknown) => {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      const mb = Math.round((maxZipBytes / 1024 / 1024) * 10) / 10;
      throw new DomainError(`the zip is over the ${mb} MB limit: split it into smaller zips`, 413, 'zip-too-large', { field: 'file' });
    }
    throw err;
  });
  if (file.data.length > maxZipBytes) {
    throw new DomainError(`the zip is over the ${Math.round((maxZipBytes / 1024 / 1024) * 10) / 10} MB limit: split it into smaller zips`, 413, 'zip-too-large', { field: 'file' });
  }
  const manifest = raw.manifest;
  if (manifest !== undefined && Buffer.byteLength(manifest) > MAX_MANIFEST_BYTES) throw fieldError('manifest', 'the manifest is over 1 MB');
  return { ...file, ...(manifest ? { manifest } : {}), ...(raw.program ? { program: raw.program.slice(0, 80) } : {}) };
}
