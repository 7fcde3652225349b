/**
 * Versioning of ReturnWorkflow: its recorded histories (test/returns/histories/*.json) must replay
 * with the current workflow code, as OrderWorkflow's do (test/orders/replay.test.ts). To record the
 * current version's (e.g. before a change that needs `patched()`):
 *   RECORD_HISTORIES=v3 npx vitest run test/returns/replay.test.ts
 * It records a refunded and an expired return, (version 3 on) one whose declined refund an
 * operator retried and one whose retry window closed, and (version 4 on) one whose parcel the
 * carrier reported delivered to the warehouse before the operator inspected it.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { resolveTemporalCli } from '../../src/dev/temporal-cli.js';
import { postCarrierEvent } from '../support/carrier.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { loadHistory } from '../support/histories.js';
import { deliveredOrder, receiveAndDecline, receiveAndRefund, requestReturn, retryRefund, type ReturnJson, untilReturn } from '../support/returns.js';
import { stockedSku } from '../support/saga.js';

const HISTORIES = fileURLToPath(new URL('./histories/', import.meta.url));
const SECRET = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;

/** The carrier's signed report that the return parcel reached the warehouse. */
async function reportArrival(t: TestApp, trackingNumber: string): Promise<void> {
  const response = await postCarrierEvent(t, SECRET, { trackingNumber, kind: 'delivered', eventId: `recorded-arrival-${trackingNumber}` });
  expect(response.statusCode, response.body).toBe(200);
}
const recordAs = process.env.RECORD_HISTORIES;

describe('recorded ReturnWorkflow histories', () => {
  it('replay with the current workflow code', async () => {
    const fixtures = readdirSync(HISTORIES).filter((name) => name.endsWith('.json'));
    const histories = fixtures.map((name) => ({ workflowId: name, history: loadHistory(`${HISTORIES}${name}`) }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') } }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    // Every version that has existed: v1, v2 (`parcel-deadline`), v3 (`refund-declined`) and v4 (`parcel-arrival`).
    for (const version of ['v1', 'v2', 'v3', 'v4'])
      expect(
        fixtures.some((name) => name.startsWith(`${version}-`)),
        version,
      ).toBe(true);
  });

  it.runIf(recordAs)(
    `records the current version's histories as ${recordAs}-*.json`,
    async () => {
      // A short parcel deadline, so that one return can expire while the other is received in time; a
      // short retry window, so that one declined refund can be retried in time and the other not.
      const t = await startTestApp({
        env: { ORDER_PROCESSING_DELAY: '50ms', RETURN_PARCEL_DEADLINE: '5s', RETURN_REFUND_RETRY_WINDOW: '8s', CARRIER_WEBHOOK_SECRET_LOCAL_POST: SECRET },
      });
      const cli = await resolveTemporalCli({ log: () => undefined });
      const save = (returnId: number, outcome: string) => {
        const args = ['workflow', 'show', '--workflow-id', `return-${returnId}`, '--output', 'json', '--address', inject('temporalAddress')];
        writeFileSync(`${HISTORIES}${recordAs}-${outcome}.json`, execFileSync(cli!.path, args, { encoding: 'utf8' }));
      };
      try {
        const sku = await stockedSku(t, 10);
        const order = await deliveredOrder(t, [{ sku, quantity: 4, unit_price: 7.5 }]);
        const refunded = (await requestReturn(t, order.id, { items: [{ sku, quantity: 2 }], reason: 'recorded' })).json<ReturnJson>();
        await receiveAndRefund(t, order.id, refunded.id, [{ sku, received_quantity: 2, resellable_quantity: 1 }]);
        save(refunded.id, 'refunded');
        const arrived = (await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'reported by the carrier' })).json<ReturnJson>();
        await reportArrival(t, (await untilReturn(t, order.id, arrived.id, 'awaiting_parcel')).label_tracking_number!);
        await untilReturn(t, order.id, arrived.id, 'parcel_arrived');
        await t.http.inject({
          method: 'POST',
          url: `/orders/${order.id}/returns/${arrived.id}/receive`,
          payload: { items: [{ sku, received_quantity: 1, resellable_quantity: 1 }] },
        });
        await untilReturn(t, order.id, arrived.id, 'refunded');
        save(arrived.id, 'parcel-arrived');
        const expired = (await requestReturn(t, order.id, { items: [{ sku, quantity: 1 }], reason: 'never sent' })).json<ReturnJson>();
        await untilReturn(t, order.id, expired.id, 'expired', 30_000);
        save(expired.id, 'expired');
        const declined = await deliveredOrder(t, [{ sku, quantity: 2, unit_price: 4.25 }]);
        for (const outcome of ['refund-retried', 'refund-failed']) {
          const ret = (await requestReturn(t, declined.id, { items: [{ sku, quantity: 1 }], reason: outcome })).json<ReturnJson>();
          await receiveAndDecline(t, declined.id, ret.id, [{ sku, received_quantity: 1, resellable_quantity: 1 }]);
          t.config.providers.payments.declineRefunds = false;
          if (outcome === 'refund-retried') expect((await retryRefund(t, declined.id, ret.id)).json<ReturnJson>().status).toBe('refunded');
          expect(await t.temporal.workflow.getHandle(`return-${ret.id}`).result()).toBe(outcome === 'refund-retried' ? 'refunded' : 'refund_failed');
          save(ret.id, outcome);
        }
      } finally {
        await t.close();
      }
    },
    120_000,
  );
});
