/**
 * OrderWorkflow's own rules, with its activities replaced by recording doubles: the point of these
 * tests is the workflow's orchestration (compensation order, retries, cancellation), not the steps.
 * The saga against the real steps is test/orders/saga.test.ts.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Money } from '../../src/shared/money.js';
import type { OrderSagaActivities } from '../../src/orders/steps/index.js';
import { type OrderOutcome, OrderWorkflow } from '../../src/orders/workflow/order-workflow.js';
import { progressQuery, type ShipmentUpdate, shipmentUpdateSignal } from '../../src/orders/messages.js';
import { createOrderWorker } from '../../src/temporal/worker.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  // A worker of its own installs the SDK runtime with the test logger; the tests add their own workers.
  t = await startTestApp();
});
afterAll(() => t.close());

type Overrides = Partial<Record<keyof OrderSagaActivities, (...args: never[]) => Promise<unknown>>>;

/** Activities that record each call and behave as a smooth saga unless overridden. */
function recordingActivities(overrides: Overrides = {}) {
  const calls: string[] = [];
  const smooth: Record<keyof OrderSagaActivities, (...args: never[]) => Promise<unknown>> = {
    beginProcessing: async () => ({ customerId: 1, totalAmount: '30.00', paymentMethod: 'pm_card_visa', items: [{ sku: 'A', quantity: 1 }] }),
    screenForFraud: async () => undefined,
    beginAndScreen: async () => ({ customerId: 1, totalAmount: '30.00', paymentMethod: 'pm_card_visa', items: [{ sku: 'A', quantity: 1 }] }),
    beginReserveAndPlan: async () => ({
      order: { customerId: 1, totalAmount: '30.00', paymentMethod: 'pm_card_visa', items: [{ sku: 'A', quantity: 1 }] },
      plan: [{ location: 'main', items: [{ sku: 'A', quantity: 1 }] }],
    }),
    authorizeAndBook: async () => ({ authorizationId: 'auth-1', expiresAtMs: Date.now() + 86_400_000 }),
    settleOrder: async () => ({ status: 'completed' }),
    settleAndShip: async () => undefined,
    planShipments: async () => [{ location: 'main', items: [{ sku: 'A', quantity: 1 }] }],
    settleAndShipLocations: async () => [{ shipmentId: '1', location: 'main' }],
    refundParcel: async (request: never) => void calls.push(`refundParcel:${(request as { shipmentId: string }).shipmentId}`),
    recordShipmentUpdate: async (request: never) => void calls.push(`recordShipmentUpdate:${(request as { state: string }).state}`),
    markDeliveryStalled: async () => undefined,
    stallQuietParcels: async (request: never) => ({ stalled: (request as { shipmentIds: string[] }).shipmentIds, quietInMs: {} }),
    completeDelivery: async () => ({ status: 'completed' }),
    restockReturnedParcel: async () => undefined,
    recordOrderEvent: async () => undefined,
    reserveInventory: async () => undefined,
    releaseInventory: async () => undefined,
    authorizePayment: async () => ({ authorizationId: 'auth-1', expiresAtMs: Date.now() + 86_400_000 }),
    capturePayment: async () => undefined,
    voidPayment: async () => undefined,
    refundPayment: async () => undefined,
    bookShipment: async () => undefined,
    handOverShipment: async () => undefined,
    cancelShipment: async () => undefined,
    completeOrder: async () => ({ status: 'completed' }),
    authorizeEdit: async () => ({ authorizationId: 'auth-2', expiresAtMs: Date.now() + 86_400_000 }),
    applyOrderEdit: async () => 2,
    voidEditedAuthorization: async () => undefined,
    endOrder: async (request: never) => {
      const { status, reason } = request as { status: string; reason: string };
      calls.push(`endOrder:${status}:${reason}`);
      return { status, reason };
    },
  };
  const activities = Object.fromEntries(
    Object.entries({ ...smooth, ...overrides }).map(([name, run]) => [
      name,
      async (...args: never[]) => {
        if (name !== 'endOrder' && name !== 'recordShipmentUpdate' && name !== 'refundParcel') calls.push(name);
        return run(...args);
      },
    ]),
  );
  return { activities, calls };
}

