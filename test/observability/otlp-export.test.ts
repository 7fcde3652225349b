import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTracing } from '../../src/observability/tracing.js';

describe('OTLP trace export', () => {
  it('is off unless an OTLP endpoint is configured, and OTEL_SDK_DISABLED turns it off', async () => {
    expect(createTracing({}, { serviceName: 'x' }).enabled).toBe(false);
    expect(createTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }, { serviceName: 'x' }).enabled).toBe(false);
  });

  it('sends spans to the endpoint in OTEL_EXPORTER_OTLP_ENDPOINT, named by OTEL_SERVICE_NAME', async () => {
    const received: { url?: string; body: string }[] = [];
    const collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ url: request.url, body });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as AddressInfo;

    const previous = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${port}`; // the exporter reads it itself
    try {
      const tracing = createTracing(
        { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'orders-under-test' },
        { serviceName: 'order-api' },
      );
      expect(tracing.enabled).toBe(true);
      tracing.tracer.startSpan('a span that must reach the collector').end();
      await tracing.shutdown(); // flushes the batch
    } finally {
      if (previous === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = previous;
      collector.close();
    }
    expect(received.map((r) => r.url)).toContain('/v1/traces');
    const body = received.map((r) => r.body).join('');
    expect(body).toContain('a span that must reach the collector');
    expect(body).toContain('orders-under-test');
  });
});
