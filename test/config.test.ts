import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('has defaults that run the original design: port 8080, 5 s processing delay, task queue order-processing', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(8080);
    expect(config.orders.processingDelayMs).toBe(5000);
    expect(config.temporal.taskQueue).toBe('order-processing');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.temporal.address).toBeUndefined();
  });

  it('lists every invalid variable at once, with what was expected', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', ORDER_PROCESSING_DELAY: '5 seconds', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/PORT must be an integer/);
    expect(problems[1]).toMatch(/ORDER_PROCESSING_DELAY must be a duration/);
    expect(problems[2]).toMatch(/LOG_LEVEL must be one of/);
  });

  it('rejects a DATABASE_URL that is not a PostgreSQL URL without echoing it (it may hold a password)', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' })).toThrow(ConfigError);
    try {
      loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('hunter2');
    }
  });

  it('refuses to start in production without a key to verify tokens', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/production needs a token key/);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32) }).auth.anonymousIsDevelopmentOperator).toBe(false);
    expect(() => loadConfig({ AUTH_JWT_SECRET: 'short' })).toThrow(/at least 32 characters/);
  });
});
