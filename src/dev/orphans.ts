import { spawn } from 'node:child_process';
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

/**
 * The dev servers run in process groups of their own (so a Ctrl-C reaches only the app, which stops
 * them last), which also means nothing stops them when the app dies without stopping them: SIGKILL,
 * a crash, a closed terminal. A watchdog does: a shell in its own group that reads a pipe only this
 * process holds open; the kernel closes it however this process ends, and the shell then signals the
 * server (and kills it after 15 s). release() dismisses the watchdog once the server was stopped.
 */
export function stopWhenParentDies(pid: number, signal: 'INT' | 'TERM'): { release(): void } {
  const script =
    'read -r _; kill -s "$1" "$2" 2>/dev/null || exit 0; for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do sleep 1; kill -0 "$2" 2>/dev/null || exit 0; done; kill -s KILL "$2"';
  const watchdog = spawn('/bin/sh', ['-c', script, 'order-system-watchdog', signal, String(pid)], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  watchdog.on('error', () => undefined);
  // Neither the watchdog nor its pipe may keep this process alive.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return {
    release() {
      if (watchdog.exitCode === null && watchdog.signalCode === null) watchdog.kill('SIGKILL');
    },
  };
}
