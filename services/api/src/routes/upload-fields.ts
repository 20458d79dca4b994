import { DomainError } from '@dyadic/domain';
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

const DYAD_KEY = /^[\p{L}\p{N}][\p{L}\p{N} ._:#/-]{0,119}$/u;

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

/** A real calendar date in ISO form, within a sane range. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1990 && y <= 2100 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * Read the multipart body: exactly one `file` part plus the allowed fields, in any order. The file is buffered
 * (bounded by the multipart fileSize limit) because it is parsed before anything is stored.
 */
async function readParts(request: FastifyRequest, allowed: readonly string[]): Promise<{ file: ReceivedFile; raw: Record<string, string> }> {
  if (!request.isMultipart()) {
    throw new DomainError('send the transcript as multipart/form-data with a "file" part', 415, 'not-multipart');
  }
  const raw: Record<string, string> = {};
  let file: ReceivedFile | null = null;
  try {
    for await (const part of request.parts() as AsyncIterable<MultipartFile | MultipartValue>) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          await part.toBuffer().catch(() => {});
          throw fieldError(part.fieldname, `unexpected file field "${part.fieldname}": send the transcript in a field named "file"`);
        }
        file = { filename: safeFilename(part.filename), data: await part.toBuffer() };
      } else {
        if (!allowed.includes(part.fieldname)) {
          throw fieldError(part.fieldname, `unknown field "${part.fieldname}" (expected: file, ${allowed.join(', ')})`);
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
  if (!file) throw fieldError('file', 'missing the "file" part with the transcript');
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
  const { file, raw } = await readParts(request, ['dyad', 'sessionDate', 'mentor', 'mentee', 'program']);
  const dyad = raw.dyad ?? '';
  if (!dyad) throw fieldError('dyad', 'missing field "dyad" (the program\'s key for the mentor–mentee pair, e.g. "dyad-07")');
  if (!DYAD_KEY.test(dyad)) {
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
  const { file, raw } = await readParts(request, ['mentor', 'mentee']);
  return { ...file, fields: roleFields(raw) };
}
