import { createServer, type Server } from 'node:http';
import { mayReadMetrics } from './metrics-access.js';

const problem = (status: number, title: string) => JSON.stringify({ type: 'about:blank', title, status });

/**
 * /metrics on a port of its own (the worker role; the API with API_METRICS_PORT): Prometheus text and
 * nothing else, to bearers of `token` when one is set.
 */
export async function startMetricsServer(options: { host: string; port: number; token?: string; render: () => Promise<string> }): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
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
