/**
 * Versioning: recorded histories of OrderWorkflow (test/orders/histories/*.json) must replay with
 * the current workflow code. A change that would break running orders (a step added, removed or
 * reordered without `patched()`) fails here, in CI, instead of in production.
 *
 * The v0 histories were recorded by the code before the saga (commit e9cefd2); v1 to v6 by this
 * recorder. To record the histories of the current version (e.g. before a change):
 *   RECORD_HISTORIES=v6-something npx vitest run test/orders/replay.test.ts
 * and, to record only some scenarios (the others' fixtures stay as they are):
 *   RECORD_HISTORIES=v5-several-locations RECORD_SCENARIOS=two-locations-delivered,location-refused,one-parcel-lost npx vitest run test/orders/replay.test.ts
 * The recorder's carrier is slower than the stall timeout, so each shipped order also records the
 * stalled-delivery task before its parcel arrives.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { resolveTemporalCli } from '../../src/dev/temporal-cli.js';
import { describe, expect, inject, it } from 'vitest';
import { startTestApp } from '../support/harness.js';
import { loadHistory } from '../support/histories.js';
import { createOrder, stockedSku, TEST_ADDRESS, untilFinished, untilStage } from '../support/saga.js';

const HISTORIES = fileURLToPath(new URL('./histories/', import.meta.url));
const recordAs = process.env.RECORD_HISTORIES;
const fixtures = readdirSync(HISTORIES)
  .filter((name) => name.endsWith('.json'))
  .sort();

describe('recorded OrderWorkflow histories', () => {
  it('include every workflow version: v0 before the saga, v1 the saga, v2 with the fraud check, v3 with local steps, v4 with delivery tracking (and edits), v5 with a shipment per location, v6 in fewer events', () => {
    for (const version of ['v0-', 'v1-', 'v2-', 'v3-', 'v4-', 'v4-delivery-edited', 'v5-several-locations-', 'v6-lean-history-', 'v6-lean-history-edited'])
      expect(
        fixtures.some((name) => name.startsWith(version)),
        version,
      ).toBe(true);
  });

  it('replay with the current workflow code', async () => {
    const histories = fixtures.map((name) => ({ workflowId: name, history: loadHistory(`${HISTORIES}${name}`) }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') } }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(histories.length).toBeGreaterThanOrEqual(35);
  });

  it.runIf(recordAs)(
    `records the current version's histories as ${recordAs}-*.json`,
    async () => {
      const t = await startTestApp({
        env: { ORDER_PROCESSING_DELAY: '50ms', ORDER_REVIEW_THRESHOLD: '500.00', DELIVERY_STALL_TIMEOUT: '1s', LOCAL_CARRIER_DELIVERY_DELAY: '1500ms' },
      });
      try {
        const sku = await stockedSku(t, 100);
        // An order of 5 units held at main (3) and north (2): two parcels since version 5.
        const overTwoLocations = async (address: typeof TEST_ADDRESS) => {
          const split = await stockedSku(t, 3);
          await t.http.inject({ method: 'PUT', url: `/inventory/${split}/locations/north`, payload: { on_hand: 4 } });
          return (await createOrder(t, { items: [{ sku: split, quantity: 5, unit_price: 2 }], shipping_address: address })).id;
        };
        const scenarios: Record<string, () => Promise<number>> = {
          completed: async () => (await createOrder(t, { items: [{ sku, quantity: 2, unit_price: 10 }] })).id,
          'review-approved': async () => {
            const { id } = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 600 }] });
            await untilStage(t, id, 'awaiting_review');
            await t.http.inject({ method: 'POST', url: `/orders/${id}/approve` });
            return id;
          },
          'cancelled-in-review': async () => {
            const { id } = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 700 }] });
            await untilStage(t, id, 'awaiting_review');
            await t.http.inject({ method: 'POST', url: `/orders/${id}/cancel` });
            return id;
          },
          'payment-declined': async () => (await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 5 }], payment_method: 'pm_card_declined' })).id,
          'parcel-lost': async () =>
            (await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 8 }], shipping_address: { ...TEST_ADDRESS, name: 'LOSE PARCEL' } })).id,
          // Two edits in review (workflow v4 with patched('order-edits')): a quantity up (stock and money), then the address only.
          edited: async () => {
            const { id } = await createOrder(t, { items: [{ sku, quantity: 1, unit_price: 600 }] });
            await untilStage(t, id, 'awaiting_review');
            const etag = (await t.http.inject({ method: 'GET', url: `/orders/${id}` })).headers.etag as string;
            const first = await t.http.inject({
              method: 'POST',
              url: `/orders/${id}/edits`,
              headers: { 'if-match': etag },
              payload: { items: [{ sku, quantity: 2, unit_price: 600 }] },
            });
            expect(first.statusCode, first.body).toBe(200);
            const second = await t.http.inject({
              method: 'POST',
              url: `/orders/${id}/edits`,
              headers: { 'if-match': first.headers.etag as string },
              payload: { shipping_address: { ...TEST_ADDRESS, city: 'Bath' } },
            });
            expect(second.statusCode, second.body).toBe(200);
            await t.http.inject({ method: 'POST', url: `/orders/${id}/approve` });
            return id;
          },
          'returned-to-sender': async () =>
            (await createOrder(t, { items: [{ sku, quantity: 2, unit_price: 3 }], shipping_address: { ...TEST_ADDRESS, line1: 'RETURN TO SENDER' } })).id,
        };
        Object.assign(scenarios, {
          'two-locations-delivered': () => overTwoLocations(TEST_ADDRESS),
          'location-refused': () => overTwoLocations({ ...TEST_ADDRESS, name: 'NO PICKUP FROM NORTH' }),
          'one-parcel-lost': () => overTwoLocations({ ...TEST_ADDRESS, name: 'LOSE PARCEL FROM NORTH' }),
        });
        const only = process.env.RECORD_SCENARIOS?.split(',');
        for (const [scenario, run] of Object.entries(scenarios).filter(([name]) => !only || only.includes(name))) {
          const id = await run();
          await untilFinished(t, id);
          // The same JSON `temporal workflow show --output json` gives an operator for a production order.
          const cli = await resolveTemporalCli({ log: () => undefined });
          const history = execFileSync(
            cli!.path,
            ['workflow', 'show', '--workflow-id', `order-${id}`, '--output', 'json', '--address', inject('temporalAddress')],
            { encoding: 'utf8' },
          );
          writeFileSync(`${HISTORIES}${recordAs}-${scenario}.json`, history);
        }
      } finally {
        await t.close();
      }
    },
    120_000,
  );
});
