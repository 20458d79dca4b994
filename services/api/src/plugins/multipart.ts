import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';

/** Upload limits: one file of at most DYADIC_MAX_UPLOAD_MB, a handful of short fields. */
export default fp(
  async (app) => {
    await app.register(multipart, {
      limits: { fileSize: app.config.maxUploadBytes, files: 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 50 },
    });
  },
  { name: 'multipart', dependencies: ['deps'] },
);
