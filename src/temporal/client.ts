import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { TemporalConnectionSecurity } from './connection.js';

export interface TemporalClientOptions {
  address: string;
  namespace: string;
  /** Payload encryption, when configured (src/temporal/payload-encryption.ts). */
  dataConverter?: DataConverter;
  /** TLS, client certificate, API key, headers: from the environment or a temporal.toml profile (src/temporal/connection.ts). */
  security?: TemporalConnectionSecurity;
}

/**
 * A lazy connection: the API starts (and answers /healthz, and 503 on writes) while Temporal is
 * still down, and connects on the first call that needs it.
 */
export function createTemporalClient({ address, namespace, security = {}, dataConverter }: TemporalClientOptions): Client {
  return new Client({
    connection: Connection.lazy({ address, tls: security.tls, apiKey: security.apiKey, metadata: security.metadata }),
    namespace,
    dataConverter,
    // Starts, signals and cancels become spans, and carry the caller's trace into the workflow.
    interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
  });
}
