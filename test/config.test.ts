import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const SECRET = 'x'.repeat(32);
/** What the api role needs at the least: a token key, and /metrics off its public port. */
const API = { AUTH_JWT_SECRET: SECRET, API_METRICS_PORT: '9465' };

describe('configuration', () => {
  it('has defaults that run the original design: port 8080, 5 s processing delay, task queue order-processing', () => {
    const config = loadConfig({}, 'dev');
    expect(config.http.port).toBe(8080);
    expect(config.orders.processingDelayMs).toBe(5000);
    expect(config.temporal.taskQueue).toBe('order-processing');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.temporal.address).toBeUndefined();
  });

  it('migrates at API start unless MIGRATE_ON_START=false (the Helm chart migrates in a Job before an upgrade)', () => {
    expect(loadConfig({}, 'dev').migrateOnStart).toBe(true);
    expect(loadConfig({ MIGRATE_ON_START: 'false' }, 'dev').migrateOnStart).toBe(false);
    expect(() => loadConfig({ MIGRATE_ON_START: 'no' }, 'dev')).toThrow(/MIGRATE_ON_START must be one of true, false/);
  });

  it('lists every invalid variable at once, with what was expected', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', ORDER_PROCESSING_DELAY: '5 seconds', LOG_LEVEL: 'loud' }, 'dev');
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

  it('refuses an IDEMPOTENCY_KEY_LOCK shorter than a request can hold its key, and by default outlasts the timeouts', () => {
    expect(() => loadConfig({ IDEMPOTENCY_KEY_LOCK: '10s' }, 'dev')).toThrow(
      /IDEMPOTENCY_KEY_LOCK \(10s\) must be longer than a request can hold its key: .* = 26s/,
    );
    expect(loadConfig({ IDEMPOTENCY_KEY_LOCK: '27s' }, 'dev').idempotency.lockSeconds).toBe(27);
    expect(loadConfig({}, 'dev').idempotency.lockSeconds).toBe(30);
    // Unset, the lock grows with the timeouts it must outlast: 2 × 20 s + 2 × 5 s + 6 s = 56 s.
    expect(loadConfig({ TEMPORAL_RPC_TIMEOUT: '20s' }, 'dev').idempotency.lockSeconds).toBe(57);
  });

  it('rejects a DATABASE_URL that is not a PostgreSQL URL without echoing it (it may hold a password)', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' }, 'dev')).toThrow(ConfigError);
    try {
      loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' }, 'dev');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('hunter2');
    }
  });
});

describe('production fails closed, whatever NODE_ENV says', () => {
  it('the api role refuses to start without a key to verify tokens, in every NODE_ENV', () => {
    for (const NODE_ENV of [undefined, 'development', 'test', 'production']) {
      expect(() => loadConfig({ NODE_ENV, API_METRICS_PORT: '9465' }, 'api'), String(NODE_ENV)).toThrow(/api role needs a token key/);
    }
    expect(() => loadConfig({ AUTH_JWT_SECRET: 'short' }, 'dev')).toThrow(/at least 32 characters/);
  });

  it('admits anonymous requests only in the dev command without a key', () => {
    expect(loadConfig({ NODE_ENV: 'development', ...API }, 'api').auth.anonymousIsDevelopmentOperator).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }, 'worker').auth.anonymousIsDevelopmentOperator).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production' }, 'dev').auth.anonymousIsDevelopmentOperator).toBe(true);
    expect(loadConfig({ AUTH_JWT_SECRET: SECRET }, 'dev').auth.anonymousIsDevelopmentOperator).toBe(false);
  });

  it('limits the rate and refuses private webhook targets outside dev mode unless switched off explicitly', () => {
    for (const role of ['api', 'worker'] as const) {
      const config = loadConfig({ NODE_ENV: 'development', ...API }, role);
      expect(config.rateLimit.perMinute, role).toBe(1200);
      expect(config.webhooks.allowPrivateTargets, role).toBe(false);
    }
    const off = loadConfig({ ...API, RATE_LIMIT_PER_MINUTE: '0', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }, 'api');
    expect([off.rateLimit.perMinute, off.webhooks.allowPrivateTargets]).toEqual([0, true]);
    const dev = loadConfig({ NODE_ENV: 'production' }, 'dev');
    expect([dev.rateLimit.perMinute, dev.webhooks.allowPrivateTargets]).toEqual([0, true]);
  });

  it('refuses JWKS without an audience: an identity provider signs tokens for other applications too', () => {
    expect(() => loadConfig({ AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json' }, 'worker')).toThrow(/AUTH_JWKS_URL needs AUTH_JWT_AUDIENCE/);
    expect(loadConfig({ AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json', AUTH_JWT_AUDIENCE: 'orders' }, 'worker').auth.audience).toBe('orders');
  });

  it('keeps the API port from serving /metrics to anyone: a port of its own or a bearer token', () => {
    expect(() => loadConfig({ AUTH_JWT_SECRET: SECRET }, 'api')).toThrow(/API_METRICS_PORT .* or METRICS_TOKEN/);
    expect(loadConfig({ AUTH_JWT_SECRET: SECRET, API_METRICS_PORT: '9465' }, 'api').metrics).toEqual({ apiPort: 9465, token: undefined });
    expect(loadConfig({ AUTH_JWT_SECRET: SECRET, METRICS_TOKEN: 'm'.repeat(32) }, 'api').metrics).toEqual({ apiPort: undefined, token: 'm'.repeat(32) });
    expect(() => loadConfig({ ...API, METRICS_TOKEN: 'short' }, 'api')).toThrow(/METRICS_TOKEN must be at least 32 characters/);
    expect(loadConfig({}, 'dev').metrics).toEqual({ apiPort: undefined, token: undefined });
  });

  it('trusts X-Forwarded-For only from the proxies TRUST_PROXY names, never from everyone', () => {
    expect(loadConfig({}, 'dev').http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }, 'dev').http.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.7' }, 'dev').http.trustProxy).toEqual(['10.0.0.0/8', '192.0.2.7']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' }, 'dev')).toThrow(/TRUST_PROXY must be a hop count/);
  });
});
