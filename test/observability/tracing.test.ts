import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';

const exporter = new InMemorySpanExporter();
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ spanExporter: exporter, env: { ORDER_PROCESSING_DELAY: '100ms' } });
});
afterAll(() => t.close());

async function createAndComplete(headers: Record<string, string> = {}): Promise<number> {
  const response = await t.http.inject({
    method: 'POST',
    url: '/orders',
    headers: { 'content-type': 'application/json', ...headers },
    payload: { customer_id: 1, total_amount: 10 },
  });
  expect(response.statusCode).toBe(201);
  const id = response.json().id as number;
  await t.temporal.workflow.getHandle(`order-${id}`).result();
  return id;
}

/** The chain of span names from `span` up to its trace's root. */
function ancestry(span: ReadableSpan, spans: ReadableSpan[]): string[] {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const names = [span.name];
  for (let parent = span.parentSpanId && byId.get(span.parentSpanId); parent; parent = parent.parentSpanId && byId.get(parent.parentSpanId)) {
    names.push(parent.name);
  }
  return names;
}

describe('tracing', () => {
  it('one POST /orders yields one connected trace from the HTTP request through StartWorkflow, the workflow and its activity down to SQL', async () => {
    exporter.reset();
    const id = await createAndComplete();
    const spans = await eventually(
      async () => {
        const finished = exporter.getFinishedSpans();
        return finished.some((s) => s.name === 'RunActivity:settleOrder') && finished.some((s) => s.name.startsWith('RunWorkflow')) ? finished : undefined;
      },
      10_000,
      'workflow and activity spans',
    );

    const root = spans.find((s) => s.name === 'POST /orders' && s.kind === SpanKind.SERVER)!;
    expect(root).toBeDefined();
    expect(root.parentSpanId).toBeUndefined();
    const trace = spans.filter((s) => s.spanContext().traceId === root.spanContext().traceId);

    const names = trace.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /orders',
        'INSERT orders',
        'StartWorkflow:OrderWorkflow',
        'RunWorkflow:OrderWorkflow',
        'StartActivity:settleOrder',
        'RunActivity:settleOrder',
        'UPDATE orders',
      ]),
    );

    // Connected: the activity's SQL reaches the HTTP request through the workflow, parent by parent.
    const completingUpdate = trace.find((s) => s.name === 'UPDATE orders' && ancestry(s, trace).includes('RunActivity:settleOrder'))!;
    expect(ancestry(completingUpdate, trace)).toEqual(
      expect.arrayContaining([
        'UPDATE orders',
        'RunActivity:settleOrder',
        'StartActivity:settleOrder',
        'RunWorkflow:OrderWorkflow',
        'StartWorkflow:OrderWorkflow',
        'POST /orders',
      ]),
    );
    expect(ancestry(completingUpdate, trace).at(-1)).toBe('POST /orders');
    expect(root.attributes['http.route']).toBe('/orders');
    expect(root.attributes['http.response.status_code']).toBe(201);
    expect(id).toBeGreaterThan(0);
  });

  it('continues the trace of a caller that sends a W3C traceparent header', async () => {
    exporter.reset();
    const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await createAndComplete({ traceparent: `00-${callerTraceId}-00f067aa0ba902b7-01` });
    const root = exporter.getFinishedSpans().find((s) => s.name === 'POST /orders')!;
    expect(root.spanContext().traceId).toBe(callerTraceId);
    expect(root.parentSpanId).toBe('00f067aa0ba902b7');
  });

  it('records SQL text but never the values bound to it', async () => {
    exporter.reset();
    await t.http.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'application/json' },
      payload: { customer_id: 424242, total_amount: 10 },
    });
    const insert = exporter.getFinishedSpans().find((s) => s.name === 'INSERT orders')!;
    expect(String(insert.attributes['db.statement'])).toContain('INSERT INTO orders');
    expect(JSON.stringify(insert.attributes)).not.toContain('424242');
  });
});
