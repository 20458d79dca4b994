import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { DomainError } from '@dyadic/domain';
import { getProgram, insertApiKey, listApiKeys, revokeApiKey } from '@dyadic/db';
import { access } from '../access.js';
import { IdParams, problemResponses } from '../schemas/common.js';
import { KeyCreate, KeyView } from '../schemas/keys.js';
import { iso, notFound, record, scopeOf } from './scope.js';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/keys', {
    ...access('GET /api/v1/keys'),
    schema: { tags: ['keys'], summary: 'API keys of your program(s), without secrets', response: { 200: Type.Object({ items: Type.Array(KeyView) }), ...problemResponses } },
  }, async (request) => ({
    items: (await listApiKeys(app.pool, scopeOf(request))).map((k) => ({ ...k, createdAt: iso(k.createdAt)!, revokedAt: iso(k.revokedAt) })),
  }));

  app.post('/api/v1/keys', {
    ...access('POST /api/v1/keys'),
    schema: {
      tags: ['keys'],
      summary: 'Create an API key; the secret is in the response once and is stored only as a scrypt hash',
      body: KeyCreate,
      response: { 201: KeyView, ...problemResponses },
    },
  }, async (request, reply) => {
    const scope = scopeOf(request);
    const programId = request.body.programId === undefined ? scope : request.body.programId;
    if (scope && programId !== scope) throw notFound('program');
    if (programId === null && (scope !== null || request.body.role !== 'admin')) {
      throw new DomainError('only admin keys may span every program; give a programId', 400, 'invalid-field', { field: 'programId' });
    }
    if (programId && !(await getProgram(app.pool, programId, scope))) throw notFound('program');
    const { id, key } = await insertApiKey(app.pool, { programId, role: request.body.role, name: request.body.name });
    await record(app, request, { programId, action: 'create', objectType: 'api_key', objectId: id, detail: { role: request.body.role } });
    const row = (await listApiKeys(app.pool, programId)).find((k) => k.id === id)!;
    reply.code(201);
    return { ...row, createdAt: iso(row.createdAt)!, revokedAt: null, key };
  });

  app.delete('/api/v1/keys/:id', {
    ...access('DELETE /api/v1/keys/:id'),
    schema: { tags: ['keys'], summary: 'Revoke a key (within a minute on every API process)', params: IdParams, response: { 204: Type.Null(), ...problemResponses } },
  }, async (request, reply) => {
    if (!(await revokeApiKey(app.pool, request.params.id, scopeOf(request)))) throw notFound('key');
    app.forgetVerifiedKeys();
    await record(app, request, { programId: scopeOf(request), action: 'revoke', objectType: 'api_key', objectId: request.params.id });
    return reply.code(204).send(null);
  });
};

export default routes;
