import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';
import type { Logger } from '../logger.js';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Sends the Temporal SDK's own logs (worker lifecycle, workflow and activity loggers) through the
 * application's logger, so they share its format and destination. The SDK's Runtime is process-wide
 * by the SDK's design, so entry points call this once, before creating any worker.
 */
export function installTemporalRuntime(logger: Logger): void {
  // The SDK's INFO level narrates webpack bundling in detail; WARN keeps what an operator needs.
  const level: LogLevel = logger.isLevelEnabled('debug') ? 'DEBUG' : 'WARN';
  const temporalLogger = logger.child({ component: 'temporal' });
  Runtime.install({
    // The entry point owns SIGINT/SIGTERM and shuts down in order (HTTP, then worker, then connections).
    shutdownSignals: [],
    logger: new DefaultLogger(level, (entry) => temporalLogger[PINO_LEVEL[entry.level]]({ ...entry.meta }, entry.message)),
  });
}
