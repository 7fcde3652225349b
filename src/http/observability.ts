import { context, propagation, type Span, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';

/** The process's loggers are pino's (src/logger.ts); Fastify types them by the subset it needs. */
function isPino(log: FastifyBaseLogger): log is FastifyBaseLogger & Logger {
  return typeof (log as Partial<Logger>).setBindings === 'function';
}

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

  app.addHook('preHandler', function (request, _reply, done) {
    // Only an order's routes: /webhooks/:id and /returns/:id have ids of their own.
    const id = routeOf(request).startsWith('/orders/') ? (request.params as { id?: unknown } | undefined)?.id : undefined;
    // The request's logger is its own child (the reply shares it): binding the id there costs a
    // fraction of a second child logger, which with redaction on is the dearest part of a GET's logging.
    if (typeof id === 'number') {
      if (request.log !== this.log && isPino(request.log)) request.log.setBindings({ orderId: id });
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
