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
export function installTemporalRuntime(logger: Logger, options: { metricsBindAddress?: string } = {}): void {
  const level: LogLevel = logger.isLevelEnabled('debug') ? 'DEBUG' : 'INFO';
  // At INFO the worker itself narrates webpack bundling and state changes in detail; keep its
  // warnings, and every log line of workflows and activities (which carry workflowId and runId).
  const chatty = (entry: { level: LogLevel; meta?: Record<string, unknown> }) =>
    level !== 'DEBUG' && entry.meta?.sdkComponent === 'worker' && (entry.level === 'INFO' || entry.level === 'DEBUG');
  const temporalLogger = logger.child({ component: 'temporal' });
  Runtime.install({
    // The entry point owns SIGINT/SIGTERM and shuts down in order (HTTP, then worker, then connections).
    shutdownSignals: [],
    // Worker metrics (task slots, poll latency, task latencies), served on a loopback port and
    // merged into this process's /metrics.
    ...(options.metricsBindAddress
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: options.metricsBindAddress, useSecondsForDurations: true } } } }
      : {}),
    logger: new DefaultLogger(level, (entry) => {
      if (!chatty(entry)) temporalLogger[PINO_LEVEL[entry.level]]({ ...entry.meta }, entry.message);
    }),
  });
}
