/**
 * The pool's connections send parameterised statements as named prepared statements: PostgreSQL
 * parses and plans each text once per connection. On a real database, read back from
 * pg_prepared_statements of the connection that ran them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, inTransaction, type Pool } from '../../src/db/pool.js';
import { createTestDatabase } from '../support/harness.js';

let pool: Pool;
let url: string;
beforeAll(async () => {
  ({ url } = await createTestDatabase({ migrate: false }));
  pool = createPool(url, 1);
  await pool.query('CREATE TABLE things (id INT PRIMARY KEY, name TEXT NOT NULL)');
});
afterAll(() => pool?.end());

const preparedOnThisConnection = async (client: { query: Pool['query'] }) =>
  (await client.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements ORDER BY statement')).rows.map((row) => row.statement);

describe('prepared statements', () => {
  it('prepares a parameterised statement once per connection and reuses it', async () => {
    const insert = 'INSERT INTO things (id, name) VALUES ($1, $2) RETURNING name';
    await pool.query(insert, [1, 'one']);
    const again = await pool.query(insert, [2, 'two']);
    expect(again.rows).toEqual([{ name: 'two' }]);
    // One connection in this pool: the statement list is that connection's.
    expect((await preparedOnThisConnection(pool)).filter((text) => text === insert)).toHaveLength(1);
  });

  it('gives two texts two statements, and runs statements without values as they are', async () => {
    await pool.query('SELECT name FROM things WHERE id = $1', [1]);
    await pool.query("SELECT name FROM things WHERE name = 'one'");
    const prepared = await preparedOnThisConnection(pool);
    expect(prepared).toContain('SELECT name FROM things WHERE id = $1');
    expect(prepared).not.toContain("SELECT name FROM things WHERE name = 'one'");
  });

  it('works inside a transaction, and a failed statement leaves the connection usable', async () => {
    const rename = 'UPDATE things SET name = $2 WHERE id = $1 RETURNING name';
    await expect(inTransaction(pool, (client) => client.query('INSERT INTO things (id, name) VALUES ($1, $2)', [1, 'duplicate']))).rejects.toMatchObject({
      code: '23505',
    });
    const renamed = await inTransaction(pool, async (client) => (await client.query(rename, [1, 'uno'])).rows);
    expect(renamed).toEqual([{ name: 'uno' }]);
    expect((await pool.query('SELECT name FROM things WHERE id = $1', [1])).rows).toEqual([{ name: 'uno' }]);
  });

  it('prepares nothing when DATABASE_PREPARED_STATEMENTS is false (a pooler in transaction mode)', async () => {
    const plain = createPool(url, 1, { preparedStatements: false });
    try {
      const lookup = 'SELECT name FROM things WHERE id = $1 AND name IS NOT NULL';
      await plain.query(lookup, [1]);
      expect(await preparedOnThisConnection(plain)).not.toContain(lookup);
    } finally {
      await plain.end();
    }
  });
});
