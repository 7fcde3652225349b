/**
 * Version 6 of the saga: version 5's order, in fewer history events (bench: "history events per
 * order"), the same states, compensations and refusals:
 *
 * - one marker, `lean-history`, asked first: not version 3 to 5's three (each comes with a search
 *   attribute upsert of its own);
 * - begin, screen, reserve and plan the parcels in one local step;
 * - an order that needs no review, with no edit open, authorizes and books its parcels in one
 *   activity (the booking's cancel compensations registered before it, as the void's is); an order
 *   in review, or being edited, takes version 5's steps (authorize, review, plan again, book);
 * - while parcels travel, one stall timer runs until the earliest a parcel could stall, instead of
 *   a timer started and cancelled around every report;
 * - an in-transit report decides nothing: the API records it on the timeline without a signal
 *   (src/orders/parcel-reports.ts; shipments.in_transit_on_timeline), and the stall check asks the
 *   carrier's events when the timer rings; a report while the order is stalled is signalled, and
 *   ends the stall as in version 5;
 * - the last parcel's delivery is recorded with the order's completion, in one local step.
 */
import { condition, sleep } from '@temporalio/workflow';
import { isAbove } from '../../shared/money.js';
import type { PlannedShipment, ProcessingSnapshot } from '../steps/index.js';
import { compensations, local, localCompensations, merged } from './proxies.js';
import { OrderGone } from './saga-state.js';
import { type ParcelReport, OrderSagaVersion5 } from './saga-version5.js';

/** The patch that marks version 6 in a history. */
export const LEAN_HISTORY_PATCH = 'lean-history';

/** The stall timer that is running: when it rings, and whether it has. */
interface StallAlarm {
  at: number;
  rang: boolean;
}

export class OrderSagaVersion6 extends OrderSagaVersion5 {
  private alarm: StallAlarm | undefined;
  protected override readonly inTransitOnTimeline = true;
  /** Per stalled parcel, when (workflow time) it stalled. */
  private readonly stalledAt = new Map<string, number>();

  protected override async process(): Promise<void> {
    const { orderId, customerId, processingDelayMs } = this.input;
    if (processingDelayMs > 0) await sleep(processingDelayMs);
    const { order, plan } = await this.step({
      stage: 'validating',
      done: 'validated',
      // Registered before the step, as a reservation's always is (an attempt that timed out may have reserved).
      compensation: { name: 'release inventory', run: () => localCompensations.releaseInventory(orderId) },
      action: () => this.beginReserveAndPlan(customerId),
    });
    const hasGoods = order.items.length > 0;
    if (hasGoods) this.progress.completedSteps.push('inventory_reserved');
    const needsReview = isAbove(order.totalAmount, this.input.reviewThreshold);
    if (hasGoods && !needsReview && this.editsOpen === 0) {
      const authorization = await this.authorizeAndBook(order, plan);
      return this.settle(order, authorization, this.key('ship'));
    }
    const authorization = await this.authorize(order);
    if (needsReview) await this.review(authorization.expiresAtMs);
    // Planned again: an edit in review changes what is reserved where.
    await this.settle(order, authorization, hasGoods ? await this.bookShipment() : undefined);
  }

  private async beginReserveAndPlan(customerId: number): Promise<{ order: ProcessingSnapshot; plan: PlannedShipment[] }> {
    const begun = await local.beginReserveAndPlan({ orderId: this.input.orderId, customerId });
    if (!begun) throw new OrderGone();
    return begun;
  }

  /**
   * One step from the authorization to the last booking. Its stage is booking_shipment from the
   * start, so an edit is refused while it runs (there is no moment between the two to apply one).
   */
  private async authorizeAndBook(order: ProcessingSnapshot, plan: PlannedShipment[]) {
    const { orderId } = this.input;
    const authorizationKey = this.key('authorize');
    const shipments = plan.map(({ location, items }) => ({ location, items, shipmentKey: this.key(`ship/${location}`) }));
    this.addCompensation({ name: 'void payment', run: () => compensations.voidPayment({ orderId, authorizationKey }) });
    for (const { location, shipmentKey } of shipments) {
      this.addCompensation({ name: `cancel shipment from ${location}`, run: () => compensations.cancelShipment({ orderId, shipmentKey, location }) });
    }
    const authorization = await this.step({
      stage: 'booking_shipment',
      done: 'payment_authorized',
      action: () => merged.authorizeAndBook({ orderId, amount: order.totalAmount, paymentMethod: order.paymentMethod, authorizationKey, shipments }),
    });
    this.progress.authorizationExpiresAt = authorization.expiresAtMs;
    this.progress.completedSteps.push('shipment_booked');
    this.booked.push(...shipments);
    return authorization;
  }

  /**
   * Its in-transit reports reach the timeline, not this workflow: the carrier's events in the
   * database say which parcels really were quiet. The others are quiet again in what they answer.
   */
  protected override async markStalled(request: { orderId: number; quietForMs: number; count: number; shipmentIds: string[] }): Promise<string[]> {
    const { stalled, quietInMs } = await local.stallQuietParcels(request);
    for (const id of stalled) this.stalledAt.set(id, Date.now());
    for (const [id, inMs] of Object.entries(quietInMs)) this.heardAt.set(id, Date.now() + inMs - request.quietForMs);
    return stalled;
  }

  /**
   * A report about a stalled parcel ends its stall even when it repeats the state last recorded
   * (version 5 waited for the state to move): the carrier spoke. Recorded again, it changes only the stage.
   */
  protected override heardWhileStalled(shipmentId: string, stalled: ReadonlySet<string>): boolean {
    return stalled.has(shipmentId) && (this.heardAt.get(shipmentId) ?? 0) > (this.stalledAt.get(shipmentId) ?? Infinity);
  }

  /** The delivery that completes the order (every other parcel delivered) is recorded by the completion itself. */
  protected override async recordReport(report: ParcelReport, othersDelivered: boolean): Promise<void> {
    if (report.state === 'delivered' && othersDelivered) this.deliveryToRecord = report;
    else await super.recordReport(report, othersDelivered);
  }

  /**
   * The stall timer keeps running across reports: a report only moves a parcel's stall time later,
   * so the loop, woken by the timer, finds nothing overdue and sets the next one.
   */
  protected override async nextReport(heard: number, quietUntil: number | undefined): Promise<void> {
    const running = this.alarm && !this.alarm.rang ? this.alarm : undefined;
    if (quietUntil !== undefined && (!running || quietUntil < running.at)) {
      const alarm: StallAlarm = { at: quietUntil, rang: false };
      this.alarm = alarm;
      void sleep(Math.max(1, quietUntil - Date.now())).then(() => (alarm.rang = true));
    }
    // With every open parcel stalled nothing can stall again before a report: the timer is not waited for.
    const alarm = quietUntil === undefined ? undefined : this.alarm;
    await condition(() => this.heard !== heard || (alarm !== undefined && alarm.rang));
  }
}
