/**
 * The process's one shutdown path (src/graceful-exit.ts), driven in a real child process: an uncaught
 * exception and an unhandled rejection are logged as fatal and end through the same drain as a signal,
 * with exit 1; a drain that outlasts its timeout is cut off.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

interface Ended {
  code: number | null;
  lines: { level: number; msg: string }[];
}

/** Runs `body` after installing the graceful exit with a shutdown that logs 'drained' after `drainMs`. */
function runChild(body: string, drainMs = 0, timeoutMs = 2_000): Promise<Ended> {
  const script = `
    import { createLogger } from './src/logger.ts';
    import { installGracefulExit } from './src/graceful-exit.ts';
    const logger = createLogger({ env: 'test', logLevel: 'info' });
    installGracefulExit({ logger, timeoutMs: ${timeoutMs}, shutdown: async () => {
      await new Promise((resolve) => setTimeout(resolve, ${drainMs}));
      logger.info('drained');
    } });
    setInterval(() => {}, 1_000); // the process would otherwise end by itself
    ${body}
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) =>
    child.on('exit', (code) =>
      resolve({
        code,
        lines: output
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { level: number; msg: string }),
      }),
    ),
  );
}

const messages = (ended: Ended) => ended.lines.map((line) => line.msg);
const FATAL = 60;

describe('graceful exit', () => {
  it('logs an uncaught exception as fatal, drains, and exits 1', async () => {
    const ended = await runChild(`setTimeout(() => { throw new Error('boom'); }, 50);`);
    expect(ended.code).toBe(1);
    expect(ended.lines.find((line) => line.level === FATAL)?.msg).toBe('uncaught exception');
    expect(messages(ended)).toEqual(['uncaught exception', 'shutting down (uncaught exception)', 'drained', 'stopped']);
  });

  it('logs an unhandled rejection as fatal, drains, and exits 1', async () => {
    const ended = await runChild(`setTimeout(() => { void Promise.reject(new Error('lost')); }, 50);`);
    expect(ended.code).toBe(1);
    expect(messages(ended)).toEqual(['unhandled rejection', 'shutting down (unhandled rejection)', 'drained', 'stopped']);
  });

  it('a SIGTERM drains and exits 0; an exception during that drain still ends it with 1', async () => {
    const clean = await runChild(`setTimeout(() => process.kill(process.pid, 'SIGTERM'), 50);`, 100);
    expect(clean.code).toBe(0);
    expect(messages(clean)).toEqual(['shutting down (SIGTERM)', 'drained', 'stopped']);

    const spoiled = await runChild(`setTimeout(() => process.kill(process.pid, 'SIGTERM'), 50); setTimeout(() => { throw new Error('late'); }, 100);`, 300);
    expect(spoiled.code).toBe(1);
    expect(messages(spoiled)).toEqual(['shutting down (SIGTERM)', 'uncaught exception', 'drained', 'stopped']);
  });

  it('cuts off a drain that outlasts its timeout, with exit 1 and a line that says why', async () => {
    const ended = await runChild(`setTimeout(() => { throw new Error('boom'); }, 50);`, 10_000, 300);
    expect(ended.code).toBe(1);
    expect(messages(ended)).not.toContain('drained');
    expect(messages(ended).at(-1)).toMatch(/^shutdown did not finish within SHUTDOWN_TIMEOUT \(300 ms\)/);
  });

  it('a second signal exits at once with 128 + its number', async () => {
    const ended = await runChild(
      `setTimeout(() => process.kill(process.pid, 'SIGINT'), 50); setTimeout(() => process.kill(process.pid, 'SIGINT'), 150);`,
      10_000,
      5_000,
    );
    expect(ended.code).toBe(130);
    expect(messages(ended)).not.toContain('drained');
  });
});
