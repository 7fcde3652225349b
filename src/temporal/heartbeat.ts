import { Context } from '@temporalio/activity';

/**
 * Runs a slow call (a provider that takes its time) while heartbeating, so Temporal notices a dead
 * worker within the heartbeat timeout instead of waiting out the whole start-to-close timeout.
 */
export async function withHeartbeat<T>(call: () => Promise<T>, everyMs = 2000): Promise<T> {
  const context = Context.current();
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), everyMs);
  try {
    return await call();
  } finally {
    clearInterval(timer);
  }
}
