import { createServer, type Server } from 'node:http';
import { mayReadMetrics } from './metrics-access.js';

/** The worker's probes (src/temporal/worker-health.ts): open to anyone who reaches the port, as kubelets do. */
export interface ProbeAnswers {
  live: boolean;
  ready: boolean;
  state: string;
}

const problem = (status: number, title: string) => JSON.stringify({ type: 'about:blank', title, status });

/**
 * /metrics on a port of its own (the worker role; the API with API_METRICS_PORT): Prometheus text, to
 * bearers of `token` when one is set; and, given `probes`, /healthz (liveness) and /readyz (readiness)
 * answered from the worker's state without a token.
 */
export async function startMetricsServer(options: {
  host: string;
  port: number;
  token?: string;
  render: () => Promise<string>;
  probes?: () => ProbeAnswers;
}): Promise<Server> {
  const server = createServer((request, response) => {
    const path = request.url?.split('?')[0];
    const probes = options.probes;
    if (probes && (request.method === 'GET' || request.method === 'HEAD') && (path === '/healthz' || path === '/readyz')) {
      const answers = probes();
      const ok = path === '/healthz' ? answers.live : answers.ready;
      response
        .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ok ? 'ok' : 'unavailable', worker: answers.state }));
      return;
    }
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'application/problem+json' }).end(problem(404, 'Not found'));
      return;
    }
    if (!mayReadMetrics(request.headers.authorization, options.token)) {
      response.writeHead(401, { 'content-type': 'application/problem+json', 'www-authenticate': 'Bearer' }).end(problem(401, 'Unauthenticated'));
      return;
    }
    options.render().then(
      (text) => response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  return server;
}
