import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ipaddr from 'ipaddr.js';
import type { AuthConfig } from './auth/tokens.js';
import { POOL_CONNECT_TIMEOUT_MS } from './db/pool.js';
import { type Money, parseMoney } from './shared/money.js';
import type { WebhookDeliverySettings } from './webhooks/dispatcher.js';
import { parseDuration } from './shared/duration.js';
import { loadTemporalConnectionSettings, type TemporalConnectionSecurity, TemporalConnectionSettingsError } from './temporal/connection.js';
import { type EncryptionKeyRing, parseKeyRing } from './temporal/payload-encryption.js';

/**
 * What the process runs as, which decides the protective defaults (never NODE_ENV): `dev` is the
 * one-process `make run` (and the test harness, which stands in for it); `api` and `worker` are the
 * container entry points; `tool` the one-shot commands (migrate, temporal-cli).
 */
export type ProcessRole = 'dev' | 'api' | 'worker' | 'tool';

/** Everything the process reads from its environment, validated once at start. */
export interface Config {
  env: 'development' | 'production' | 'test';
  /** The `dev` command: the only mode that may take shortcuts (anonymous operator, demo tokens, no rate limit). */
  devMode: boolean;
  http: {
    host: string;
    port: number;
    bodyLimitBytes: number;
    requestTimeoutMs: number;
    /** Which peers may set X-Forwarded-For (Fastify's trustProxy): hop count, addresses/CIDRs, or none. */
    trustProxy: false | number | string[];
  };
  /** The worker role's /metrics port. */
  workerMetricsPort: number;
  /** Workflows the worker keeps in memory between their tasks (the sticky cache); the rest replay from history. */
  workerMaxCachedWorkflows: number;
  metrics: {
    /** When set, /metrics (on every port) answers only `Authorization: Bearer <token>`. */
    token: string | undefined;
    /** When set, the API serves /metrics on this port instead of its HTTP port. */
    apiPort: number | undefined;
  };
  auth: AuthConfig;
  rateLimit: {
    /** Requests per minute per client (verified subject, else address); 0 turns the limit off. */
    perMinute: number;
    /** Clients tracked per kind (subjects, addresses) and minute; newcomers beyond it share one bucket. */
    maxClients: number;
  };
  /** Origins allowed to call the API from a browser; empty means none (no CORS headers). */
  corsOrigins: string[];
  idempotency: { ttlSeconds: number; lockSeconds: number };
  /** Unset means "start an embedded PostgreSQL" (dev mode only). */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Off behind a pooler in transaction mode (PgBouncer before 1.21), which cannot keep a connection's prepared statements. */
  databasePreparedStatements: boolean;
  /** The api role applies pending migrations at start; off where a deployment runs them as a step of its own (the Helm chart's Job). */
  migrateOnStart: boolean;
  temporal: {
    /** Unset (neither TEMPORAL_ADDRESS nor a temporal.toml profile names one) means "start a Temporal server" (dev mode only). */
    address: string | undefined;
    namespace: string;
    /** TLS, client certificate, API key, gRPC headers (src/temporal/connection.ts). */
    connection: TemporalConnectionSecurity;
    /** What dev mode starts when no address is set: the CLI's dev server (SQLite) or the Temporal server on PostgreSQL. */
    devServer: 'dev-server' | 'server';
    taskQueue: string;
    /** Deadline for one call from the API to Temporal, so an outage becomes a 503 instead of a hang. */
    rpcTimeoutMs: number;
    devServerPort: number;
    devUiPort: number;
    /** When set, the client and the worker encrypt every payload (src/temporal/payload-encryption.ts). */
    payloadEncryption: EncryptionKeyRing | undefined;
    /** Browser origins (the Temporal UI) allowed to call the codec server at /codec. */
    codecCorsOrigins: string[];
    /** The Temporal web UI, for the console's links to an order's workflow (dev mode knows its own). */
    uiUrl: string | undefined;
  };
  orders: {
    /** How long a new order waits (and may still be amended) before its processing begins. */
    processingDelayMs: number;
    /** Orders above this total wait for an operator's approval after payment authorization. */
    reviewThreshold: Money;
    /** An order not approved or rejected within this time is cancelled (`review_timed_out`). */
    reviewTimeoutMs: number;
    /** How long POST /orders/{id}/cancel waits for the compensations before answering 202. */
    cancelWaitMs: number;
    /** Fraud screening: a customer's orders within an hour above which a new one is refused. */
    fraudMaxOrdersPerHour: number;
    /** A shipped order with no carrier update for this long becomes an operator's task (stage delivery_stalled). */
    deliveryStallTimeoutMs: number;
  };
  /** Carriers reporting to POST /carriers/{carrier}/events (src/shipping/tracking.ts). */
  carriers: {
    /** Each carrier's Standard Webhooks secret, by carrier name. */
    webhookSecrets: Map<string, string>;
  };
  /** The local carrier's own reports of the parcels it carries (src/shipping/local-carrier-reporter.ts). */
  localCarrier: {
    /** From hand-over to in_transit. */
    transitDelayMs: number;
    /** From in_transit to the final state (delivered, or what the address rules say). */
    deliveryDelayMs: number;
    /** From a return label to the customer's parcel delivered to the warehouse; 0: never reported (an operator receives it). */
    returnParcelDelayMs: number;
    /** Where it posts its events; unset means this process's own API. */
    eventsUrl: string | undefined;
    pollIntervalMs: number;
  };
  returns: {
    /** How long after delivery a return may be requested. */
    windowMs: number;
    /** How long after its label a return waits for the parcel before it expires. */
    parcelDeadlineMs: number;
    /** How long after the provider first declined its refund a return waits for an operator's retry. */
    refundRetryWindowMs: number;
  };
  /** The local payment provider and carrier (src/payments, src/shipping): latency and flakiness to exercise retries. */
  providers: {
    payments: ProviderBehaviour & { authorizationTtlMs: number; declineAbove: Money; declineRefunds: boolean };
    carrier: ProviderBehaviour;
  };
  /** Delivery of order events to registered webhook endpoints (src/webhooks/). */
  webhooks: WebhookDeliverySettings;
  dataDir: string;
  logLevel: string;
  /** How long a shutdown may take (draining requests and activities, closing, stopping dev servers) before the process exits 1 regardless. */
  shutdownTimeoutMs: number;
}

