import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';

const stream = new PassThrough();
const lines: Record<string, unknown>[] = [];
stream.on('data', (chunk: Buffer) => {
  for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
});

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ logStream: stream, env: { LOG_LEVEL: 'info', ORDER_PROCESSING_DELAY: '100ms' } });
});
afterAll(() => t.close());

describe('logs', () => {
  it('are JSON lines, each line of a request carrying its request id, and the order id where there is one', async () => {
    const created = await t.http.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-create-1' },
      payload: { customer_id: 1, total_amount: 10 },
    });
    const id = created.json().id as number;
    expect(created.headers['x-request-id']).toBe('req-create-1');
    await t.http.inject({ method: 'GET', url: `/orders/${id}`, headers: { 'x-request-id': 'req-get-1' } });

    const createLines = lines.filter((l) => l.reqId === 'req-create-1');
    // One line per request at info, with the request, the status and the time it took.
    expect(createLines.filter((l) => l.msg === 'request completed')).toEqual([
      expect.objectContaining({ req: expect.objectContaining({ method: 'POST', url: '/orders' }), res: { statusCode: 201 } }),
    ]);
    expect(createLines.some((l) => l.msg === 'incoming request')).toBe(false);
    expect(createLines.some((l) => l.orderId === id && l.msg === 'order created')).toBe(true);
    const getLines = lines.filter((l) => l.reqId === 'req-get-1');
    expect(getLines.filter((l) => l.msg === 'request completed').every((l) => l.orderId === id)).toBe(true);
  });

  it("carry no order id on another resource's routes, whose :id is not an order's", async () => {
    await t.http.inject({ method: 'GET', url: '/webhooks/4242', headers: { 'x-request-id': 'req-webhook-1' } });
    const webhookLines = lines.filter((l) => l.reqId === 'req-webhook-1');
    expect(webhookLines.some((l) => l.msg === 'request completed')).toBe(true);
    expect(webhookLines.filter((l) => 'orderId' in l)).toEqual([]);
  });

  it("route the workflow's and activity's logs through the same logger, with workflow id and run id", async () => {
    const created = await t.http.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'application/json' },
      payload: { customer_id: 1, total_amount: 10 },
    });
    const id = created.json().id as number;
    const activityLine = await eventually(async () => lines.find((l) => l.msg === 'order completed' && l.orderId === id), 10_000, 'the activity log line');
    expect(activityLine).toMatchObject({ workflowId: `order-${id}`, activityType: 'settleOrder', component: 'temporal' });
    expect(activityLine.workflowRunId ?? activityLine.runId).toBeTruthy();
    // An activity task token lets its holder complete the activity: it must not be readable in logs.
    expect(activityLine.taskToken).toBe('[redacted]');
    const workflowLine = await eventually(
      async () => lines.find((l) => l.msg === 'order workflow finished' && l.orderId === id),
      10_000,
      'the workflow log line',
    );
    expect(workflowLine).toMatchObject({ workflowId: `order-${id}`, workflowType: 'OrderWorkflow' });
    expect(workflowLine.runId).toBeTruthy();
  });

  it('never contain credentials', async () => {
    await t.http.inject({ method: 'GET', url: '/orders', headers: { authorization: 'Bearer s3cr3t-token', cookie: 'session=s3cr3t-cookie' } });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('s3cr3t-token');
    expect(text).not.toContain('s3cr3t-cookie');
    expect(text).not.toMatch(/postgres:\/\/[^"]*:[^"]*@/); // no connection string with a password
  });
});
