/**
 * Regenerates the committed, generated code:
 *  - src/http/api-types.ts from api/openapi.yaml (openapi-typescript)
 *  - src/**\/*.queries.ts from the annotated .sql files (PgTyped, which types queries by asking a real
 *    PostgreSQL: we start a throwaway embedded server and apply migrations/ to it first)
 *  - deploy/helm/order-processing/files/alerts.yml from deploy/prometheus/alerts.yml (Helm reads files
 *    only from inside the chart; its PrometheusRule renders this copy)
 * CI runs this and fails when the result differs from what is committed.
 */
import { spawn } from 'node:child_process';
import { copyFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { migrateUp } from '../src/db/migrate.js';
import { startThrowawayPostgres } from '../src/dev/embedded-postgres.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

const bin = (name: string) => `${root}node_modules/.bin/${name}`;

await copyFile(`${root}deploy/prometheus/alerts.yml`, `${root}deploy/helm/order-processing/files/alerts.yml`);

await run(bin('openapi-typescript'), ['api/openapi.yaml', '--output', 'src/http/api-types.ts', '--alphabetize']);

const postgres = await startThrowawayPostgres();
try {
  await postgres.createDatabase('codegen');
  const databaseUrl = postgres.urlFor('codegen');
  await migrateUp(databaseUrl);
  await run(bin('pgtyped'), ['-c', 'pgtyped.config.json'], { ...process.env, DATABASE_URL: databaseUrl });
} finally {
  await postgres.stop();
}
