/**
 * Version 5 of the saga: one shipment per stock location the order's units are reserved at
 * (README "Several warehouses"). Version 4's steps up to the review, then:
 *
 *   … → book one shipment per location (each with its own cancel) → settle: capture once, hand each
 *   over (each consumes its own location's reservations) → shipped → each parcel followed on its own
 *   → all delivered: completed
 *   → some lost / damaged / returned: those parcels' part refunded (returned ones restocked), completed
 *   → all lost / damaged / returned: restocked where returned, refunded in full, failed (as version 4)
 *
 * One location refused (`location_unavailable`) or unreachable (`shipping_unavailable`) fails the
 * whole order: every booking cancelled, every reservation released, the payment voided. A single
 * location's order takes the same path, with one shipment. The stall timeout is per parcel: any
 * parcel quiet for it raises the operator task (once per silence), and the order keeps waiting.
 */
import { CancellationScope, CancelledFailure, condition, log } from '@temporalio/workflow';
import type { ShipmentState, ShipmentUpdate } from '../messages.js';
import type { ParcelItem, ProcessingSnapshot } from '../steps/index.js';
import { compensations, local, settlement, shipping } from './proxies.js';
import { SagaStopped, showStatus } from './saga-state.js';
import { DEFAULT_DELIVERY_STALL_TIMEOUT_MS, FAILURE_REASON, isFinal, OrderSagaVersion4, RANK } from './saga-version4.js';

/** The patch that marks version 5 in a history. */
export const SEVERAL_LOCATIONS_PATCH = 'several-locations';

/** A location's booked parcel. */
interface BookedParcel {
  location: string;
  shipmentKey: string;
  items: ParcelItem[];
}

/** A parcel with the carrier. */
interface ShippedParcel extends BookedParcel {
  shipmentId: string;
}

/** Where a report without a shipment id is kept (signalled by an API older than version 5): it can only be about a sole parcel. */
const UNNAMED = '';

/** A parcel's report as the order's timeline records it. */
export interface ParcelReport {
  orderId: number;
  shipmentId: string;
  state: ShipmentState;
  eventId: string;
  occurredAt: string;
  stage: 'awaiting_delivery' | 'delivery_stalled';
}

export class OrderSagaVersion5 extends OrderSagaVersion4 {
  protected readonly booked: BookedParcel[] = [];
  /** Version 6: the last parcel's delivery, recorded with the order's completion instead of on its own. */
  protected deliveryToRecord: ParcelReport | undefined;
  /** Version 6: in-transit reports about the parcels go on the timeline (the API records them), not to the workflow. */
  protected readonly inTransitOnTimeline: boolean = false;
  /** Per shipment id, the furthest state its carrier reported; the first final state stays. */
  private readonly reports = new Map<string, ShipmentUpdate>();
  /** Per shipment id, when (workflow time) its carrier last said anything. */
  protected readonly heardAt = new Map<string, number>();
  protected heard = 0;

  protected override onShipmentUpdate(update: ShipmentUpdate): void {
    this.heard++;
    const id = update.shipmentId ?? UNNAMED;
    this.heardAt.set(id, Date.now());
    if (!Object.hasOwn(RANK, update.state)) return;
    const current = this.reports.get(id);
    if (!current || RANK[update.state] > RANK[current.state]) this.reports.set(id, update);
  }

  /** One booking per location, each registering its cancel first; the first refusal stops the order. */
  protected override async bookShipment(): Promise<string> {
    const { orderId } = this.input;
    const plan = await this.step({ stage: 'booking_shipment', done: 'shipments_planned', action: () => local.planShipments({ orderId }) });
    for (const { location, items } of plan) {
      const shipmentKey = this.key(`ship/${location}`);
      await this.step({
        stage: 'booking_shipment',
        done: 'shipment_booked',
        compensation: { name: `cancel shipment from ${location}`, run: () => compensations.cancelShipment({ orderId, shipmentKey, location }) },
        action: () => shipping.bookShipment({ orderId, idempotencyKey: shipmentKey, location, parcels: items }),
        failsAs: 'shipping_unavailable',
      });
      this.booked.push({ location, shipmentKey, items });
    }
    return this.key('ship');
  }

