import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function commandLine(pid: number): Promise<string> {
  return readFile(`/proc/${pid}/cmdline`, 'utf8').then(
    (text) => text.replaceAll('\0', ' '),
    () => '',
  );
}

/**
 * Stops a server left running by a parent that was killed (SIGKILL leaves no chance to clean up).
 * The pid comes from the server's own pid file; `expectedCommand` guards against a reused pid.
 * Returns true when an orphan was found and stopped.
 */
export async function stopOrphan(pidFile: string, expectedCommand: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<boolean> {
  const firstLine = await readFile(pidFile, 'utf8').then(
    (text) => text.split('\n')[0]?.trim(),
    () => undefined,
  );
  const pid = Number(firstLine);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return false;
  if (!(await commandLine(pid)).includes(expectedCommand)) return false;
  process.kill(pid, signal);
  for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  return true;
}
