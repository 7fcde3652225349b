import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_ID, ORDER_STATUS } from '../../src/orders/search-attributes.js';
import { eventually, startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '2s' } });
});
afterAll(() => t.close());

const json = { 'content-type': 'application/json' };
const customerId = 700_000 + Math.floor(Math.random() * 100_000);

async function create(totalAmount = 3): Promise<number> {
  const response = await t.http.inject({ method: 'POST', url: '/orders', headers: json, payload: { customer_id: customerId, total_amount: totalAmount } });
  return response.json().id;
}

async function orderStatusAttribute(id: number): Promise<string | undefined> {
  const description = await t.temporal.workflow.getHandle(`order-${id}`).describe();
  return description.typedSearchAttributes.get(ORDER_STATUS);
}

describe('Temporal search attributes', () => {
  it('carry the customer and follow the order status: pending, awaiting_review, cancelled', async () => {
    // Above the review threshold, the order waits for an operator: a status that lasts.
    const id = await create(3000);
    const description = await t.temporal.workflow.getHandle(`order-${id}`).describe();
    expect(description.typedSearchAttributes.get(CUSTOMER_ID)).toBe(customerId);
    expect(description.typedSearchAttributes.get(ORDER_STATUS)).toBe('pending');

    await eventually(async () => ((await orderStatusAttribute(id)) === 'awaiting_review' ? true : undefined), 10_000, 'OrderStatus=awaiting_review');

    await t.http.inject({ method: 'POST', url: `/orders/${id}/cancel` });
    await eventually(async () => ((await orderStatusAttribute(id)) === 'cancelled' ? true : undefined), 10_000, 'OrderStatus=cancelled');
  });

  it('let an operator find completed orders of a customer with a visibility query', async () => {
    const id = await create();
    await t.temporal.workflow.getHandle(`order-${id}`).result();
    expect(await orderStatusAttribute(id)).toBe('completed');
    const found = await eventually(
      async () => {
        const ids: string[] = [];
        for await (const run of t.temporal.workflow.list({ query: `OrderStatus = "completed" AND CustomerId = ${customerId}` })) ids.push(run.workflowId);
        return ids.length > 0 ? ids : undefined;
      },
      15_000,
      'the visibility query',
    );
    expect(found).toEqual([`order-${id}`]);
  });
});