export interface ProviderBehaviour {
  /** Added to every call. */
  latencyMs: number;
  /** The fraction (0–1) of calls that fail as "unavailable" before doing anything. */
  failureRate: number;
  /** The first N calls per idempotency key fail as "unavailable" (deterministic flakiness). */
  failFirstAttempts: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the configuration for `role`; throws one ConfigError listing every problem found. */
export function loadConfig(rawEnv: Env, role: ProcessRole): Config {
  const problems: string[] = [];
  const env = withSecretFiles(rawEnv, problems);
  const read = new EnvReader(env, problems);
  const devMode = role === 'dev';
  const tokenKeys = ['AUTH_JWT_SECRET', 'AUTH_JWT_PUBLIC_KEY', 'AUTH_JWKS_URL'].filter((name) => read.optionalString(name) !== undefined);
  const temporalConnection = readTemporalConnection(env, problems);

  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }

  const config: Config = {
    env: nodeEnv as Config['env'],
    devMode,
    http: {
      host: read.string('HOST', '127.0.0.1'),
      port: read.integer('PORT', 8080, 0, 65535),
      bodyLimitBytes: read.integer('HTTP_BODY_LIMIT_BYTES', 1024 * 1024, 1, 64 * 1024 * 1024),
      requestTimeoutMs: read.duration('HTTP_REQUEST_TIMEOUT', '30s'),
      trustProxy: read.trustProxy('TRUST_PROXY'),
    },
    workerMetricsPort: read.integer('WORKER_METRICS_PORT', 9464, 0, 65535),
    workerMaxCachedWorkflows: read.integer('WORKER_MAX_CACHED_WORKFLOWS', 100, 0, 100_000),
    metrics: {
      token: read.optionalString('METRICS_TOKEN'),
      apiPort: read.optionalInteger('API_METRICS_PORT', 1, 65535),
    },
    auth: {
      jwtSecret: read.optionalString('AUTH_JWT_SECRET'),
      jwtPublicKey: read.optionalString('AUTH_JWT_PUBLIC_KEY'),
      jwksUrl: read.optionalString('AUTH_JWKS_URL'),
      issuer: read.optionalString('AUTH_JWT_ISSUER'),
      audience: read.optionalString('AUTH_JWT_AUDIENCE'),
      // Only `make run` as it comes: once a key is configured, every request must carry a token.
      anonymousIsDevelopmentOperator: devMode && tokenKeys.length === 0,
    },
    rateLimit: {
      perMinute: read.integer('RATE_LIMIT_PER_MINUTE', devMode ? 0 : 1200, 0, 1_000_000),
      maxClients: read.integer('RATE_LIMIT_MAX_CLIENTS', 50_000, 1, 10_000_000),
    },
    corsOrigins: (read.optionalString('CORS_ORIGINS') ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    idempotency: {
      ttlSeconds: read.duration('IDEMPOTENCY_KEY_TTL', '24h') / 1000,
      lockSeconds: 0, // set below, from the timeouts it must outlast
    },
    databaseUrl: read.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: read.integer('DATABASE_POOL_SIZE', 10, 1, 1000),
    databasePreparedStatements: read.oneOf('DATABASE_PREPARED_STATEMENTS', 'true', ['true', 'false']) === 'true',
    migrateOnStart: read.oneOf('MIGRATE_ON_START', 'true', ['true', 'false']) === 'true',
    temporal: {
      address: temporalConnection.address,
      namespace: temporalConnection.namespace ?? 'default',
      connection: { tls: temporalConnection.tls, apiKey: temporalConnection.apiKey, metadata: temporalConnection.metadata },
      devServer: read.oneOf('TEMPORAL_DEV_SERVER', 'dev-server', ['dev-server', 'server']) as Config['temporal']['devServer'],
      taskQueue: read.string('TEMPORAL_TASK_QUEUE', 'order-processing'),
      rpcTimeoutMs: read.duration('TEMPORAL_RPC_TIMEOUT', '5s'),
      devServerPort: read.integer('TEMPORAL_DEV_PORT', 7233, 1, 65535),
      devUiPort: read.integer('TEMPORAL_DEV_UI_PORT', 8233, 1, 65535),
      payloadEncryption: read.keyRing('PAYLOAD_ENCRYPTION_KEYS'),
      codecCorsOrigins: read.list('CODEC_CORS_ORIGINS', ''),
      uiUrl: read.optionalUrl('TEMPORAL_UI_URL', ['http:', 'https:']),
    },
    orders: {
      processingDelayMs: read.duration('ORDER_PROCESSING_DELAY', '5s'),
      reviewThreshold: read.money('ORDER_REVIEW_THRESHOLD', '1000.00'),
      reviewTimeoutMs: read.duration('ORDER_REVIEW_TIMEOUT', '24h'),
      cancelWaitMs: read.duration('ORDER_CANCEL_WAIT', '5s'),
      fraudMaxOrdersPerHour: read.integer('FRAUD_MAX_ORDERS_PER_HOUR', 50, 1, 1_000_000),
      deliveryStallTimeoutMs: read.duration('DELIVERY_STALL_TIMEOUT', '72h'),
    },
    carriers: { webhookSecrets: read.carrierSecrets() },
    localCarrier: {
      transitDelayMs: read.duration('LOCAL_CARRIER_TRANSIT_DELAY', '3s'),
      deliveryDelayMs: read.duration('LOCAL_CARRIER_DELIVERY_DELAY', '5s'),
      returnParcelDelayMs: read.duration('LOCAL_CARRIER_RETURN_PARCEL_DELAY', '20s'),
      eventsUrl: read.optionalUrl('LOCAL_CARRIER_EVENTS_URL', ['http:', 'https:']),
      pollIntervalMs: read.duration('LOCAL_CARRIER_POLL_INTERVAL', '1s'),
    },
    returns: {
      windowMs: read.duration('RETURN_WINDOW', '720h'),
      parcelDeadlineMs: read.duration('RETURN_PARCEL_DEADLINE', '720h'),
      refundRetryWindowMs: read.duration('RETURN_REFUND_RETRY_WINDOW', '720h'),
    },
    providers: {
      payments: {
        latencyMs: read.duration('PAYMENT_PROVIDER_LATENCY', '0ms'),
        failureRate: read.fraction('PAYMENT_PROVIDER_FAILURE_RATE', 0),
        failFirstAttempts: read.integer('PAYMENT_PROVIDER_FAIL_FIRST_ATTEMPTS', 0, 0, 100),
        authorizationTtlMs: read.duration('PAYMENT_AUTHORIZATION_TTL', '168h'),
        declineAbove: read.money('PAYMENT_DECLINE_ABOVE', '50000.00'),
        declineRefunds: read.oneOf('PAYMENT_DECLINE_REFUNDS', 'false', ['true', 'false']) === 'true',
      },
      carrier: {
        latencyMs: read.duration('CARRIER_LATENCY', '0ms'),
        failureRate: read.fraction('CARRIER_FAILURE_RATE', 0),
        failFirstAttempts: read.integer('CARRIER_FAIL_FIRST_ATTEMPTS', 0, 0, 100),
      },
    },
    webhooks: {
      timeoutMs: read.duration('WEBHOOK_TIMEOUT', '10s'),
      minBackoffMs: read.duration('WEBHOOK_MIN_BACKOFF', '1s'),
      maxBackoffMs: read.duration('WEBHOOK_MAX_BACKOFF', '10m'),
      pollIntervalMs: read.duration('WEBHOOK_POLL_INTERVAL', '1s'),
      concurrency: read.integer('WEBHOOK_CONCURRENCY', 8, 1, 256),
      endpointConcurrency: read.integer('WEBHOOK_ENDPOINT_CONCURRENCY', 4, 1, 256),
      disableAfterMs: read.duration('WEBHOOK_DISABLE_AFTER', '72h'),
      retentionMs: read.duration('WEBHOOK_RETENTION', '168h'),
      allowPrivateTargets: read.oneOf('WEBHOOK_ALLOW_PRIVATE_TARGETS', devMode ? 'true' : 'false', ['true', 'false']) === 'true',
    },
    dataDir: resolve(read.string('DATA_DIR', '.data')),
    logLevel: read.oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    shutdownTimeoutMs: read.duration('SHUTDOWN_TIMEOUT', '10s'),
  };

  problems.push(...securityProblems(config, role));

  config.idempotency.lockSeconds = idempotencyLockSeconds(read, config, problems);

  const { webhooks } = config;
  if (webhooks.minBackoffMs < 1 || webhooks.maxBackoffMs < webhooks.minBackoffMs)
    problems.push('WEBHOOK_MIN_BACKOFF must be positive and at most WEBHOOK_MAX_BACKOFF');
  if (webhooks.timeoutMs < 1 || webhooks.pollIntervalMs < 1) problems.push('WEBHOOK_TIMEOUT and WEBHOOK_POLL_INTERVAL must be positive');
  if (config.shutdownTimeoutMs < 1000) problems.push('SHUTDOWN_TIMEOUT must be at least 1s');
  if (webhooks.disableAfterMs < 1 || webhooks.retentionMs < 1) problems.push('WEBHOOK_DISABLE_AFTER and WEBHOOK_RETENTION must be positive');

  if (config.orders.deliveryStallTimeoutMs < 1) problems.push('DELIVERY_STALL_TIMEOUT must be positive');
  if (config.localCarrier.pollIntervalMs < 1) problems.push('LOCAL_CARRIER_POLL_INTERVAL must be positive');
  if (config.returns.refundRetryWindowMs < 1) problems.push('RETURN_REFUND_RETRY_WINDOW must be positive');

  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * Fails closed: only the dev command admits anonymous requests (and only while no key is configured);
 * the API never starts without a key, nor with /metrics open to anyone who can reach its port.
 */
function securityProblems(config: Config, role: ProcessRole): string[] {
  const problems: string[] = [];
  const { auth, metrics } = config;
  const keys = [auth.jwtSecret, auth.jwtPublicKey, auth.jwksUrl].filter((key) => key !== undefined).length;
  if (auth.jwtSecret !== undefined && auth.jwtSecret.length < 32) problems.push('AUTH_JWT_SECRET must be at least 32 characters');
  if (keys > 1) problems.push('set only one of AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY and AUTH_JWKS_URL');
  // A shared identity provider signs tokens for many applications; only the audience says which are ours.
  if (auth.jwksUrl && !auth.audience) problems.push('AUTH_JWKS_URL needs AUTH_JWT_AUDIENCE (the audience this API accepts)');
  if (metrics.token !== undefined && metrics.token.length < 32) problems.push('METRICS_TOKEN must be at least 32 characters');
  if (role === 'api' && keys === 0) problems.push('the api role needs a token key: set AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL');
  if (role === 'api' && metrics.token === undefined && metrics.apiPort === undefined) {
    problems.push('the api role keeps /metrics off its public port: set API_METRICS_PORT (a port of its own) or METRICS_TOKEN (a bearer token)');
  }
  return problems;
}

/**
 * Settings that hold secrets, each of which may instead be read from the file that `<NAME>_FILE`
 * names: the convention of Kubernetes and Docker secrets, which mount them as files so that they
 * stay out of the environment (and out of `ps e`, crash dumps and child processes).
 */
export const SECRET_FILE_SETTINGS = ['DATABASE_URL', 'AUTH_JWT_SECRET', 'AUTH_JWT_PUBLIC_KEY', 'TEMPORAL_API_KEY', 'CARRIER_WEBHOOK_SECRETS'] as const;

function withSecretFiles(env: Env, problems: string[]): Env {
  const resolved: Env = { ...env };
  for (const name of SECRET_FILE_SETTINGS) {
    const file = env[`${name}_FILE`]?.trim();
    if (!file) continue;
    if (env[name]?.trim()) {
      problems.push(`set ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      // Trailing whitespace goes: `echo secret > file` and editors add a newline that is no part of the secret.
      const value = readFileSync(file, 'utf8').trimEnd();
      if (value === '') problems.push(`${name}_FILE names an empty file (${file})`);
      else resolved[name] = value;
    } catch (error) {
      problems.push(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return resolved;
}

function readTemporalConnection(env: Env, problems: string[]): ReturnType<typeof loadTemporalConnectionSettings> {
  // Empty variables mean unset here as everywhere else in this file (envconfig would take "" as a value).
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  try {
    return loadTemporalConnectionSettings(set);
  } catch (error) {
    if (!(error instanceof TemporalConnectionSettingsError)) throw error;
    problems.push(error.message);
    return { address: undefined, namespace: undefined, tls: undefined, apiKey: undefined, metadata: undefined };
  }
}

/**
 * The longest one request can hold its Idempotency-Key (the cancel is the longest: its find, the
 * reachability check, the update and its wait, each bounded by a timeout) plus waiting twice for a
 * pooled connection. A lock shorter than that lets a retry take the key from a request that is
 * merely slow: harmless for correctness (the slow one can no longer complete the key and rolls
 * back), but it does the work twice and answers the first client 409.
 */
function longestClaimMs(config: Config): number {
  return 2 * config.temporal.rpcTimeoutMs + 2 * config.orders.cancelWaitMs + 2 * POOL_CONNECT_TIMEOUT_MS;
}

/** IDEMPOTENCY_KEY_LOCK, which must outlast the longest claim; unset, 30 s or that, whichever is longer. */
function idempotencyLockSeconds(read: EnvReader, config: Config, problems: string[]): number {
  const longest = longestClaimMs(config);
  const raw = read.optionalString('IDEMPOTENCY_KEY_LOCK');
  if (raw === undefined) return Math.max(30, Math.ceil(longest / 1000) + 1);
  const lockMs = read.duration('IDEMPOTENCY_KEY_LOCK', '30s'); // reports a malformed value
  if (parseDuration(raw) !== undefined && lockMs <= longest) {
    problems.push(
      `IDEMPOTENCY_KEY_LOCK (${raw}) must be longer than a request can hold its key: 2 × TEMPORAL_RPC_TIMEOUT + 2 × ORDER_CANCEL_WAIT + ${(2 * POOL_CONNECT_TIMEOUT_MS) / 1000}s of waiting for database connections = ${longest / 1000}s`,
    );
  }
  return lockMs / 1000;
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  optionalString(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.optionalString(name) ?? fallback;
  }

  optionalInteger(name: string, min: number, max: number): number | undefined {
    return this.optionalString(name) === undefined ? undefined : this.integer(name, min, min, max);
  }

  /** A hop count, or comma-separated addresses and CIDR ranges; never "everyone" (X-Forwarded-For is client-controlled). */
  trustProxy(name: string): false | number | string[] {
    const raw = this.optionalString(name);
    if (raw === undefined || raw === 'false') return false;
    if (/^\d+$/.test(raw)) return this.integer(name, 0, 1, 10) || false;
    const entries = raw.split(',').map((entry) => entry.trim());
    const invalid = entries.filter((entry) => !(ipaddr.isValid(entry) || ipaddr.isValidCIDR(entry)));
    if (invalid.length > 0) {
      this.problems.push(`${name} must be a hop count (1–10) or comma-separated addresses and CIDR ranges of your proxies (got "${invalid.join(', ')}")`);
      return false;
    }
    return entries;
  }

  oneOf(name: string, fallback: string, allowed: string[]): string {
    const value = this.string(name, fallback);
    if (!allowed.includes(value)) this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    return value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optionalString(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  duration(name: string, fallback: string): number {
    const raw = this.string(name, fallback);
    const ms = parseDuration(raw);
    if (ms === undefined) {
      this.problems.push(`${name} must be a duration such as 500ms, 5s, 2m or 1h (got "${raw}")`);
      return 0;
    }
    return ms;
  }

  fraction(name: string, fallback: number): number {
    const raw = this.optionalString(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || value > 1) {
      this.problems.push(`${name} must be a number from 0 to 1 (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  money(name: string, fallback: string): Money {
    const raw = this.string(name, fallback);
    try {
      return parseMoney(raw, name);
    } catch {
      this.problems.push(`${name} must be an amount with at most 2 decimal places, such as 1000.00 (got "${raw}")`);
      return parseMoney(fallback, name);
    }
  }

  /** Comma-separated values. */
  list(name: string, fallback: string): string[] {
    return this.string(name, fallback)
      .split(',')
      .map((value) => value.trim())
      .filter(Boolean);
  }

  /** A secret given inline, or (NAME_FILE) as the path of a file that holds it, the way Kubernetes and Docker mount secrets. */
  secret(name: string): string | undefined {
    const inline = this.optionalString(name);
    const path = this.optionalString(`${name}_FILE`);
    if (inline !== undefined && path !== undefined) this.problems.push(`set only one of ${name} and ${name}_FILE`);
    if (path === undefined) return inline;
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      this.problems.push(`${name}_FILE=${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      return undefined;
    }
  }

  /**
   * Carriers' webhook secrets: CARRIER_WEBHOOK_SECRETS (`name=secret,name=secret`) and/or one
   * CARRIER_WEBHOOK_SECRET_<NAME> per carrier (the name upper-cased, `-` as `_`: local-post is
   * CARRIER_WEBHOOK_SECRET_LOCAL_POST). Secrets are Standard Webhooks secrets (`whsec_` + base64).
   */
  carrierSecrets(): Map<string, string> {
    const secrets = new Map<string, string>();
    const add = (carrier: string, secret: string, from: string) => {
      if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(carrier)) this.problems.push(`${from}: "${carrier}" is not a carrier name (lower-case letters, digits, -)`);
      else if (!/^whsec_[A-Za-z0-9+/=_-]{24,}$/.test(secret))
        this.problems.push(`${from}: the secret of ${carrier} must be whsec_ and at least 24 base64 characters`);
      else if (secrets.has(carrier)) this.problems.push(`${from}: the secret of ${carrier} is set twice`);
      else secrets.set(carrier, secret);
    };
    for (const entry of this.list('CARRIER_WEBHOOK_SECRETS', '')) {
      const at = entry.indexOf('=');
      add(at > 0 ? entry.slice(0, at).trim() : entry, at > 0 ? entry.slice(at + 1).trim() : '', 'CARRIER_WEBHOOK_SECRETS');
    }
    for (const [name, value] of Object.entries(this.env)) {
      const carrier = /^CARRIER_WEBHOOK_SECRET_([A-Z0-9_]+)$/.exec(name)?.[1];
      if (carrier && value?.trim()) add(carrier.toLowerCase().replaceAll('_', '-'), value.trim(), name);
    }
    return secrets;
  }

  keyRing(name: string): EncryptionKeyRing | undefined {
    const text = this.secret(name);
    if (text === undefined) return undefined;
    const { ring, problems } = parseKeyRing(text, name);
    this.problems.push(...problems);
    return ring;
  }

  optionalUrl(name: string, protocols: string[]): string | undefined {
    const raw = this.optionalString(name);
    if (raw === undefined) return undefined;
    let protocol: string | undefined;
    try {
      protocol = new URL(raw).protocol;
    } catch {
      protocol = undefined;
    }
    if (!protocol || !protocols.includes(protocol)) {
      // Never echo the value: it usually carries a password.
      this.problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return undefined;
    }
    return raw;
  }
}
