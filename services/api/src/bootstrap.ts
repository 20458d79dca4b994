import type { Config } from '@dyadic/config';
import { countApiKeys, ensureDefaultProgram, insertApiKey, migrate, withTransaction, type Pool } from '@dyadic/db';

/**
 * Prepare a database for use: apply migrations, create the default program, and on an empty key table create the
 * first admin key (DYADIC_BOOTSTRAP_KEY, else a generated one that is returned once so it can be printed once).
 */
export async function bootstrap(pool: Pool, config: Pick<Config, 'bootstrapKey'>): Promise<{ generatedKey: string | null; createdAdmin: boolean }> {
  await migrate(pool);
  return withTransaction(pool, async (client) => {
    // Serialise concurrent first boots (API and worker containers) so only one admin key is made.
    await client.query('select pg_advisory_xact_lock(7316102)');
    await ensureDefaultProgram(client);
    if ((await countApiKeys(client)) > 0) return { generatedKey: null, createdAdmin: false };
    const { key } = await insertApiKey(client, {
      programId: null,
      role: 'admin',
      name: 'bootstrap admin',
      ...(config.bootstrapKey ? { key: config.bootstrapKey } : {}),
    });
    return { generatedKey: config.bootstrapKey ? null : key, createdAdmin: true };
  });
}