let queueCounter = 0;
type Start = (orderId: number, options?: { threshold?: string; version0?: boolean; report?: ShipmentUpdate }) => Promise<WorkflowHandle<typeof OrderWorkflow>>;

async function runWithActivities<T>(activities: object, body: (start: Start) => Promise<T>): Promise<T> {
  const taskQueue = `${t.config.temporal.taskQueue}-${queueCounter++}`;
  const { worker, connection } = await createOrderWorker({
    address: inject('temporalAddress'),
    namespace: t.config.temporal.namespace,
    taskQueue,
    activities,
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
  try {
    return await worker.runUntil(
      body((orderId, { threshold = '1000.00', version0 = false, report } = {}) => {
        const input = { orderId, customerId: 1, processingDelayMs: 10, reviewThreshold: threshold as Money, reviewTimeoutMs: 60_000 };
        // Version 0's input had no review settings.
        const args = version0 ? [{ orderId, customerId: 1, processingDelayMs: 10 } as typeof input] : [input];
        const options = { workflowId: `order-${orderId}`, taskQueue, args: args as [typeof input] };
        // With a report, the signal is in the workflow's very first task, before any handler is set.
        if (report) return t.temporal.workflow.signalWithStart(OrderWorkflow, { ...options, signal: shipmentUpdateSignal, signalArgs: [report] });
        return t.temporal.workflow.start(OrderWorkflow, options);
      }),
    );
  } finally {
    await connection.close();
  }
}

const uniqueOrderId = () => 9_000_000_000_000_000 + Math.floor(Math.random() * 1e12);

describe('OrderWorkflow orchestration', () => {
  it('runs the compensations of every step begun, in reverse order, when capture fails', async () => {
    const { activities, calls } = recordingActivities({
      settleAndShipLocations: async () => {
        throw ApplicationFailure.create({ type: 'PaymentDeclined', nonRetryable: true, message: 'expired', details: [{ code: 'authorization_expired' }] });
      },
    });
    const outcome = await runWithActivities(activities, async (start) => (await start(uniqueOrderId())).result());
    expect(outcome).toEqual<OrderOutcome>({ status: 'failed', reason: 'authorization_expired' });
    expect(calls).toEqual([
      'beginReserveAndPlan',
      'authorizeAndBook',
      'settleAndShipLocations',
      // The refund is registered before the capture is attempted: a capture that timed out may have happened.
      'refundPayment',
      'cancelShipment',
      'voidPayment',
      'releaseInventory',
      'endOrder:failed:authorization_expired',
    ]);
  });

  it('applies shipment updates monotonically: a late or repeated report never moves the parcel back', async () => {
    const { activities, calls } = recordingActivities();
    const outcome = await runWithActivities(activities, async (start) => {
      const handle = await start(uniqueOrderId());
      for (let i = 0; i < 100 && !calls.includes('settleAndShipLocations'); i++) await new Promise((r) => setTimeout(r, 50));
      const at = new Date().toISOString();
      for (const state of ['delivered', 'in_transit', 'delivered', 'lost'] as const)
        await handle.signal(shipmentUpdateSignal, { shipmentId: '1', state, eventId: state, occurredAt: at });
      return handle.result();
    });
    expect(outcome).toEqual({ status: 'completed' });
    // Signals arriving while the workflow completes make Temporal retry that task (UnhandledCommand),
    // which runs its local activities again: they are idempotent, so only the distinct calls matter.
    // The delivery that completes the order is recorded by the completion (version 6).
    expect([...new Set(calls.slice(calls.indexOf('settleAndShipLocations')))]).toEqual(['settleAndShipLocations', 'completeDelivery']);
  });

  it('refunds a lost parcel through the saga compensations and ends the order parcel_lost (a report without a shipment id: its sole parcel)', async () => {
    const { activities, calls } = recordingActivities();
    const outcome = await runWithActivities(activities, async (start) => {
      const handle = await start(uniqueOrderId());
      await handle.signal(shipmentUpdateSignal, { state: 'lost', eventId: 'e1', occurredAt: new Date().toISOString() });
      return handle.result();
    });
    expect(outcome).toEqual({ status: 'failed', reason: 'parcel_lost' });
    expect(calls.slice(calls.indexOf('settleAndShipLocations'))).toEqual([
      'settleAndShipLocations',
      'recordShipmentUpdate:lost',
      'refundPayment',
      'cancelShipment',
      'voidPayment',
      'releaseInventory',
      'endOrder:failed:parcel_lost',
    ]);
  });

  it('follows two parcels each on its own: the lost one is refunded, the delivered one completes the order', async () => {
    const booked: unknown[] = [];
    const { activities, calls } = recordingActivities({
      beginReserveAndPlan: async () => ({
        order: { customerId: 1, totalAmount: '30.00', paymentMethod: 'pm_card_visa', items: [{ sku: 'A', quantity: 1 }] },
        plan: [
          { location: 'main', items: [{ sku: 'A', quantity: 1 }] },
          { location: 'north', items: [{ sku: 'B', quantity: 2 }] },
        ],
      }),
      authorizeAndBook: async (request: never) => {
        booked.push(...(request as { shipments: unknown[] }).shipments);
        return { authorizationId: 'auth-1', expiresAtMs: Date.now() + 86_400_000 };
      },
      settleAndShipLocations: async () => [
        { shipmentId: '11', location: 'main' },
        { shipmentId: '12', location: 'north' },
      ],
    });
    const outcome = await runWithActivities(activities, async (start) => {
      const handle = await start(uniqueOrderId());
      for (let i = 0; i < 100 && !calls.includes('settleAndShipLocations'); i++) await new Promise((r) => setTimeout(r, 50));
      const at = new Date().toISOString();
      await handle.signal(shipmentUpdateSignal, { shipmentId: '12', state: 'lost', eventId: 'n1', occurredAt: at });
      // Another parcel's late in_transit moves nothing back; main is still on its way until it is delivered.
      await handle.signal(shipmentUpdateSignal, { shipmentId: '12', state: 'in_transit', eventId: 'n0', occurredAt: at });
      await handle.signal(shipmentUpdateSignal, { shipmentId: '11', state: 'delivered', eventId: 'm1', occurredAt: at });
      return handle.result();
    });
    expect(outcome).toEqual({ status: 'completed' });
    expect(booked).toHaveLength(2);
    expect([...new Set(calls.slice(calls.indexOf('settleAndShipLocations')))].sort()).toEqual(
      ['settleAndShipLocations', 'recordShipmentUpdate:lost', 'recordShipmentUpdate:delivered', 'refundParcel:12', 'completeDelivery'].sort(),
    );
    expect(calls.indexOf('refundParcel:12')).toBeLessThan(calls.indexOf('completeDelivery'));
  });

  it('keeps a report that reached the workflow before it ran (signalled with its start) for its parcel', async () => {
    const { activities, calls } = recordingActivities();
    const report: ShipmentUpdate = { shipmentId: '1', state: 'delivered', eventId: 'early', occurredAt: new Date().toISOString() };
    const outcome = await runWithActivities(activities, async (start) => (await start(uniqueOrderId(), { report })).result());
    expect(outcome).toEqual({ status: 'completed' });
    expect(calls.slice(calls.indexOf('settleAndShipLocations'))).toEqual(['settleAndShipLocations', 'completeDelivery']);
  });

  it('keeps one stall timer running across reports, instead of one started and cancelled around each', async () => {
    const { activities, calls } = recordingActivities();
    const history = await runWithActivities(activities, async (start) => {
      const handle = await start(uniqueOrderId());
      const report = (eventId: string, state: 'in_transit' | 'delivered') =>
        handle.signal(shipmentUpdateSignal, { shipmentId: '1', state, eventId, occurredAt: new Date().toISOString() });
      for (let i = 0; i < 100 && (await handle.query(progressQuery)).stage !== 'awaiting_delivery'; i++) await new Promise((r) => setTimeout(r, 50));
      // The first report moves the parcel (recorded), the repeats only wake the workflow; each while it follows the parcel.
      await report('t1', 'in_transit');
      for (let i = 0; i < 100 && !calls.includes('recordShipmentUpdate:in_transit'); i++) await new Promise((r) => setTimeout(r, 50));
      for (const eventId of ['t2', 't3']) {
        await report(eventId, 'in_transit');
        await new Promise((r) => setTimeout(r, 200));
      }
      await report('d', 'delivered');
      await handle.result();
      return handle.fetchHistory();
    });
    const types = history.events!.map((event) => event.eventType);
    const { EVENT_TYPE_TIMER_STARTED, EVENT_TYPE_TIMER_CANCELED, EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED } = temporal.api.enums.v1.EventType;
    expect(types.filter((type) => type === EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)).toHaveLength(4);
    // The processing delay's timer and the stall timer; none cancelled.
    expect(types.filter((type) => type === EVENT_TYPE_TIMER_STARTED)).toHaveLength(2);
    expect(types).not.toContain(EVENT_TYPE_TIMER_CANCELED);
  });

  it('fails an order whose carrier stays unreachable through the merged step shipping_unavailable, and compensates every booking', async () => {
    const { activities, calls } = recordingActivities({
      authorizeAndBook: async () => {
        throw ApplicationFailure.create({ type: 'CarrierUnreachable', nonRetryable: true, message: 'down', details: [{ code: 'shipping_unavailable' }] });
      },
    });
    const outcome = await runWithActivities(activities, async (start) => (await start(uniqueOrderId())).result());
    expect(outcome).toEqual({ status: 'failed', reason: 'shipping_unavailable' });
    expect(calls).toEqual([
      'beginReserveAndPlan',
      'authorizeAndBook',
      'cancelShipment',
      'voidPayment',
      'releaseInventory',
      'endOrder:failed:shipping_unavailable',
    ]);
  });

  it('retries a failing compensation until it succeeds', async () => {
    let releases = 0;
    const { activities, calls } = recordingActivities({
      authorizeAndBook: async () => {
        throw ApplicationFailure.create({ type: 'PaymentDeclined', nonRetryable: true, message: 'no', details: [{ code: 'card_declined' }] });
      },
      releaseInventory: async () => {
        if (++releases <= 2) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      },
    });
    const outcome = await runWithActivities(activities, async (start) => (await start(uniqueOrderId())).result());
    expect(outcome).toEqual({ status: 'failed', reason: 'card_declined' });
    expect(releases).toBe(3);
    expect(calls.at(-1)).toBe('endOrder:failed:card_declined');
  });

  it('still compensates when the workflow itself is cancelled from Temporal', async () => {
    const { activities, calls } = recordingActivities();
    const outcome = await runWithActivities(activities, async (start) => {
      const handle = await start(uniqueOrderId(), { threshold: '10.00' }); // 30.00 needs review: it waits there
      for (let i = 0; i < 100 && !calls.includes('authorizePayment'); i++) await new Promise((r) => setTimeout(r, 50));
      await handle.cancel();
      return handle.result();
    });
    expect(outcome).toEqual({ status: 'cancelled', reason: 'workflow_cancelled' });
    expect(calls.slice(-3)).toEqual(['voidPayment', 'releaseInventory', 'endOrder:cancelled:workflow_cancelled']);
  });

  it('finishes an order started by version 0 (before the saga) the way version 0 did: wait, then complete', async () => {
    const { activities, calls } = recordingActivities();
    const outcome = await runWithActivities(activities, async (start) => (await start(uniqueOrderId(), { version0: true })).result());
    expect(outcome).toEqual({ status: 'completed' });
    expect(calls).toEqual(['completeOrder']);
  });

  it('ends as gone, changing nothing, when the order never became visible', async () => {
    const { activities, calls } = recordingActivities({ beginReserveAndPlan: async () => null });
    const outcome = await runWithActivities(activities, async (start) => (await start(uniqueOrderId())).result());
    expect(outcome).toEqual({ status: 'gone' });
    expect(calls).toEqual(['beginReserveAndPlan']);
  });
});
