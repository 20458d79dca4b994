import { DomainError, NotFoundError } from '@dyadic/domain';
import { CODEBOOK_VERSION, loadCodebook, type Codebook, type ExtraDictionary } from '@dyadic/tagging';
import type { Queryable } from './pool.js';

export interface ProgramCodebookRow {
  version: string;
  baseVersion: string;
  extraTerms: ExtraDictionary;
  note: string | null;
  createdAt: string;
  active: boolean;
}

/**
 * Store a program's own dictionary as a codebook version. The version name is derived from the terms
 * (loadCodebook hashes them), so saving the same terms twice is the same version, not a new one.
 */
export async function saveProgramCodebook(
  db: Queryable,
  programId: string,
  extraTerms: ExtraDictionary,
  note: string | null = null,
): Promise<{ version: string; created: boolean }> {
  const version = loadCodebook({ extraTerms }).version;
  const { rowCount } = await db.query(
    `insert into program_codebooks (program_id, version, base_version, extra_terms, note)
     values ($1, $2, $3, $4, $5) on conflict (program_id, version) do nothing`,
    [programId, version, CODEBOOK_VERSION, JSON.stringify(extraTerms), note],
  );
  return { version, created: rowCount === 1 };
}

/** The shipped version first, then the program's own, newest last; `active` marks what new uploads use. */
export async function listProgramCodebooks(db: Queryable, programId: string): Promise<ProgramCodebookRow[]> {
  const { rows } = await db.query<ProgramCodebookRow>(
    `select pc.version, pc.base_version as "baseVersion", pc.extra_terms as "extraTerms", pc.note,
            pc.created_at as "createdAt", coalesce(p.codebook_version = pc.version, false) as active
       from program_codebooks pc join programs p on p.id = pc.program_id
      where pc.program_id = $1 order by pc.created_at, pc.version`,
    [programId],
  );
  const { rows: p } = await db.query<{ v: string | null }>('select codebook_version as v from programs where id = $1', [programId]);
  const shipped: ProgramCodebookRow = {
    version: CODEBOOK_VERSION,
    baseVersion: CODEBOOK_VERSION,
    extraTerms: {},
    note: 'shipped codebook',
    createdAt: new Date(0).toISOString(),
    active: (p[0]?.v ?? null) === null,
  };
  return [shipped, ...rows];
}

/**
 * Make `version` (the shipped one or one of the program's) the version new uploads are tagged with. Returns the
 * version active before (the shipped one for null), so the caller knows whether the live results must be re-run.
 * Call in the transaction that also queues that re-run: the row lock orders it against jobs writing live results.
 */
export async function setActiveCodebook(db: Queryable, programId: string, version: string): Promise<{ previous: string; changed: boolean }> {
  if (version !== CODEBOOK_VERSION) {
    const { rowCount } = await db.query('select 1 from program_codebooks where program_id = $1 and version = $2', [programId, version]);
    if (!rowCount) throw new NotFoundError(`codebook version ${version}`);
  }
  const { rows } = await db.query<{ v: string | null }>('select codebook_version as v from programs where id = $1 for update', [programId]);
  if (!rows[0]) throw new NotFoundError('program');
  const previous = rows[0].v ?? CODEBOOK_VERSION;
  await db.query('update programs set codebook_version = $2 where id = $1', [programId, version === CODEBOOK_VERSION ? null : version]);
  return { previous, changed: previous !== version };
}

/**
 * The compiled codebook for a program: `version` if given (the shipped one or one of the program's),
 * else the program's active version. Unknown versions are a 404, so a typo never silently tags with another.
 */
export async function codebookFor(db: Queryable, programId: string, version?: string): Promise<Codebook> {
  let wanted = version;
  if (wanted === undefined) {
    const { rows } = await db.query<{ v: string | null }>('select codebook_version as v from programs where id = $1', [programId]);
    if (!rows[0]) throw new NotFoundError('program');
    wanted = rows[0].v ?? CODEBOOK_VERSION;
  }
  if (wanted === CODEBOOK_VERSION) return loadCodebook();
  const { rows } = await db.query<{ extra: ExtraDictionary; base: string }>(
    'select extra_terms as extra, base_version as base from program_codebooks where program_id = $1 and version = $2',
    [programId, wanted],
  );
  const row = rows[0];
  if (!row) throw new NotFoundError(`codebook version ${wanted}`);
  if (row.base !== CODEBOOK_VERSION) {
    throw new DomainError(`codebook version ${wanted} extends ${row.base}, which this build does not ship`, 409, 'codebook-unavailable');
  }
  return loadCodebook({ extraTerms: row.extra });
}
