import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type, { type TSchema } from 'typebox';
import { exportDyads, exportSessions, exportUtterances } from '@dyadic/db';
import { access } from '../access.js';
import { IdParams, problemResponses } from '../schemas/common.js';
import { TABLES, type Column, type TableName } from '../export/columns.js';
import { batched, csvLine } from '../export/csv.js';
import { jsonlLine } from '../export/jsonl.js';
import { parquetChunks } from '../export/parquet.js';
import { dyadRow, sessionRow, utteranceRow } from '../export/rows.js';
import { dictionaryRows, rScript, spssSyntax } from '../export/scripts.js';
import { programInScope, record } from './scope.js';

const Csv = Type.String({ description: 'text/csv; UTF-8, RFC 4180, ISO dates, header row; see /api/v1/export/dictionary.csv' });

type Rows = AsyncIterable<unknown[]>;

/**
 * The three export formats. Each streams: memory holds one page of rows (CSV, JSON Lines) or one row group
 * (Parquet), whatever the export's size. Column names, order and types are the data dictionary's in all three.
 */
function csvChunks(header: readonly { name: string }[], rows: Rows): AsyncIterable<string> {
  return batched(
    (async function* () {
      yield csvLine(header.map((c) => c.name));
      for await (const row of rows) yield csvLine(row);
    })(),
  );
}

const FORMATS = {
  csv: {
    contentType: 'text/csv; charset=utf-8',
    schema: Csv,
    encode: (columns: readonly Column[], rows: Rows) => csvChunks(columns, rows),
  },
  jsonl: {
    contentType: 'application/x-ndjson; charset=utf-8',
    schema: Type.String({ description: 'JSON Lines: one JSON object per row keyed by the dictionary column names; booleans, numbers, ISO dates, null for empty; evidence as nested JSON' }),
    encode: (columns: readonly Column[], rows: Rows) =>
      batched(
        (async function* () {
          for await (const row of rows) yield jsonlLine(columns, row);
        })(),
      ),
  },
  parquet: {
    contentType: 'application/vnd.apache.parquet',
    schema: Type.String({ format: 'binary', description: 'Apache Parquet (snappy): BOOLEAN, INT32, DOUBLE, DATE and UTF-8 string columns as in the data dictionary, all nullable' }),
    encode: (columns: readonly Column[], rows: Rows, table: TableName) => parquetChunks(columns, rows, { metadata: { 'dyadic.table': table, 'dyadic.dictionary': '/api/v1/export/dictionary.csv' } }),
  },
} as const satisfies Record<string, { contentType: string; schema: TSchema; encode: (columns: readonly Column[], rows: Rows, table: TableName) => AsyncIterable<string | Uint8Array> }>;
type Format = keyof typeof FORMATS;

const TABLE_EXPORTS: Record<TableName, { summary: string; rows: (app: FastifyInstance, programId: string) => Rows }> = {
  utterances: {
    summary: 'Tidy utterance table: one row per utterance, one column per tag and detail, evidence spans, codebook version',
    rows: async function* (app, programId) {
      for await (const { session, utterance } of exportUtterances(app.pool, programId)) yield utteranceRow(session, utterance);
    },
  },
  sessions: {
    summary: 'Session table: counts and every rate with numerator and denominator',
    rows: async function* (app, programId) {
      for await (const s of exportSessions(app.pool, programId)) yield sessionRow(s);
    },
  },
  dyads: {
    summary: 'Dyad table: pooled rates and trend slopes',
    rows: async function* (app, programId) {
      for await (const d of exportDyads(app.pool, programId)) yield dyadRow(d);
    },
  },
};

function sendStream(reply: FastifyReply, contentType: string, filename: string, chunks: AsyncIterable<string | Uint8Array>) {
  reply.type(contentType).header('content-disposition', `attachment; filename="${filename}"`);
  return reply.send(Readable.from(chunks));
}

/** Stream CSV lines as they are produced: memory holds one page of rows, whatever the export's size. */
function sendCsv(reply: FastifyReply, filename: string, header: readonly { name: string }[], rows: Rows) {
  return sendStream(reply, FORMATS.csv.contentType, filename, csvChunks(header, rows));
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  for (const table of ['utterances', 'sessions', 'dyads'] as const) {
    for (const format of ['csv', 'jsonl', 'parquet'] as const satisfies readonly Format[]) {
      const f = FORMATS[format];
      app.get(`/api/v1/programs/:id/export/${table}.${format}`, {
        ...access(`GET /api/v1/programs/:id/export/${table}.${format}`),
        schema: {
          tags: ['exports'],
          summary: `${TABLE_EXPORTS[table].summary} (${format === 'jsonl' ? 'JSON Lines' : format === 'csv' ? 'CSV' : 'Parquet'})`,
          params: IdParams,
          produces: [f.contentType.split(';')[0]!],
          response: { 200: f.schema, ...problemResponses },
        },
      }, async (request, reply) => {
        const program = await programInScope(app, request, request.params.id);
        await record(app, request, { programId: program.id, action: 'export', objectType: 'program', objectId: program.id, detail: { table, format } });
        const chunks = f.encode(TABLES[table], TABLE_EXPORTS[table].rows(app, program.id), table);
        return sendStream(reply, f.contentType, `${program.slug}-${table}.${format}`, chunks);
      });
    }
  }

  app.get('/api/v1/export/dictionary.csv', {
    ...access('GET /api/v1/export/dictionary.csv'),
    schema: { tags: ['exports'], summary: 'Data dictionary: every column of the three tables with type, meaning and values', produces: ['text/csv'], response: { 200: Csv, ...problemResponses } },
  }, async (_request, reply) => {
    async function* rows() {
      yield* dictionaryRows();
    }
    return sendCsv(reply, 'dyadic-dictionary.csv', [{ name: 'table' }, { name: 'column' }, { name: 'type' }, { name: 'meaning' }, { name: 'values' }], rows());
  });

  app.get('/api/v1/export/dyadic.R', {
    ...access('GET /api/v1/export/dyadic.R'),
    schema: { tags: ['exports'], summary: 'R script reading the exported CSVs with types and labels', produces: ['text/plain'], response: { 200: Type.String(), ...problemResponses } },
  }, async (_request, reply) => reply.type('text/plain; charset=utf-8').header('content-disposition', 'attachment; filename="dyadic.R"').send(rScript()));

  app.get('/api/v1/export/dyadic.sps', {
    ...access('GET /api/v1/export/dyadic.sps'),
    schema: { tags: ['exports'], summary: 'SPSS syntax reading the exported CSVs with formats and variable labels', produces: ['text/plain'], response: { 200: Type.String(), ...problemResponses } },
  }, async (_request, reply) => reply.type('text/plain; charset=utf-8').header('content-disposition', 'attachment; filename="dyadic.sps"').send(spssSyntax()));
};

export default routes;
