import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/** JSON lines in production and tests; readable, coloured lines for a developer at a terminal. */
export function createLogger(config: Pick<Config, 'env' | 'logLevel'>, destination?: DestinationStream): Logger {
  const pretty = !destination && config.env === 'development' && process.stdout.isTTY;
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    // Credentials must never reach a log line, whatever logs a request or an error.
    // The Temporal SDK adds activity task tokens to activity log lines: anyone holding one can complete the activity.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'databaseUrl', '*.password', 'taskToken'], censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  };
  // Synchronous writes to stdout: pino's default is asynchronous, and then a fatal line (which pino
  // flushes at once) overtakes the lines before it, and lines written just before process.exit can be
  // lost, which are the lines that say why a process ended (test/graceful-exit.test.ts).
  if (pretty) return pino(options);
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}
