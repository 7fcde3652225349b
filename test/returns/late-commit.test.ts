/**
 * A return's workflow starts just before the return's create transaction commits. A commit that
 * comes late (a slow database) must still be processed, and a create that rolls back after the
 * start must end its workflow as a return that never was, not leave it waiting.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_OPERATOR } from '../../src/auth/principal.js';
import { createPool, type Pool } from '../../src/db/pool.js';
import { OrderRepository } from '../../src/orders/repository.js';
import type { ReturnWorkflowInput } from '../../src/returns/messages.js';
import { ReturnRepository } from '../../src/returns/repository.js';
import { ReturnService } from '../../src/returns/service.js';
import { ReturnWorkflowClient } from '../../src/returns/workflow-client.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { deliveredOrder, untilReturn } from '../support/returns.js';
import { stockedSku } from '../support/saga.js';

let t: TestApp;
let pool: Pool;
beforeAll(async () => {
  t = await startTestApp({ env: { ORDER_PROCESSING_DELAY: '0s' } });
  pool = createPool(t.databaseUrl, 4);
});
afterAll(async () => {
  await pool?.end();
  await t?.close();
});

/** The app's returns service, with `afterStart` run between the workflow's start and the COMMIT. */
function returnsWith(afterStart: (input: ReturnWorkflowInput) => Promise<void>): ReturnService {
  const real = new ReturnWorkflowClient(t.temporal, { taskQueue: t.config.temporal.taskQueue, rpcTimeoutMs: t.config.temporal.rpcTimeoutMs });
  const workflows = Object.assign(Object.create(real) as ReturnWorkflowClient, {
    start: async (input: ReturnWorkflowInput) => {
      await real.start(input);
      await afterStart(input);
    },
  });
  const { windowMs, parcelDeadlineMs, refundRetryWindowMs } = t.config.returns;
  return new ReturnService({
    pool,
    returns: new ReturnRepository(pool),
    orders: new OrderRepository(pool),
    workflows,
    windowMs,
    parcelDeadlineMs,
    refundRetryWindowMs,
  });
}

describe("a return's create and its workflow", () => {
  it('a create that commits 25 s after its workflow started is still processed', async () => {
    const sku = await stockedSku(t, 5);
    const order = await deliveredOrder(t, [{ sku, quantity: 1, unit_price: 10 }]);
    const created = await returnsWith(() => sleep(25_000)).create(DEVELOPMENT_OPERATOR, order.id, { items: [{ sku, quantity: 1 }], reason: 'late' });
    expect(await untilReturn(t, order.id, created.id, 'awaiting_parcel', 30_000)).toMatchObject({ id: created.id });
  }, 90_000);

  it('a create that rolls back after its workflow started ends that workflow as a return that never was', async () => {
    const sku = await stockedSku(t, 5);
    const order = await deliveredOrder(t, [{ sku, quantity: 1, unit_price: 10 }]);
    let started: ReturnWorkflowInput | undefined;
    const refused = returnsWith(async (input) => {
      started = input;
      await sleep(2_000);
      throw new Error('the commit never happens');
    }).create(DEVELOPMENT_OPERATOR, order.id, { items: [{ sku, quantity: 1 }], reason: 'rolled back' });
    await expect(refused).rejects.toThrow('the commit never happens');
    const outcome = await t.temporal.workflow.getHandle(`return-${started!.returnId}`).result();
    expect(outcome).toBe('gone');
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM returns WHERE order_id = $1', [order.id]);
    expect(rows[0].n).toBe(0);
  }, 60_000);
});
