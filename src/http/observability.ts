import { context, propagation, type Span, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from '../observability/metrics.js';

/** The route template (`/orders/:id`), never the raw URL, so metric labels stay a bounded set. */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

/**
 * Per request: a server span (continuing a caller's W3C trace context) that is the active context
 * for everything the handler does, so StartWorkflow and SQL spans become its children; request
 * count and latency by route; and the order id on every log line of a request about one order.
 */
export function registerHttpObservability(app: FastifyInstance, deps: { metrics: Metrics; tracer: Tracer | undefined }): void {
  const spans = new WeakMap<FastifyRequest, Span>();
  const { tracer } = deps;

  // Without tracing there is nothing to start: no span, no context switch on every request.
  if (tracer) {
    app.addHook('onRequest', (request, _reply, done) => {
      const parent = propagation.extract(context.active(), request.headers);
      const span = tracer.startSpan(
        `${request.method} ${routeOf(request)}`,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': routeOf(request), 'url.path': request.url.split('?')[0] } },
        parent,
      );
      spans.set(request, span);
      // Calling done inside context.with makes the rest of this request's lifecycle run in it.
      context.with(trace.setSpan(parent, span), done);
    });
  }

  app.addHook('preHandler', (request, reply, done) => {
    const id = (request.params as { id?: unknown } | undefined)?.id;
    if (typeof id === 'number') {
      // The reply keeps its own reference, used for the "request completed" line.
      request.log = reply.log = request.log.child({ orderId: id });
      spans.get(request)?.setAttribute('order.id', id);
    }
    done();
  });

  app.addHook('onResponse', (request, reply, done) => {
    const labels = { method: request.method, route: routeOf(request), status_code: String(reply.statusCode) };
    deps.metrics.httpRequests.inc(labels);
    deps.metrics.httpRequestDuration.observe(labels, reply.elapsedTime / 1000);
    const span = spans.get(request);
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
}
