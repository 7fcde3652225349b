import { fileURLToPath } from 'node:url';
import pg from 'pg';
import Postgrator from 'postgrator';

const MIGRATIONS = fileURLToPath(new URL('../../migrations/*.sql', import.meta.url));
/** Serialises migrations between processes that start at once (API and worker). */
const MIGRATION_LOCK_KEY = 7233001;

export interface MigrationResult {
  from: number;
  to: number;
}

async function withPostgrator<T>(databaseUrl: string, work: (postgrator: Postgrator) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'order-processing-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const postgrator = new Postgrator({
      migrationPattern: MIGRATIONS,
      driver: 'pg',
      schemaTable: 'schema_migrations',
      execQuery: (query) => client.query(query),
    });
    return await work(postgrator);
  } finally {
    await client.end();
  }
}

async function migrateTo(postgrator: Postgrator, target: number | 'max'): Promise<MigrationResult> {
  const from = await postgrator.getDatabaseVersion();
  await postgrator.migrate(String(target));
  return { from, to: await postgrator.getDatabaseVersion() };
}

/** Applies migrations/ (NNNN.do.name.sql) up to `target`, by default the newest. */
export function migrateUp(databaseUrl: string, target: number | 'max' = 'max'): Promise<MigrationResult> {
  return withPostgrator(databaseUrl, (postgrator) => migrateTo(postgrator, target));
}

/**
 * A down migration was asked for without `force`. Undo scripts destroy data (0006 drops the payment
 * ledger, 0004 turns failed orders into cancelled ones, 0002 drops the idempotency keys), so
 * nothing runs until the caller says it knows.
 */
export class DownMigrationRefused extends Error {
  constructor(readonly undo: { version: number; name: string }[]) {
    super(
      `Refusing to undo ${undo.length === 1 ? 'migration' : 'migrations'} ${undo.map((m) => `${String(m.version).padStart(4, '0')} (${m.name})`).join(', ')}: ` +
        'undo scripts drop tables and rewrite rows, and the data they remove cannot be brought back. ' +
        'Back the database up first, then force it (make migrate-down FORCE=1, or `migrate down --force`).',
    );
    this.name = 'DownMigrationRefused';
  }
}

/**
 * Undoes the newest applied migration (NNNN.undo.name.sql), or down to `to` when given (0 = empty).
 * Refuses with DownMigrationRefused, changing nothing, unless `force` is set.
 */
export function migrateDown(databaseUrl: string, options: { to?: number; force?: boolean } = {}): Promise<MigrationResult> {
  return withPostgrator(databaseUrl, async (postgrator) => {
    const current = await postgrator.getDatabaseVersion();
    const migrations = await postgrator.getMigrations();
    const older = migrations.map((m) => m.version).filter((v) => v < current);
    const target = options.to ?? (older.length > 0 ? Math.max(...older) : 0);
    if (!options.force) {
      const undo = migrations.filter((m) => m.action === 'undo' && m.version > target && m.version <= current).sort((a, b) => b.version - a.version);
      if (undo.length > 0) throw new DownMigrationRefused(undo.map((m) => ({ version: m.version, name: m.name })));
    }
    return migrateTo(postgrator, target);
  });
}
