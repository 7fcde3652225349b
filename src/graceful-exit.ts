import type { Logger } from './logger.js';

/** Ends the process through its one shutdown path: the reason is logged, the exit code kept. */
export type ExitProcess = (reason: string, code: number) => void;

/**
 * The one way this process ends once it runs: SIGINT/SIGTERM (exit 0), an uncaught exception or
 * unhandled rejection (logged, exit 1) or a caller (`exit`) all run `shutdown` once, and the process
 * exits with the first reason's code when it finishes, or with 1 after `timeoutMs` whatever is still
 * draining (a container runtime would SIGKILL it soon anyway; this way the log says why). A second
 * SIGINT/SIGTERM exits at once (130/143): a person pressing Ctrl-C twice does not want to wait.
 * What dev mode started is stopped by its watchdogs (src/dev/orphans.ts) on either early exit.
 */
export function installGracefulExit(options: { logger: Logger; timeoutMs: number; shutdown: () => Promise<void> }): ExitProcess {
  const { logger, timeoutMs } = options;
  let exitCode: number | undefined;
  const exitProcess: ExitProcess = (reason, code) => {
    if (exitCode !== undefined) {
      exitCode = Math.max(exitCode, code);
      return;
    }
    exitCode = code;
    logger.info(`shutting down (${reason})`);
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs }, `shutdown did not finish within SHUTDOWN_TIMEOUT (${timeoutMs} ms); exiting without waiting any longer`);
      process.exit(1);
    }, timeoutMs);
    deadline.unref();
    void options
      .shutdown()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        exitCode = 1;
      })
      .then(() => {
        clearTimeout(deadline);
        logger.info('stopped');
        process.exit(exitCode);
      });
  };

  for (const [signal, again] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      if (exitCode === undefined) return exitProcess(signal, 0);
      logger.warn(`${signal} again: exiting without waiting for the shutdown`);
      process.exit(again);
    });
  }
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    exitProcess('uncaught exception', 1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled rejection');
    exitProcess('unhandled rejection', 1);
  });
  return exitProcess;
}
