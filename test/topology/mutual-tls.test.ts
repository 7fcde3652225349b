/**
 * The client and the worker reach a Temporal cluster that requires mutual TLS, configured the way
 * the `temporal` CLI is (@temporalio/envconfig): TEMPORAL_TLS_* variables, or a profile of a
 * temporal.toml file. The cluster is the real server, started with a CA and certificates this test
 * makes; a client without a certificate, or with one from another CA, is turned away.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createTemporalClient } from '../../src/temporal/client.js';
import {
  auditedDatabase,
  createOrder,
  type Deployment,
  describeOutcome,
  eventually,
  killAllRoles,
  orderRows,
  startRole,
  uniqueTaskQueue,
} from '../faults/support.js';
import { createTestPki, type TestPki } from './certificates.js';
import { type RealTemporal, startRealTemporal } from './support.js';

let pki: TestPki;
let server: RealTemporal;

beforeAll(async () => {
  pki = await createTestPki();
  const [ca, cert, key] = await Promise.all([readFile(pki.caCert), readFile(pki.client.cert), readFile(pki.client.key)]);
  server = await startRealTemporal({
    tls: {
      certFile: pki.server.cert,
      keyFile: pki.server.key,
      clientCaFiles: [pki.caCert],
      systemWorker: { certFile: pki.systemWorker.cert, keyFile: pki.systemWorker.key, rootCaFiles: [pki.caCert], serverName: 'localhost' },
    },
    connection: { tls: { serverRootCACertificate: ca, clientCertPair: { crt: cert, key } } },
  });
}, 120_000);

afterAll(async () => {
  await killAllRoles();
  await server?.teardown();
  if (pki) await rm(pki.dir, { recursive: true, force: true });
});

/** What the app's own client makes of these variables: can it list workflows? */
async function appClientCanCall(env: Record<string, string>): Promise<true | string> {
  const config = loadConfig({ TEMPORAL_ADDRESS: server.address, ...env }, 'worker');
  const client = createTemporalClient({ address: server.address, namespace: 'default', security: config.temporal.connection });
  try {
    // A refused handshake is UNAVAILABLE, which the client would retry for a long time: a deadline ends it.
    await client.connection.withDeadline(Date.now() + 5000, () => client.workflowService.countWorkflowExecutions({ namespace: 'default' }));
    return true;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.connection.close();
  }
}

describe('mutual TLS with the Temporal server', () => {
  it('turns away plain gRPC, TLS without a client certificate, and a certificate from another CA', async () => {
    // Each refusal waits out its 5 s deadline, and each has its own client: all at once.
    const [plain, noClientCertificate, otherCa, unknownServerCa, control] = await Promise.all([
      appClientCanCall({}),
      appClientCanCall({ TEMPORAL_TLS: 'true', TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert }),
      appClientCanCall({
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert,
        TEMPORAL_TLS_CLIENT_CERT_PATH: pki.stranger.cert,
        TEMPORAL_TLS_CLIENT_KEY_PATH: pki.stranger.key,
      }),
      // And the server's certificate is checked: without our CA, the system's CAs do not know it.
      appClientCanCall({ TEMPORAL_TLS_CLIENT_CERT_PATH: pki.client.cert, TEMPORAL_TLS_CLIENT_KEY_PATH: pki.client.key }),
      // The control: the same call with the CA and a certificate it issued.
      appClientCanCall({
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert,
        TEMPORAL_TLS_CLIENT_CERT_PATH: pki.client.cert,
        TEMPORAL_TLS_CLIENT_KEY_PATH: pki.client.key,
      }),
    ]);
    expect(plain, 'plain gRPC').not.toBe(true);
    expect(noClientCertificate, 'TLS without a client certificate').not.toBe(true);
    expect(otherCa, 'a certificate from another CA').not.toBe(true);
    expect(unknownServerCa, "without the server's CA").not.toBe(true);
    expect(control).toBe(true);
  });

  it('completes an order with the API configured by TEMPORAL_TLS_* variables and the worker by a temporal.toml profile', async () => {
    const { url, db } = await auditedDatabase();
    try {
      const profileFile = join(pki.dir, 'temporal.toml');
      await writeFile(
        profileFile,
        [
          '[profile.orders]',
          `address = "${server.address}"`,
          'namespace = "default"',
          '[profile.orders.tls]',
          `server_ca_cert_path = "${pki.caCert}"`,
          `client_cert_path = "${pki.client.cert}"`,
          `client_key_path = "${pki.client.key}"`,
          '',
        ].join('\n'),
      );
      const deployment: Deployment = { databaseUrl: url, temporalAddress: server.address, taskQueue: uniqueTaskQueue('mtls'), processingDelay: '0ms' };
      const [api] = await Promise.all([
        startRole('api', deployment, {
          TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert,
          TEMPORAL_TLS_CLIENT_CERT_PATH: pki.client.cert,
          TEMPORAL_TLS_CLIENT_KEY_PATH: pki.client.key,
        }),
        // The profile names the address; the variable startRole sets would override it, so it goes.
        startRole('worker', { ...deployment, temporalAddress: '' }, { TEMPORAL_CONFIG_FILE: profileFile, TEMPORAL_PROFILE: 'orders' }),
      ]);

      const created = await createOrder(api.base, 77, 12.5);
      expect(created.id, describeOutcome(created)).toBeTypeOf('number');
      const rows = await eventually(
        async () => {
          const current = await orderRows(db);
          return current.every((o) => o.status === 'completed') ? current : undefined;
        },
        60_000,
        'the order to be completed over mutual TLS',
      );
      expect(rows.map((o) => o.id)).toEqual([created.id]);
    } finally {
      await db.end();
    }
  }, 180_000);
});