  protected override async settle(
    snapshot: ProcessingSnapshot,
    original: { authorizationId: string; expiresAtMs: number },
    shipmentKey: string | undefined,
  ): Promise<void> {
    if (!shipmentKey) return super.settle(snapshot, original, shipmentKey);
    const { authorization, order } = this.toCapture(snapshot, original);
    const { orderId } = this.input;
    if (Date.now() >= authorization.expiresAtMs) throw new SagaStopped('failed', 'authorization_expired');
    // A cancel accepted while the last booking ran (its activity finishes: it waits for cancellation)
    // is honoured here, the last moment nothing has been captured.
    if (this.isEnding()) throw new CancelledFailure('the order was cancelled before its payment was captured');
    this.pointOfNoReturn();
    const captureKey = this.key('capture');
    const shipments = this.booked.map(({ location, shipmentKey: key }) => ({ location, shipmentKey: key }));
    const shipped = await CancellationScope.nonCancellable(() =>
      this.step({
        stage: 'capturing_payment',
        done: 'settled',
        compensation: { name: 'refund payment', run: () => compensations.refundPayment({ orderId, captureKey, idempotencyKey: this.key('refund') }) },
        action: () =>
          settlement.settleAndShipLocations({
            orderId,
            authorizationId: authorization.authorizationId,
            amount: order.totalAmount,
            captureKey,
            shipments,
            ...(this.inTransitOnTimeline ? { inTransitOnTimeline: true } : {}),
          }),
      }),
    );
    this.progress.stage = 'awaiting_delivery';
    this.progress.completedSteps.push('shipped');
    showStatus('shipped');
    const parcels = shipped.map(({ shipmentId }, index) => ({ ...this.booked[index]!, shipmentId }));
    // Shipped: a cancel of the workflow itself is ignored, as the API's cancel is (version 4's patch).
    await CancellationScope.nonCancellable(async () => {
      await this.followParcels(parcels);
      await this.endOfDeliveries(parcels, captureKey);
    });
  }

  /** The furthest report about this parcel (one without a shipment id counts only for a sole parcel). */
  private reportOf(parcel: ShippedParcel, count: number): ShipmentUpdate | undefined {
    const named = this.reports.get(parcel.shipmentId);
    const unnamed = count === 1 ? this.reports.get(UNNAMED) : undefined;
    if (!named || !unnamed) return named ?? unnamed;
    return RANK[unnamed.state] > RANK[named.state] ? unnamed : named;
  }

  /** Records each parcel's states as they are reported, until every parcel reached a final one; quiet parcels raise the operator task. */
  private async followParcels(parcels: ShippedParcel[]): Promise<void> {
    const { orderId } = this.input;
    const quietForMs = this.input.deliveryStallTimeoutMs ?? DEFAULT_DELIVERY_STALL_TIMEOUT_MS;
    const recorded = new Map<string, ShipmentState>();
    const stalled = new Set<string>();
    const shippedAt = Date.now();
    const unnamed = () => (parcels.length === 1 ? (this.heardAt.get(UNNAMED) ?? 0) : 0);
    const quietUntil = (parcel: ShippedParcel) => Math.max(shippedAt, this.heardAt.get(parcel.shipmentId) ?? 0, unnamed()) + quietForMs;
    let stalls = 0;
    for (;;) {
      const moved = parcels.find((parcel) => {
        const update = this.reportOf(parcel, parcels.length);
        return update && (update.state !== recorded.get(parcel.shipmentId) || this.heardWhileStalled(parcel.shipmentId, stalled));
      });
      if (moved) {
        const { state, eventId, occurredAt } = this.reportOf(moved, parcels.length)!;
        stalled.delete(moved.shipmentId);
        // The order's row says what the operators' list reads: stalled while any parcel is.
        const stage = stalled.size > 0 ? 'delivery_stalled' : 'awaiting_delivery';
        const othersDelivered = parcels.every((parcel) => parcel === moved || recorded.get(parcel.shipmentId) === 'delivered');
        await this.recordReport({ orderId, shipmentId: moved.shipmentId, state, eventId, occurredAt, stage }, othersDelivered);
        recorded.set(moved.shipmentId, state);
        this.progress.stage = stage;
        continue;
      }
      const open = parcels.filter((parcel) => !isFinalState(recorded.get(parcel.shipmentId)));
      if (open.length === 0) return;
      const now = Date.now();
      const overdue = open.filter((parcel) => !stalled.has(parcel.shipmentId) && now >= quietUntil(parcel));
      if (overdue.length > 0) {
        const shipmentIds = overdue.map((parcel) => parcel.shipmentId);
        for (const id of await this.markStalled({ orderId, quietForMs, count: stalls + 1, shipmentIds })) stalled.add(id);
        if (stalled.size > 0) this.progress.stage = 'delivery_stalled';
        if (overdue.some((parcel) => stalled.has(parcel.shipmentId))) stalls++;
        continue;
      }
      const watched = open.filter((parcel) => !stalled.has(parcel.shipmentId));
      await this.nextReport(this.heard, watched.length === 0 ? undefined : Math.min(...watched.map(quietUntil)));
    }
  }

