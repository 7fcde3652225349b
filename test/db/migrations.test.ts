import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrateDown, migrateUp } from '../../src/db/migrate.js';
import { createTestDatabase } from '../support/harness.js';

async function tables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY 1",
    );
    return rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  it('go up, down to an empty database, and up again', async () => {
    const { url } = await createTestDatabase({ migrate: false });
    const up = await migrateUp(url);
    expect(up.from).toBe(0);
    expect(up.to).toBeGreaterThan(0);
    expect(await tables(url)).toContain('orders');

    const down = await migrateDown(url, 0);
    expect(down.to).toBe(0);
    expect(await tables(url)).toEqual([]);

    const again = await migrateUp(url);
    expect(again.to).toBe(up.to);
    expect(await tables(url)).toContain('orders');
  });

  it('undo the newest migration only, by default', async () => {
    const { url } = await createTestDatabase();
    const newest = (await migrateUp(url)).to;
    const down = await migrateDown(url);
    expect(down.from).toBe(newest);
    expect(down.to).toBeLessThan(newest);
  });

  it('are a no-op when already applied', async () => {
    const { url } = await createTestDatabase();
    const result = await migrateUp(url);
    expect(result.from).toBe(result.to);
  });
});
