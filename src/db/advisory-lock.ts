import type pg from 'pg';

/** Keys of the session-level advisory locks the app takes (src/db/migrate.ts has 7233001). */
export const ADVISORY_LOCK = { temporalSearchAttributes: 7233002 } as const;

/**
 * Runs `work` while holding a PostgreSQL advisory lock: processes that share the database (every
 * API and worker of a deployment) take turns. The lock belongs to the session, so it goes with the
 * connection if this process dies.
 */
export async function withAdvisoryLock<T>(pool: pg.Pool, key: number, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [key]);
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [key]).catch((error: Error) => (broken = error));
    }
  } finally {
    // A connection whose unlock failed may still hold the lock: destroy it rather than pool it.
    client.release(broken);
  }
}
