import pg from 'pg';
import { DependencyUnavailable, TransactionAborted } from '../shared/errors.js';
import { PreparingClient } from './prepared-statements.js';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/** How long a request waits for a pooled connection before it answers 503. */
export const POOL_CONNECT_TIMEOUT_MS = 3000;

export function createPool(connectionString: string, size: number, options: { preparedStatements?: boolean } = {}): Pool {
  const pool = new pg.Pool({
    connectionString,
    max: size,
    // An outage must become a quick 503, not a request that hangs until the client gives up.
    connectionTimeoutMillis: POOL_CONNECT_TIMEOUT_MS,
    query_timeout: 15_000,
    idleTimeoutMillis: 30_000,
    application_name: 'order-processing',
    ...(options.preparedStatements === false ? {} : { Client: PreparingClient }),
  });
  // An idle client losing its connection (PostgreSQL restarted) must not crash the process;
  // the pool drops it and the next checkout connects afresh.
  pool.on('error', () => undefined);
  return pool;
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', '57P01', '57P02', '57P03']);

/** True when the error means PostgreSQL could not be reached, as opposed to a query being wrong. */
export function isPostgresUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08'))) return true;
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Query read timeout/i.test(error.message);
}

/** serialization_failure and deadlock_detected: PostgreSQL rolled the transaction back for a concurrent one; a retry may pass. */
const TRANSACTION_ABORTED_CODES = new Set(['40001', '40P01']);

/** True when PostgreSQL aborted the transaction to resolve a conflict with a concurrent one. */
export function isTransactionAborted(error: unknown): boolean {
  return error instanceof Error && TRANSACTION_ABORTED_CODES.has((error as { code?: unknown }).code as string);
}

/**
 * Runs a database call, turning "cannot reach PostgreSQL" into the domain's DependencyUnavailable and
 * a transaction PostgreSQL aborted for a concurrent one into TransactionAborted (both retryable 503s).
 * The one place database errors become domain errors.
 */
export async function reachPostgres<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isPostgresUnavailable(error)) throw new DependencyUnavailable('postgres', { cause: error });
    if (isTransactionAborted(error)) throw new TransactionAborted({ cause: error });
    throw error;
  }
}

/** Runs `work` in one transaction on one connection; rolls back when it throws. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return reachPostgres(async () => {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = isPostgresUnavailable(error);
      if (!broken) await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      client.release(broken);
    }
  });
}
