import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

// Return `date` columns as the ISO string they are ('2025-03-01'), not as a local-midnight Date.
pg.types.setTypeParser(1082, (v) => v);

export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
  // An idle client that loses its server emits 'error' on the pool; without a listener that crashes the process.
  pool.on('error', () => {});
  return pool;
}

const ignore = () => {};
// Clients that already carry a permanent no-op 'error' listener (added once, not per checkout).
const guarded = new WeakSet<pg.PoolClient>();

/**
 * Check out a client for `fn`. While a client is checked out pg-pool does not listen for its errors, so a server
 * restart would crash the process with an unhandled 'error'; we listen, and a client that failed is destroyed
 * instead of going back to the pool.
 */
export async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => (broken = err);
  client.on('error', onError);
  try {
    return await fn(client);
  } catch (err) {
    if (isConnectionError(err)) broken ??= err as Error;
    throw err;
  } finally {
    client.off('error', onError);
    // A late error from a client we hand back or destroy must not crash the process.
    if (!guarded.has(client)) {
      guarded.add(client);
      client.on('error', ignore);
    }
    client.release(broken);
  }
}

/** Run `fn` in a transaction: commit on success, roll back and rethrow on failure. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, async (client) => {
    await client.query('begin');
    try {
      const result = await fn(client);
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    }
  });
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);

/** The database is unreachable or restarting (as opposed to a bad query): callers answer 503 / retry later. */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code;
  if (code && CONNECTION_CODES.has(code)) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(err.message);
}

/**
 * Wait until the database answers (a process may start while Postgres restarts): retry connection errors with
 * backoff up to `timeoutMs`, then give up with the last error. Other errors are thrown at once.
 */
export async function waitForDatabase(pool: pg.Pool, opts: { timeoutMs?: number; onRetry?: (err: Error) => void } = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
    try {
      await pool.query('select 1');
      return;
    } catch (err) {
      if (!isConnectionError(err) || Date.now() + delay > deadline) throw err;
      opts.onRetry?.(err as Error);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
