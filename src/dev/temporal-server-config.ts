import { stringify } from 'yaml';
import { POSTGRES_PLUGIN, type TemporalPostgres } from './temporal-schema.js';

/** The ports one all-in-one server process listens on (all on 127.0.0.1). */
export interface TemporalServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/** TLS on the frontend, the port clients use; the other services talk in the clear inside the process's loopback. */
export interface TemporalServerTls {
  certFile: string;
  keyFile: string;
  /** With these, clients must present a certificate issued by one of them (mutual TLS). */
  clientCaFiles?: string[];
  /**
   * The server's own system workers connect to the frontend as clients: with mutual TLS they need a
   * certificate of their own, and the CA that issued the frontend's.
   */
  systemWorker?: { certFile: string; keyFile: string; rootCaFiles: string[]; serverName: string };
}

/**
 * The server configuration that docker-compose.yml's `temporal` service gets from the
 * temporalio/server image's template with DB=postgres12 (the `temporal` and `temporal_visibility`
 * databases, SQL visibility, 4 history shards, the image's connection pool sizes, no Elasticsearch,
 * no dynamic config), with each service's ports chosen by the caller: one process, all services.
 */
export function temporalServerConfig(options: { postgres: TemporalPostgres; ports: TemporalServerPorts; logLevel?: string; tls?: TemporalServerTls }): string {
  const { postgres, ports, tls } = options;
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: POSTGRES_PLUGIN,
      databaseName,
      connectAddr: `${postgres.host}:${postgres.port}`,
      connectProtocol: 'tcp',
      user: postgres.user,
      password: postgres.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (grpcPort: number, membershipPort: number, httpPort?: number) => ({
    rpc: { grpcPort, membershipPort, bindOnIP: '127.0.0.1', ...(httpPort ? { httpPort } : {}) },
  });
  const config = {
    log: { stdout: true, level: options.logLevel ?? 'warn' },
    persistence: {
      numHistoryShards: 4,
      defaultStore: 'default',
      visibilityStore: 'visibility',
      datastores: { default: store(postgres.database, 20), visibility: store(postgres.visibilityDatabase, 10) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      pprof: { port: 0 },
      ...(tls ? { tls: frontendTls(tls) } : {}),
    },
    services: {
      frontend: rpc(ports.frontend, ports.frontendMembership, ports.frontendHttp),
      matching: rpc(ports.matching, ports.matchingMembership),
      history: rpc(ports.history, ports.historyMembership),
      worker: rpc(ports.worker, ports.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${ports.frontend}`,
          httpAddress: `127.0.0.1:${ports.frontendHttp}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
  };
  return stringify(config);
}

function frontendTls(tls: TemporalServerTls) {
  return {
    frontend: {
      server: {
        certFile: tls.certFile,
        keyFile: tls.keyFile,
        ...(tls.clientCaFiles?.length ? { requireClientAuth: true, clientCaFiles: tls.clientCaFiles } : {}),
      },
    },
    ...(tls.systemWorker
      ? {
          systemWorker: {
            certFile: tls.systemWorker.certFile,
            keyFile: tls.systemWorker.keyFile,
            client: { serverName: tls.systemWorker.serverName, rootCaFiles: tls.systemWorker.rootCaFiles },
          },
        }
      : {}),
  };
}
