import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { describeTemporalSecurity } from '../../src/temporal/connection.js';

/** As the worker role reads it: the connection settings are the same for every role. */
const load = (env: Record<string, string>) => loadConfig(env, 'worker');

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'order-system-connection-'));
  await writeFile(file('ca.pem'), 'CA\n');
  await writeFile(file('client.pem'), 'CERT\n');
  await writeFile(file('client.key'), 'KEY\n');
  await writeFile(file('api-key'), 'secret-api-key\n');
  await writeFile(
    file('temporal.toml'),
    [
      '[profile.default]',
      'address = "default.example:7233"',
      '[profile.cloud]',
      'address = "orders.a1b2c.tmprl.cloud:7233"',
      'namespace = "orders.a1b2c"',
      'api_key = "from-profile"',
      '',
    ].join('\n'),
  );
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('the Temporal connection settings (read as the temporal CLI reads them)', () => {
  it('is plain gRPC to no address by default: dev mode then starts a server', () => {
    const { temporal } = load({});
    expect(temporal.address).toBeUndefined();
    expect(temporal.namespace).toBe('default');
    expect(temporal.connection).toEqual({ tls: undefined, apiKey: undefined, metadata: undefined });
    expect(describeTemporalSecurity(temporal.connection)).toBe('plain gRPC');
  });

  it('reads the CA, the client certificate and its key from the files TEMPORAL_TLS_* name', () => {
    const { temporal } = load({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: file('ca.pem'),
      TEMPORAL_TLS_CLIENT_CERT_PATH: file('client.pem'),
      TEMPORAL_TLS_CLIENT_KEY_PATH: file('client.key'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    const tls = temporal.connection.tls as {
      serverRootCACertificate: Uint8Array;
      clientCertPair: { crt: Uint8Array; key: Uint8Array };
      serverNameOverride: string;
    };
    expect(Buffer.from(tls.serverRootCACertificate).toString()).toBe('CA\n');
    expect(Buffer.from(tls.clientCertPair.crt).toString()).toBe('CERT\n');
    expect(Buffer.from(tls.clientCertPair.key).toString()).toBe('KEY\n');
    expect(tls.serverNameOverride).toBe('temporal.internal');
    expect(describeTemporalSecurity(temporal.connection)).toBe('mutual TLS, own CA');
  });

  it('takes a Temporal Cloud profile from temporal.toml, API key and all, with TLS on because of the key', () => {
    const { temporal } = load({ TEMPORAL_CONFIG_FILE: file('temporal.toml'), TEMPORAL_PROFILE: 'cloud' });
    expect(temporal.address).toBe('orders.a1b2c.tmprl.cloud:7233');
    expect(temporal.namespace).toBe('orders.a1b2c');
    expect(temporal.connection.apiKey).toBe('from-profile');
    expect(temporal.connection.tls).toBe(true);
    expect(describeTemporalSecurity(temporal.connection)).toBe('TLS, API key');
  });

  it('lets the variables override the profile, and reads the API key from TEMPORAL_API_KEY_FILE', () => {
    const { temporal } = load({
      TEMPORAL_CONFIG_FILE: file('temporal.toml'),
      TEMPORAL_PROFILE: 'cloud',
      TEMPORAL_ADDRESS: 'eu.tmprl.cloud:7233',
      TEMPORAL_API_KEY_FILE: file('api-key'),
    });
    expect(temporal.address).toBe('eu.tmprl.cloud:7233');
    expect(temporal.connection.apiKey).toBe('secret-api-key');
  });

  it('sends TEMPORAL_GRPC_META_* as headers', () => {
    expect(load({ TEMPORAL_GRPC_META_X_TENANT: 'orders' }).temporal.connection.metadata).toEqual({ 'x-tenant': 'orders' });
  });

  it('names every mistake instead of connecting without what was asked for', () => {
    expect(problemsOf({ TEMPORAL_CONFIG_FILE: file('missing.toml') })).toEqual([expect.stringMatching(/TEMPORAL_CONFIG_FILE .*missing.toml does not exist/)]);
    expect(problemsOf({ TEMPORAL_CONFIG_FILE: file('temporal.toml'), TEMPORAL_PROFILE: 'staging' })).toEqual([
      expect.stringMatching(/Profile 'staging' not found/),
    ]);
    expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: file('client.pem') })).toEqual([expect.stringMatching(/client certificate needs its key/)]);
    expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: file('client.pem'), TEMPORAL_TLS_CLIENT_KEY_PATH: file('nope.key') })).toEqual([
      expect.stringMatching(/Temporal TLS: .*nope.key/),
    ]);
  });
});

describe('secrets from files (*_FILE, as Kubernetes and Docker mount them)', () => {
  it('reads AUTH_JWT_SECRET from AUTH_JWT_SECRET_FILE, without the trailing newline', async () => {
    await writeFile(file('jwt'), `${'s'.repeat(40)}\n`);
    expect(load({ AUTH_JWT_SECRET_FILE: file('jwt') }).auth.jwtSecret).toBe('s'.repeat(40));
  });

  it('reads DATABASE_URL from DATABASE_URL_FILE, and still never echoes it', async () => {
    await writeFile(file('db'), 'postgres://app:hunter2@db:5432/orders');
    expect(load({ DATABASE_URL_FILE: file('db') }).databaseUrl).toBe('postgres://app:hunter2@db:5432/orders');
    await writeFile(file('bad-db'), 'mysql://app:hunter2@db/orders');
    expect(problemsOf({ DATABASE_URL_FILE: file('bad-db') }).join(' ')).not.toContain('hunter2');
  });

  it('refuses both a value and a file, a missing file and an empty one', async () => {
    await writeFile(file('empty'), '\n');
    expect(problemsOf({ AUTH_JWT_SECRET: 'x'.repeat(32), AUTH_JWT_SECRET_FILE: file('jwt') })).toEqual([
      'set AUTH_JWT_SECRET or AUTH_JWT_SECRET_FILE, not both',
    ]);
    expect(problemsOf({ AUTH_JWT_SECRET_FILE: file('absent') })).toEqual([expect.stringMatching(/AUTH_JWT_SECRET_FILE: cannot read .*absent \(ENOENT\)/)]);
    expect(problemsOf({ TEMPORAL_API_KEY_FILE: file('empty') })).toEqual([expect.stringMatching(/TEMPORAL_API_KEY_FILE names an empty file/)]);
  });
});
