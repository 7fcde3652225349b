/**
 * A throwaway PKI for the mutual-TLS tests, made with the openssl command line: a CA, a server
 * certificate for 127.0.0.1 / localhost, client certificates it issued, and a second CA that the
 * server does not trust. Keys are EC P-256; everything lives in one temporary directory.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CertificatePair {
  cert: string;
  key: string;
}

export interface TestPki {
  dir: string;
  caCert: string;
  server: CertificatePair;
  /** Issued by the CA: what the app presents. */
  client: CertificatePair;
  /** Issued by the CA: what the server's own system workers present to its frontend. */
  systemWorker: CertificatePair;
  /** Issued by a CA the server does not trust. */
  stranger: CertificatePair;
}

export async function createTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'order-system-pki-'));
  const path = (name: string) => join(dir, name);
  const ca = await selfSigned(dir, 'ca', 'order-system test CA');
  const otherCa = await selfSigned(dir, 'other-ca', 'some other CA');
  await writeFile(path('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await writeFile(path('client.ext'), 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    caCert: ca.cert,
    server: await issued(dir, 'server', 'localhost', ca, 'server.ext'),
    client: await issued(dir, 'client', 'order-processing', ca, 'client.ext'),
    systemWorker: await issued(dir, 'system-worker', 'temporal-system-worker', ca, 'client.ext'),
    stranger: await issued(dir, 'stranger', 'order-processing', otherCa, 'client.ext'),
  };
}

async function newKey(file: string): Promise<void> {
  await run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);
}

async function selfSigned(dir: string, name: string, subject: string): Promise<CertificatePair> {
  const pair = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  await newKey(pair.key);
  await run('openssl', ['req', '-x509', '-new', '-key', pair.key, '-subj', `/CN=${subject}`, '-days', '2', '-out', pair.cert]);
  return pair;
}

async function issued(dir: string, name: string, commonName: string, ca: CertificatePair, extensions: string): Promise<CertificatePair> {
  const pair = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  const csr = join(dir, `${name}.csr`);
  await newKey(pair.key);
  await run('openssl', ['req', '-new', '-key', pair.key, '-subj', `/CN=${commonName}`, '-out', csr]);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    join(dir, extensions),
    '-out',
    pair.cert,
  ]);
  return pair;
}
