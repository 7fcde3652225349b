import type { Tracer } from '@opentelemetry/api';
import { reachPostgres, type Pool, type PoolClient } from './pool.js';
import { traceQueries } from './tracing.js';

/** A pool for one-off statements, or a client inside a transaction. */
export type Queryable = Pool | PoolClient;

export type QueryRunner = <T>(work: (db: Queryable) => Promise<T>, db?: Queryable) => Promise<T>;

/**
 * What every repository does around its statements: run them on the pool or inside the caller's
 * transaction, as spans when tracing is on, with "PostgreSQL unreachable" reported as the domain's
 * DependencyUnavailable.
 */
export function queryRunner(pool: Pool, tracer?: Tracer): QueryRunner {
  return (work, db = pool) => {
    const target = tracer ? (traceQueries(db, tracer) as Queryable) : db;
    return reachPostgres(() => work(target));
  };
}
