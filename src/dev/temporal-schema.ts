import { spawn } from 'node:child_process';

/** Where the Temporal server keeps its state: one PostgreSQL server, two databases. */
export interface TemporalPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Execution state (compose: `temporal`). */
  database: string;
  /** The SQL visibility store, what List/Count queries read (compose: `temporal_visibility`). */
  visibilityDatabase: string;
}

/** The plugin for PostgreSQL 12 and later, as in docker-compose.yml. */
export const POSTGRES_PLUGIN = 'postgres12';

/**
 * Creates Temporal's two databases and brings their schemas to the version this server needs, with
 * exactly the steps of docker-compose.yml's `temporal-schema` service: create, set up the versioning
 * tables (version 0.0), apply every versioned migration. The compose file reads the migrations from
 * the admin-tools image's directory; here they come from the same files embedded in
 * temporal-sql-tool (`--schema-name`). Every step is safe to rerun (as the compose service is on every
 * `up`): `make run` does this at each start, and a newer server's migrations apply on the next one.
 */
export async function setUpTemporalSchema(sqlTool: string, postgres: TemporalPostgres, log: (line: string) => void = () => undefined): Promise<void> {
  const env = {
    ...process.env,
    SQL_PLUGIN: POSTGRES_PLUGIN,
    SQL_HOST: postgres.host,
    SQL_PORT: String(postgres.port),
    SQL_USER: postgres.user,
    SQL_PASSWORD: postgres.password,
  };
  const steps: [database: string, schema: string][] = [
    [postgres.database, 'postgresql/v12/temporal'],
    [postgres.visibilityDatabase, 'postgresql/v12/visibility'],
  ];
  for (const [database, schema] of steps) {
    await run(sqlTool, ['--db', database, 'create'], env);
    await run(sqlTool, ['--db', database, 'setup-schema', '-v', '0.0'], env);
    await run(sqlTool, ['--db', database, 'update-schema', '--schema-name', schema], env);
    log(`Temporal schema ${schema} is current in database ${database}`);
  }
}

function run(executable: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`temporal-sql-tool ${args.join(' ')} failed with exit code ${code}:\n${output.trim()}`));
    });
  });
}
