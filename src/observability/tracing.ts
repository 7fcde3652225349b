import { context, propagation, type Tracer, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanExporter, type SpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  enabled: boolean;
  tracer: Tracer;
  resource: Resource;
  /** Where workflow spans (created inside the workflow sandbox and handed out through a sink) go. */
  spanProcessor: SpanProcessor;
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry tracing, configured by the standard OTEL_* variables: on when an OTLP endpoint is
 * set (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), off otherwise, and always
 * off with OTEL_SDK_DISABLED=true. Tests pass their own exporter (in memory).
 *
 * The OpenTelemetry API keeps its tracer provider, context manager and propagator process-wide by
 * design, so this registers them globally; the rest of the app receives the Tracing object.
 */
export function createTracing(env: NodeJS.ProcessEnv, options: { serviceName: string; exporter?: SpanExporter }): Tracing {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const enabled = env.OTEL_SDK_DISABLED !== 'true' && (options.exporter !== undefined || Boolean(endpoint));
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME || options.serviceName });
  if (!enabled) {
    return { enabled, tracer: trace.getTracer('order-processing'), resource, spanProcessor: new NoopSpanProcessor(), shutdown: async () => undefined };
  }

  // Tests export synchronously so a finished request's spans are there to assert on at once.
  const spanProcessor = options.exporter ? new SimpleSpanProcessor(options.exporter) : new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return {
    enabled,
    tracer: provider.getTracer('order-processing'),
    resource,
    spanProcessor,
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
