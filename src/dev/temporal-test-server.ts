import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Temporal's time-skipping test server is the Java `io.temporal:temporal-test-server` on Maven
 * Central. This resolves it once per machine with Maven (into ~/.m2, like any Java dependency) and
 * writes a small launcher next to its classpath, which @temporalio/testing then starts as an
 * `existing-path` executable: tests of 24-hour and 7-day timers take seconds.
 */
export const TEMPORAL_TEST_SERVER_VERSION = '1.31.0';
const MAIN_CLASS = 'io.temporal.testserver.TestServer';

const run = promisify(execFile);

export function temporalTestServerCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheRoot = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheRoot, 'order-system', 'temporal-test-server', TEMPORAL_TEST_SERVER_VERSION);
}

/** A one-dependency project, so Maven can list the test server's classpath. */
const pom = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.order-system</groupId>
  <artifactId>temporal-test-server-classpath</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEMPORAL_TEST_SERVER_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;

/** The launcher's path, resolving the server with Maven first when it is not cached (a minute or two, once). */
export async function resolveTemporalTestServer(options: { log?: (line: string) => void; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const env = options.env ?? process.env;
  const dir = temporalTestServerCacheDir(env);
  const launcher = join(dir, 'temporal-test-server');
  if (
    await access(launcher, constants.X_OK).then(
      () => true,
      () => false,
    )
  )
    return launcher;

  options.log?.(`Resolving Temporal's test server ${TEMPORAL_TEST_SERVER_VERSION} with Maven (once per machine) into ${dir}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'pom.xml'), pom);
  try {
    await run('mvn', ['-q', '-B', 'dependency:build-classpath', '-Dmdep.outputFile=classpath.txt', '-Dmdep.includeScope=runtime'], { cwd: dir, env });
    const jar = await run('mvn', ['-q', '-B', 'help:evaluate', '-Dexpression=settings.localRepository', '-DforceStdout'], { cwd: dir, env });
    const serverJar = join(
      jar.stdout.trim(),
      'io/temporal/temporal-test-server',
      TEMPORAL_TEST_SERVER_VERSION,
      `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}.jar`,
    );
    const classpath = `${(await readFile(join(dir, 'classpath.txt'), 'utf8')).trim()}:${serverJar}`;
    // Written aside and moved in, so an interrupted set-up never leaves a launcher that cannot start.
    await writeFile(
      `${launcher}.tmp`,
      `#!/bin/sh\n# Temporal's time-skipping test server; the first argument is the port.\nexec java -cp '${classpath}' ${MAIN_CLASS} "$@"\n`,
    );
    await chmod(`${launcher}.tmp`, 0o755);
    await rename(`${launcher}.tmp`, launcher);
  } catch (error) {
    const detail = error instanceof Error && 'stderr' in error ? String((error as { stderr: unknown }).stderr) : String(error);
    throw new Error(
      `Could not resolve io.temporal:temporal-test-server:${TEMPORAL_TEST_SERVER_VERSION} with Maven (is mvn on PATH, and Maven Central reachable?):\n${detail}`,
    );
  }
  return launcher;
}
