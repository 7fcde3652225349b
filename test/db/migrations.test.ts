import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DownMigrationRefused, migrateDown, migrateUp } from '../../src/db/migrate.js';
import { createTestDatabase } from '../support/harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function tables(url: string): Promise<string[]> {
  const rows = await query<{ table_name: string }>(
    url,
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY 1",
  );
  return rows.map((row) => row.table_name);
}

const version = async (url: string) => Number((await query<{ v: string }>(url, 'SELECT max(version) AS v FROM schema_migrations'))[0]!.v);

/** The entry point the way `make migrate-down` runs it; resolves with its exit code and output. */
async function migrateCommand(url: string, ...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts', 'migrate', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'info' },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('migrations', () => {
  it('go up, down to an empty database when forced, and up again', async () => {
    const { url } = await createTestDatabase({ migrate: false });
    const up = await migrateUp(url);
    expect(up.from).toBe(0);
    expect(up.to).toBeGreaterThan(0);
    expect(await tables(url)).toContain('orders');

    const down = await migrateDown(url, { to: 0, force: true });
    expect(down.to).toBe(0);
    expect(await tables(url)).toEqual([]);

    const again = await migrateUp(url);
    expect(again.to).toBe(up.to);
    expect(await tables(url)).toContain('orders');
  });

  it('undo the newest migration only, by default', async () => {
    const { url } = await createTestDatabase();
    const newest = (await migrateUp(url)).to;
    const down = await migrateDown(url, { force: true });
    expect(down.from).toBe(newest);
    expect(down.to).toBeLessThan(newest);
  });

  it('refuse to go down unless forced, naming what would be undone, and change nothing', async () => {
    const { url } = await createTestDatabase();
    const newest = await version(url);
    await query(url, "INSERT INTO orders (customer_id, total_amount, status) VALUES (7, 12.50, 'failed')");

    const refused = await migrateDown(url).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(DownMigrationRefused);
    expect((refused as DownMigrationRefused).undo.map((m) => m.version)).toEqual([newest]);

    // Down to an empty database: every undo is listed, the ones that destroy the ledger and rewrite statuses among them.
    const all = (await migrateDown(url, { to: 0 }).catch((error: unknown) => error)) as DownMigrationRefused;
    // Every applied migration, newest first (numbers may have gaps: they are assigned per branch).
    const applied = (await query<{ version: string }>(url, 'SELECT version FROM schema_migrations ORDER BY version DESC')).map((row) => Number(row.version));
    expect(all.undo.map((m) => m.version)).toEqual(applied.filter((v) => v > 0));
    expect(all.message).toMatch(/0006 \(payments-and-shipments\).*0004 \(failed-status\).*0002 \(concurrency-and-idempotency\)/);

    expect(await version(url)).toBe(newest);
    expect(await tables(url)).toEqual(expect.arrayContaining(['payment_captures', 'idempotency_keys', 'webhook_endpoints']));
    expect(await query(url, 'SELECT status FROM orders')).toEqual([{ status: 'failed' }]);
  });

  it('make migrate-down refuses with an explanation unless FORCE=1', async () => {
    const { url } = await createTestDatabase();
    const newest = await version(url);

    const refused = await migrateCommand(url, 'down');
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/Refusing to undo migration .*cannot be brought back.*FORCE=1/s);
    expect(await version(url)).toBe(newest);

    expect((await migrateCommand(url, 'down', '--bogus')).code).toBe(1);
    expect(await version(url)).toBe(newest);

    const forced = await migrateCommand(url, 'down', '--force');
    expect(forced.code, forced.output).toBe(0);
    expect(await version(url)).toBeLessThan(newest);

    // The make target passes FORCE=1 on as --force, and nothing else does.
    const { stdout: dryRun } = await promisify(execFile)('make', ['-n', '--no-print-directory', 'migrate-down', 'FORCE=1'], { cwd: root });
    expect(dryRun).toMatch(/src\/main\.ts migrate down --force/);
    const { stdout: unforced } = await promisify(execFile)('make', ['-n', '--no-print-directory', 'migrate-down'], { cwd: root });
    expect(unforced).not.toMatch(/--force/);
  });

  it('are a no-op when already applied', async () => {
    const { url } = await createTestDatabase();
    const result = await migrateUp(url);
    expect(result.from).toBe(result.to);
  });
});
