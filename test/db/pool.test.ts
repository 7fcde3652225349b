/**
 * How a transaction that PostgreSQL aborted to resolve a conflict (a deadlock, a serialization
 * failure) leaves: a retryable DomainError (503 with Retry-After), never a 500. On a real database.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, inTransaction, type Pool } from '../../src/db/pool.js';
import { toProblem } from '../../src/http/problem.js';
import { DomainError } from '../../src/shared/errors.js';
import { createTestDatabase } from '../support/harness.js';

let pool: Pool;
beforeAll(async () => {
  const { url } = await createTestDatabase({ migrate: false });
  pool = createPool(url, 4);
  await pool.query('CREATE TABLE pair (id INT PRIMARY KEY, n INT NOT NULL)');
  await pool.query('INSERT INTO pair VALUES (1, 0), (2, 0)');
});
afterAll(() => pool?.end());

/** Locks one row, waits for the other transaction to lock its own, then asks for that one. */
function lockBothInOrder(first: number, second: number, bothHoldOne: { wait: () => Promise<void> }) {
  return inTransaction(pool, async (tx) => {
    await tx.query('UPDATE pair SET n = n + 1 WHERE id = $1', [first]);
    await bothHoldOne.wait();
    await tx.query('UPDATE pair SET n = n + 1 WHERE id = $1', [second]);
  });
}

function barrier(parties: number) {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    wait: () => {
      if (++arrived === parties) open();
      return opened;
    },
  };
}

describe('transactions PostgreSQL aborts', () => {
  it('a deadlock (40P01) is a retryable 503 for the transaction chosen as its victim; the other commits', async () => {
    const both = barrier(2);
    const results = await Promise.allSettled([lockBothInOrder(1, 2, both), lockBothInOrder(2, 1, both)]);
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected).toHaveLength(1);
    const error = rejected[0]!.reason as unknown;
    expect(error).toBeInstanceOf(DomainError);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('40P01');
    expect(toProblem(error)).toMatchObject({ status: 503, detail: expect.stringMatching(/nothing was changed.*retry/i) });
    const { rows } = await pool.query('SELECT sum(n)::int AS n FROM pair');
    expect(rows[0]).toEqual({ n: 2 });
  });

  it('a serialization failure (40001) is a retryable 503 too', async () => {
    const error = await inTransaction(pool, (tx) => tx.query(`DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END $$`)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(toProblem(error)).toMatchObject({ status: 503 });
  });

  it('any other error stays as it is (a bug is a 500, not a retry)', async () => {
    const error = await inTransaction(pool, (tx) => tx.query('SELECT 1/0')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(pg.DatabaseError);
    expect(toProblem(error)).toMatchObject({ status: 500 });
  });
});
