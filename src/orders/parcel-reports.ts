import { inTransaction, type Pool } from '../db/pool.js';
import type { TrackedShipmentUpdate } from '../shipping/tracking.js';
import { stepEvent } from './events.js';
import type { ShipmentState } from './messages.js';
import type { OrderRepository } from './repository.js';
import type { OrderWorkflowClient } from './workflow-client.js';

const CARRIER_STATES: ReadonlySet<string> = new Set<ShipmentState>(['in_transit', 'delivered', 'lost', 'damaged', 'returned_to_sender']);

/** Only what happens after hand-over concerns the order. */
const isCarrierState = (status: string): status is ShipmentState => CARRIER_STATES.has(status);

export interface ParcelReportDeps {
  pool: Pool;
  orders: OrderRepository;
  workflows: Pick<OrderWorkflowClient, 'signalShipmentUpdate'>;
}

/**
 * Where a carrier's report about an order's parcel goes (ShipmentTracking's `notify`, wired in
 * src/app.ts): to the order's workflow, as a signal. An in-transit report about a parcel of
 * workflow version 6 (shipments.in_transit_on_timeline) decides nothing, so it is recorded on the
 * order's timeline here instead, in one transaction with the order locked (the workflow's stall
 * check takes that lock, and reads the carrier's events). While the order is delivery_stalled it is
 * signalled all the same: the workflow ends the stall.
 */
export class ParcelReports {
  constructor(private readonly deps: ParcelReportDeps) {}

  async passOn(update: TrackedShipmentUpdate): Promise<void> {
    if (!isCarrierState(update.status)) return;
    if (update.status === 'in_transit' && (await this.recordedOnTimeline(update))) return;
    const { eventId, occurredAt } = update.event;
    await this.deps.workflows.signalShipmentUpdate(update.orderId, {
      shipmentId: update.shipmentId,
      state: update.status,
      eventId,
      occurredAt: occurredAt.toISOString(),
    });
  }

  /** False when the workflow must hear it. The event is keyed per parcel, as the workflow's own record of it is. */
  private recordedOnTimeline({ orderId, shipmentId, event }: TrackedShipmentUpdate): Promise<boolean> {
    const { pool, orders } = this.deps;
    return inTransaction(pool, async (tx) => {
      const order = await orders.lockForParcelReport(orderId, shipmentId, tx);
      if (!order?.inTransitOnTimeline || order.status !== 'shipped' || order.stage !== 'awaiting_delivery') return false;
      const details = { event_id: event.eventId, occurred_at: event.occurredAt.toISOString(), shipment_id: shipmentId };
      await orders.appendEvent(orderId, stepEvent('shipment.in_transit', details), tx, `shipment.in_transit/${shipmentId}`);
      await orders.recordProgress(orderId, { completedStep: 'in_transit' }, tx);
      return true;
    });
  }
}
