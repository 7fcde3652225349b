import { existsSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { type ClientConfigProfile, loadClientConfigProfile, toClientOptions } from '@temporalio/envconfig';

/**
 * How the client and the worker reach Temporal, read the way the `temporal` CLI reads it (Temporal's
 * own @temporalio/envconfig): a profile of a `temporal.toml` file (TEMPORAL_CONFIG_FILE, else
 * ~/.config/temporalio/temporal.toml; TEMPORAL_PROFILE, else `default`), overridden by TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS, TEMPORAL_TLS_CLIENT_CERT_PATH / _DATA,
 * TEMPORAL_TLS_CLIENT_KEY_PATH / _DATA, TEMPORAL_TLS_SERVER_CA_CERT_PATH / _DATA,
 * TEMPORAL_TLS_SERVER_NAME and TEMPORAL_GRPC_META_<HEADER>.
 */
export interface TemporalConnectionSettings {
  /** Unset when neither the environment nor the profile names one (dev mode then starts a server). */
  address: string | undefined;
  namespace: string | undefined;
  /** false or undefined: plain gRPC. true: TLS with the system's CAs. An object: a CA, a client certificate, a server name. */
  tls: TLSConfig | boolean | undefined;
  /** Sent as `Authorization: Bearer <key>` (Temporal Cloud API keys); turns TLS on unless TLS is disabled explicitly. */
  apiKey: string | undefined;
  /** gRPC headers sent with every call. */
  metadata: Record<string, string> | undefined;
}

/** What createTemporalClient and the worker's NativeConnection take, besides the address. */
export type TemporalConnectionSecurity = Partial<Pick<TemporalConnectionSettings, 'tls' | 'apiKey' | 'metadata'>>;

/** Thrown with a message fit for the configuration error list (paths, never secrets). */
export class TemporalConnectionSettingsError extends Error {
  override name = 'TemporalConnectionSettingsError';
}

/**
 * Reads the settings from `env` (the process environment by default: the same variables the CLI reads).
 * Stricter than envconfig alone where silence would hide a mistake: an explicit TEMPORAL_CONFIG_FILE
 * that does not exist, a certificate without its key, a file that cannot be read.
 */
export function loadTemporalConnectionSettings(env: Record<string, string | undefined>): TemporalConnectionSettings {
  const vars = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const configFile = vars.TEMPORAL_CONFIG_FILE;
  if (configFile && !existsSync(configFile)) throw new TemporalConnectionSettingsError(`TEMPORAL_CONFIG_FILE ${configFile} does not exist`);

  let profile: ClientConfigProfile;
  try {
    // Without HOME (the tests' environments) there is no default file to find: only the variables count.
    profile = loadClientConfigProfile({ overrideEnvVars: vars });
  } catch (error) {
    throw new TemporalConnectionSettingsError(`Temporal connection profile: ${(error as Error).message}`);
  }
  const tls = profile.tls;
  if (tls && !tls.disabled && Boolean(tls.clientCert) !== Boolean(tls.clientKey)) {
    throw new TemporalConnectionSettingsError(
      'a Temporal client certificate needs its key and the key its certificate (TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH, or the profile’s client_cert_* and client_key_*)',
    );
  }

  let options: ReturnType<typeof toClientOptions>;
  try {
    options = toClientOptions(profile); // reads the certificate and key files
  } catch (error) {
    throw new TemporalConnectionSettingsError(`Temporal TLS: ${(error as Error).message}`);
  }
  const { connectionOptions } = options;
  return {
    address: connectionOptions.address,
    namespace: options.namespace,
    tls: connectionOptions.tls ?? undefined,
    apiKey: typeof connectionOptions.apiKey === 'string' ? connectionOptions.apiKey : undefined,
    metadata: profile.grpcMeta && Object.keys(profile.grpcMeta).length > 0 ? profile.grpcMeta : undefined,
  };
}

/** For logs and the banner: how the connection is secured, never the secrets themselves. */
export function describeTemporalSecurity(security: TemporalConnectionSecurity): string {
  const parts: string[] = [];
  if (security.tls) {
    const tls = typeof security.tls === 'object' ? security.tls : {};
    parts.push(tls.clientCertPair ? 'mutual TLS' : 'TLS');
    if (tls.serverRootCACertificate) parts.push('own CA');
  } else if (security.tls === false || !security.apiKey) {
    parts.push('plain gRPC');
  } else {
    parts.push('TLS');
  }
  if (security.apiKey) parts.push('API key');
  return parts.join(', ');
}
