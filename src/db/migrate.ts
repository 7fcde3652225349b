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

/** Undoes the newest applied migration (NNNN.undo.name.sql), or down to `target` when given (0 = empty). */
export function migrateDown(databaseUrl: string, target?: number): Promise<MigrationResult> {
  return withPostgrator(databaseUrl, async (postgrator) => {
    if (target === undefined) {
      const current = await postgrator.getDatabaseVersion();
      const older = (await postgrator.getMigrations()).map((m) => m.version).filter((v) => v < current);
      target = older.length > 0 ? Math.max(...older) : 0;
    }
    return migrateTo(postgrator, target);
  });
}
