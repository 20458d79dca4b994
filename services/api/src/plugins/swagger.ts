import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

/** OpenAPI 3 document at /docs/json, UI at /docs (assets served from the package: works offline). */
export default fp(
  async (app) => {
    await app.register(swagger, {
      // Only documented API routes: the queue dashboard and the UI's own assets stay out of the contract.
      hideUntagged: true,
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Dyadic API',
          version: '1.0.0',
          description:
            'Turns recorded mentoring conversations into per-session and per-dyad indicators: self-disclosure, emotion ' +
            'disclosure, mentor advice and reciprocated disclosure, each with the utterances and evidence spans behind it.\n\n' +
            '**Indicators, not a score.** The study these indicators come from (Ryan, Kramer & Cohn 2016) is exploratory ' +
            '(9 dyads). Dyadic never combines them into a single connection score; read them side by side, with their counts.\n\n' +
            'Errors are `application/problem+json` (RFC 9457): `type`, `title`, `status`, `detail`, plus fields such as ' +
            '`file`, `line`, `field` where they apply.',
        },
        components: {
          securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <key>' } },
        },
        security: [{ apiKey: [] }],
        tags: [
          { name: 'transcripts', description: 'Upload a session transcript and read its tagged utterances' },
          { name: 'dyads', description: 'Mentor–mentee pairs and their session metrics' },
          { name: 'programs', description: 'Programs, their settings, overview of all dyads, audit log' },
          { name: 'keys', description: 'API keys and roles (admin)' },
          { name: 'webhooks', description: 'Signed event deliveries with a delivery log' },
          { name: 'exports', description: 'Tidy CSV tables for R/SPSS/Python, the data dictionary, R and SPSS scripts' },
          { name: 'operations', description: 'Health and Prometheus metrics' },
        ],
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'swagger' },
);
