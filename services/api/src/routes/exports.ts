import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { exportDyads, exportSessions, listUtterances } from '@dyadic/db';
import { access } from '../access.js';
import { IdParams, problemResponses } from '../schemas/common.js';
import { DYAD_COLUMNS, SESSION_COLUMNS, UTTERANCE_COLUMNS } from '../export/columns.js';
import { csvLine } from '../export/csv.js';
import { dyadRow, sessionRow, utteranceRow } from '../export/rows.js';
import { dictionaryRows, rScript, spssSyntax } from '../export/scripts.js';
import { programInScope, record } from './scope.js';

const Csv = Type.String({ description: 'text/csv; UTF-8, RFC 4180, ISO dates, header row; see /api/v1/export/dictionary.csv' });

/** Stream CSV lines as they are produced: memory holds one page of rows, whatever the export's size. */
function sendCsv(reply: FastifyReply, filename: string, header: readonly { name: string }[], rows: AsyncIterable<unknown[]>) {
  async function* lines() {
    yield csvLine(header.map((c) => c.name));
    for await (const row of rows) yield csvLine(row);
  }
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`);
  return reply.send(Readable.from(lines()));
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const exported = async (request: FastifyRequest, programId: string, table: string) =>
    record(app, request, { programId, action: 'export', objectType: 'program', objectId: programId, detail: { table } });

  app.get('/api/v1/programs/:id/export/utterances.csv', {
    ...access('GET /api/v1/programs/:id/export/utterances.csv'),
    schema: {
      tags: ['exports'],
      summary: 'Tidy utterance table: one row per utterance, one column per tag and detail, evidence spans, codebook version',
      params: IdParams,
      produces: ['text/csv'],
      response: { 200: Csv, ...problemResponses },
    },
  }, async (request, reply) => {
    const program = await programInScope(app, request, request.params.id);
    await exported(request, program.id, 'utterances');
    async function* rows() {
      for await (const s of exportSessions(app.pool, program.id)) {
        for (const u of await listUtterances(app.pool, s.sessionId)) yield utteranceRow(s, u);
      }
    }
    return sendCsv(reply, `${program.slug}-utterances.csv`, UTTERANCE_COLUMNS, rows());
  });

  app.get('/api/v1/programs/:id/export/sessions.csv', {
    ...access('GET /api/v1/programs/:id/export/sessions.csv'),
    schema: { tags: ['exports'], summary: 'Session table: counts and every rate with numerator and denominator', params: IdParams, produces: ['text/csv'], response: { 200: Csv, ...problemResponses } },
  }, async (request, reply) => {
    const program = await programInScope(app, request, request.params.id);
    await exported(request, program.id, 'sessions');
    async function* rows() {
      for await (const s of exportSessions(app.pool, program.id)) yield sessionRow(s);
    }
    return sendCsv(reply, `${program.slug}-sessions.csv`, SESSION_COLUMNS, rows());
  });

  app.get('/api/v1/programs/:id/export/dyads.csv', {
    ...access('GET /api/v1/programs/:id/export/dyads.csv'),
    schema: { tags: ['exports'], summary: 'Dyad table: pooled rates and trend slopes', params: IdParams, produces: ['text/csv'], response: { 200: Csv, ...problemResponses } },
  }, async (request, reply) => {
    const program = await programInScope(app, request, request.params.id);
    await exported(request, program.id, 'dyads');
    async function* rows() {
      for await (const d of exportDyads(app.pool, program.id)) yield dyadRow(d);
    }
    return sendCsv(reply, `${program.slug}-dyads.csv`, DYAD_COLUMNS, rows());
  });

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