  /** Version 6: the parcel's carrier spoke since it stalled (a repeated state too), which ends the stall. */
  protected heardWhileStalled(_shipmentId: string, _stalled: ReadonlySet<string>): boolean {
    return false;
  }

  /** Stalls these parcels (quiet since shipped or last heard of); returns those that did stall. */
  protected async markStalled(request: { orderId: number; quietForMs: number; count: number; shipmentIds: string[] }): Promise<string[]> {
    await local.markDeliveryStalled(request);
    return request.shipmentIds;
  }

  /** One report, on the timeline (`othersDelivered`: every other parcel's last report was its delivery). */
  protected async recordReport(report: ParcelReport, _othersDelivered: boolean): Promise<void> {
    await local.recordShipmentUpdate(report);
  }

  /** Waits for the next report, or until `quietUntil` (workflow time), when a parcel being watched would stall. */
  protected async nextReport(heard: number, quietUntil: number | undefined): Promise<void> {
    if (quietUntil === undefined) await condition(() => this.heard !== heard);
    else await condition(() => this.heard !== heard, quietUntil - Date.now());
  }

  /**
   * Every parcel reached its end. Returned ones are restocked (each under its own source). All of
   * them failed: the order fails as in version 4 (the saga's compensation refunds the capture).
   * Otherwise each failed parcel's part is refunded and the order completes with what arrived.
   */
  private async endOfDeliveries(parcels: ShippedParcel[], captureKey: string): Promise<void> {
    const { orderId } = this.input;
    const ends = parcels.map((parcel) => ({ parcel, update: this.reportOf(parcel, parcels.length)! }));
    for (const { parcel, update } of ends) {
      if (update.state === 'returned_to_sender') await local.restockReturnedParcel({ orderId, shipmentId: parcel.shipmentId, items: parcel.items });
    }
    const failed = ends.filter(({ update }) => update.state !== 'delivered');
    if (failed.length === ends.length) throw new SagaStopped('failed', FAILURE_REASON[failed[0]!.update.state] ?? 'processing_error');
    const refundedBefore: Record<string, number> = {};
    for (const { parcel, update } of failed) {
      await this.refundParcel(parcel, update.state, captureKey, { ...refundedBefore });
      for (const { sku, quantity } of parcel.items) refundedBefore[sku] = (refundedBefore[sku] ?? 0) + quantity;
    }
    const delivered = ends.filter(({ update }) => update.state === 'delivered');
    const deliveredAt = delivered.map(({ update }) => update.occurredAt).reduce((latest, at) => (at > latest ? at : latest));
    const lines = sumBySku(delivered.flatMap(({ parcel }) => parcel.items));
    const report = this.deliveryToRecord;
    const recordWith = report ? { report: { shipmentId: report.shipmentId, eventId: report.eventId, occurredAt: report.occurredAt } } : {};
    this.progress.outcome = await local.completeDelivery({ orderId, deliveredAt, lines, ...recordWith });
  }

  /** A refused refund (the step records a declined one on the timeline) is logged and the order still completes: the money is owed, an operator's business (README). */
  private async refundParcel(parcel: ShippedParcel, state: ShipmentState, captureKey: string, refundedBefore: Record<string, number>): Promise<void> {
    const { orderId } = this.input;
    const { shipmentId, items } = parcel;
    try {
      await settlement.refundParcel({
        orderId,
        shipmentId,
        state,
        items,
        refundedBefore,
        captureKey,
        idempotencyKey: this.key(`ship/${parcel.location}/refund`),
      });
    } catch (failure) {
      log.error('refund of a parcel that did not arrive was declined; it needs an operator', { orderId, shipmentId, failure: String(failure) });
    }
  }
}

const isFinalState = (state: ShipmentState | undefined) => state !== undefined && isFinal(state);

function sumBySku(items: readonly ParcelItem[]): ParcelItem[] {
  const bySku = new Map<string, number>();
  for (const { sku, quantity } of items) bySku.set(sku, (bySku.get(sku) ?? 0) + quantity);
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
}
