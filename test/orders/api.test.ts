import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOrders, startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  // A long processing delay keeps orders pending while a test works with them.
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '1m' } });
});
afterAll(() => t.close());

const json = { 'content-type': 'application/json' };

async function createOrder(body: object = { customer_id: 1, total_amount: 100.5 }) {
  const response = await t.http.inject({ method: 'POST', url: '/orders', headers: json, payload: body });
  expect(response.statusCode).toBe(201);
  return response.json<{ id: number; status: string; total_amount: number; customer_id: number }>();
}

async function workflowStatus(orderId: number): Promise<string | undefined> {
  try {
    return (await t.temporal.workflow.getHandle(`order-${orderId}`).describe()).status.name;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }, status: number, detail?: RegExp) {
  expect(response.statusCode).toBe(status);
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const problem = response.json() as { status: number; title: string; type: string; detail?: string };
  expect(problem.status).toBe(status);
  expect(problem.title).toBeTruthy();
  expect(problem.type).toMatch(/^https:\/\//);
  expect(JSON.stringify(problem)).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
  if (detail) expect(problem.detail).toMatch(detail);
}

describe('POST /orders', () => {
  it('creates a pending order with an exact amount, 201 and a Location header', async () => {
    const response = await t.http.inject({ method: 'POST', url: '/orders', headers: json, payload: '{"customer_id": 1, "total_amount": 100.50}' });
    expect(response.statusCode).toBe(201);
    const order = response.json();
    expect(response.headers.location).toBe(`/orders/${order.id}`);
    expect(order).toMatchObject({ customer_id: 1, status: 'pending', total_amount: 100.5 });
    expect(response.body).toContain('"total_amount":100.5');
    expect(new Date(order.created_at).toISOString()).toBe(order.created_at);

    const { rows } = await t.db.query('SELECT total_amount::text AS amount FROM orders WHERE id = $1', [order.id]);
    expect(rows[0].amount).toBe('100.50');
  });

  it('starts exactly one workflow, order-<id>, on the order-processing task queue of the config', async () => {
    const order = await createOrder();
    const description = await t.temporal.workflow.getHandle(`order-${order.id}`).describe();
    expect(description.type).toBe('OrderWorkflow');
    expect(description.taskQueue).toBe(t.config.temporal.taskQueue);
    expect(description.status.name).toBe('RUNNING');
    const runs = [];
    for await (const run of t.temporal.workflow.list({ query: `WorkflowId = "order-${order.id}"` })) runs.push(run);
    expect(runs).toHaveLength(1);
  });

  it('keeps amounts exact at the limits of NUMERIC(12,2)', async () => {
    const order = await createOrder({ customer_id: 2, total_amount: 9999999999.99 });
    expect(order.total_amount).toBe(9999999999.99);
    const { rows } = await t.db.query('SELECT total_amount::text AS amount FROM orders WHERE id = $1', [order.id]);
    expect(rows[0].amount).toBe('9999999999.99');
  });

  describe('rejects bad input with a problem and stores nothing', () => {
    const cases: { name: string; payload: string; headers?: Record<string, string>; status: number; detail: RegExp }[] = [
      { name: 'malformed JSON', payload: '{"customer_id": 1', status: 400, detail: /not valid JSON/ },
      { name: 'an empty body', payload: '', status: 400, detail: /body must be a JSON object/ },
      { name: 'a JSON array', payload: '[]', status: 400, detail: /must be object/ },
      { name: 'an unknown field', payload: '{"customer_id": 1, "total_amount": 1, "coupon": "FREE"}', status: 400, detail: /unknown property "coupon"/ },
      { name: 'a missing total_amount', payload: '{"customer_id": 1}', status: 400, detail: /body must have required property 'items' or 'total_amount'/ },
      { name: 'a customer_id given as a string', payload: '{"customer_id": "1", "total_amount": 1}', status: 400, detail: /customer_id must be integer/ },
      { name: 'a fractional customer_id', payload: '{"customer_id": 1.5, "total_amount": 1}', status: 400, detail: /customer_id must be integer/ },
      { name: 'more than two decimals', payload: '{"customer_id": 1, "total_amount": 100.505}', status: 400, detail: /at most 2 decimal places/ },
      { name: 'a negative amount', payload: '{"customer_id": 1, "total_amount": -0.01}', status: 400, detail: /must be >= 0/ },
      { name: 'a non-numeric amount', payload: '{"customer_id": 1, "total_amount": "a lot"}', status: 400, detail: /must be number/ },
      { name: 'an absurdly large amount', payload: '{"customer_id": 1, "total_amount": 1e15}', status: 400, detail: /must be <= 9999999999.99/ },
      {
        name: 'a number JSON would round',
        payload: '{"customer_id": 1, "total_amount": 100.999999999999999999}',
        status: 400,
        detail: /cannot be represented exactly/,
      },
      { name: 'a text/plain body', payload: 'customer_id=1', headers: { 'content-type': 'text/plain' }, status: 415, detail: /application\/json/ },
      {
        name: 'a form body',
        payload: 'customer_id=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        status: 415,
        detail: /application\/json/,
      },
      { name: 'a body over 1 MiB', payload: `{"customer_id": 1, "total_amount": 1, "pad": "${'x'.repeat(1024 * 1024)}"}`, status: 413, detail: /larger than/ },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.status}`, async () => {
        const before = await countOrders(t.db);
        const response = await t.http.inject({ method: 'POST', url: '/orders', headers: c.headers ?? json, payload: c.payload });
        expectProblem(response, c.status, c.detail);
        expect(await countOrders(t.db)).toBe(before);
      });
    }
  });
});

describe('GET /orders/{id}', () => {
  it('returns the order', async () => {
    const created = await createOrder({ customer_id: 3, total_amount: 7 });
    const response = await t.http.inject({ method: 'GET', url: `/orders/${created.id}` });
    expect(response.statusCode).toBe(200);
    // While it is in flight, the order carries its workflow's live progress; it has no shipments yet (it has no goods).
    expect(response.json()).toEqual({ ...created, progress: { stage: 'waiting', completed_steps: [], cancellable: true }, shipments: [] });
  });

  it('answers 404 for a missing order and 400 for an id that is not a positive integer', async () => {
    expectProblem(await t.http.inject({ method: 'GET', url: '/orders/9000000000000000' }), 404, /Order 9000000000000000 does not exist/);
    expectProblem(await t.http.inject({ method: 'GET', url: '/orders/abc' }), 400, /id must be integer/);
    expectProblem(await t.http.inject({ method: 'GET', url: '/orders/1.5' }), 400, /id must be integer/);
    expectProblem(await t.http.inject({ method: 'GET', url: '/orders/0' }), 400, /id must be >= 1/);
  });
});

describe('GET /orders', () => {
  it('is a JSON array paginated by keyset, with a Link to the next page while pages are full', async () => {
    const customer = 9000 + Math.floor(Math.random() * 1000);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createOrder({ customer_id: customer, total_amount: i })).id);

    const seen: number[] = [];
    let url: string | undefined = `/orders?customer_id=${customer}&limit=2`;
    while (url) {
      const response = await t.http.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      const page = response.json<{ id: number }[]>();
      expect(Array.isArray(page)).toBe(true);
      seen.push(...page.map((o) => o.id));
      const link = response.headers.link as string | undefined;
      url = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : undefined;
    }
    expect(seen).toEqual(ids);
  });

  it('filters by status', async () => {
    const order = await createOrder({ customer_id: 77, total_amount: 1 });
    await t.http.inject({ method: 'POST', url: `/orders/${order.id}/cancel` });
    const page = (await t.http.inject({ method: 'GET', url: '/orders?status=cancelled&limit=500' })).json<{ id: number; status: string }[]>();
    expect(page.map((o) => o.id)).toContain(order.id);
    expect(page.every((o) => o.status === 'cancelled')).toBe(true);
  });

  it('rejects bad paging and filters: limit out of range, unknown status, unknown parameter', async () => {
    expectProblem(await t.http.inject({ method: 'GET', url: '/orders?limit=0' }), 400, /limit must be >= 1/);
    expectProblem(await t.http.inject({ method: 'GET', url: '/orders?limit=501' }), 400, /limit must be <= 500/);
    expectProblem(await t.http.inject({ method: 'GET', url: '/orders?status=delivered' }), 400, /status must be one of/);
    expectProblem(await t.http.inject({ method: 'GET', url: '/orders?statuss=pending' }), 400, /unknown property "statuss"/);
    expectProblem(await t.http.inject({ method: 'GET', url: '/orders?after=-1' }), 400, /after must be >= 0/);
  });
});

describe('PUT /orders/{id}', () => {
  it('changes the total of a pending order without items', async () => {
    const order = await createOrder();
    const response = await t.http.inject({ method: 'PUT', url: `/orders/${order.id}`, headers: json, payload: '{"total_amount": 150.75}' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: order.id, status: 'pending', total_amount: 150.75 });
  });

  it('refuses to set a status other than cancelled, since the workflow drives the status (409)', async () => {
    const order = await createOrder();
    for (const status of ['processing', 'completed', 'failed']) {
      expectProblem(await t.http.inject({ method: 'PUT', url: `/orders/${order.id}`, headers: json, payload: { status } }), 409, /driven by its workflow/);
    }
    expect((await t.http.inject({ method: 'GET', url: `/orders/${order.id}` })).json()).toMatchObject({ status: 'pending' });
  });

  it('refuses any change to a finished order with 409 and changes nothing', async () => {
    const order = await createOrder();
    await t.http.inject({ method: 'PUT', url: `/orders/${order.id}`, headers: json, payload: { status: 'cancelled' } });
    const response = await t.http.inject({ method: 'PUT', url: `/orders/${order.id}`, headers: json, payload: { status: 'pending' } });
    expectProblem(response, 409, /cancelled order cannot be changed/);
    const amountChange = await t.http.inject({ method: 'PUT', url: `/orders/${order.id}`, headers: json, payload: { total_amount: 1 } });
    expectProblem(amountChange, 409, /cancelled order cannot be changed/);
    expect((await t.http.inject({ method: 'GET', url: `/orders/${order.id}` })).json()).toMatchObject({ status: 'cancelled', total_amount: 100.5 });
  });

  it('cancelling goes through the workflow, which ends the order cancelled and can never complete it', async () => {
    const order = await createOrder();
    const response = await t.http.inject({ method: 'PUT', url: `/orders/${order.id}`, headers: json, payload: { status: 'cancelled' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'cancelled', status_reason: 'cancelled_by_operator' });
    expect(await t.temporal.workflow.getHandle(`order-${order.id}`).result()).toEqual({ status: 'cancelled', reason: 'cancelled_by_operator' });
    // The activity that completes orders refuses a cancelled one, even if it ran now.
    expect(await t.app.activities.completeOrder(order.id)).toEqual({ status: 'cancelled', reason: 'cancelled_by_operator' });
    expect((await t.http.inject({ method: 'GET', url: `/orders/${order.id}` })).json().status).toBe('cancelled');
  });

  it('rejects bad bodies with 400 and changes nothing', async () => {
    const order = await createOrder();
    for (const payload of [
      '{}',
      '{"status": "delivered"}',
      '{"total_amount": 1.234}',
      '{"status": "processing", "customer_id": 5}',
      '{"status": "cancelled", "total_amount": 1}',
    ]) {
      expectProblem(await t.http.inject({ method: 'PUT', url: `/orders/${order.id}`, headers: json, payload }), 400);
    }
    expect((await t.http.inject({ method: 'GET', url: `/orders/${order.id}` })).json()).toMatchObject({
      status: 'pending',
      total_amount: 100.5,
      customer_id: 1,
    });
  });

  it('answers 404 for a missing order', async () => {
    expectProblem(await t.http.inject({ method: 'PUT', url: '/orders/9000000000000000', headers: json, payload: { total_amount: 1 } }), 404);
  });
});

describe('DELETE /orders/{id}', () => {
  it('refuses to delete an order in flight (409), and deletes it once it is finished', async () => {
    const order = await createOrder();
    expectProblem(await t.http.inject({ method: 'DELETE', url: `/orders/${order.id}` }), 409, /cancel it/);
    expect(await workflowStatus(order.id)).toBe('RUNNING');
    await t.http.inject({ method: 'POST', url: `/orders/${order.id}/cancel` });
    const response = await t.http.inject({ method: 'DELETE', url: `/orders/${order.id}` });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expectProblem(await t.http.inject({ method: 'GET', url: `/orders/${order.id}` }), 404);
  });

  it('answers 404 for a missing order', async () => {
    expectProblem(await t.http.inject({ method: 'DELETE', url: '/orders/9000000000000000' }), 404);
  });
});

describe('health and docs', () => {
  it('/healthz and /readyz are ok when PostgreSQL and Temporal are reachable', async () => {
    expect((await t.http.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await t.http.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', temporal: 'ok' } });
  });

  it('serves the docs UI and the raw contract', async () => {
    expect((await t.http.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(200);
    const spec = await t.http.inject({ method: 'GET', url: '/openapi.yaml' });
    expect(spec.statusCode).toBe(200);
    expect(spec.body).toMatch(/^openapi: 3/);
    expect(spec.body).toContain('operationId: createOrder');
  });

  it('answers an unknown route with a 404 problem', async () => {
    expectProblem(await t.http.inject({ method: 'GET', url: '/nope' }), 404, /no route GET \/nope/);
  });
});
