import { Context, log } from '@temporalio/activity';
import type { PaymentProvider } from '../../payments/provider.js';
import { CarrierUnreachable, ProviderUnavailable } from '../../shared/errors.js';
import type { Money } from '../../shared/money.js';
import { createInventorySteps } from './inventory-steps.js';
import { createLocationSteps, type ParcelItem, type PlannedShipment } from './location-steps.js';
import { createOrderSteps, type OrderStepDeps, type ProcessingSnapshot } from './order-steps.js';
import { createAuthorization, type PaymentStepDeps } from './payment-steps.js';
import { createShippingSteps, type ShippingStepDeps } from './shipping-steps.js';

/** Bookings a carrier gets before it counts as unreachable: the attempts version 5's booking activity had. */
export const CARRIER_BOOKING_ATTEMPTS = 5;
const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 10_000;

/**
 * Version 6's steps: what is one decision runs as one step, so that an order's history holds fewer
 * events. Each is the earlier steps one after the other, each part idempotent on its own, so a retry
 * carries on where the previous attempt stopped:
 * - begin, screen, reserve and plan the parcels (this service's database only; a local activity);
 * - authorize the payment and book each parcel (an order that needs no review; an activity).
 */
export function createMergedSteps(deps: OrderStepDeps & PaymentStepDeps & ShippingStepDeps & { payments: PaymentProvider }) {
  const order = createOrderSteps(deps);
  const inventory = createInventorySteps(deps);
  const locations = createLocationSteps(deps);
  const authorize = createAuthorization(deps);
  const shipping = createShippingSteps(deps);

  return {
    /** pending → processing, the fraud screen, the reservation and the parcels to book; null when the order is gone. */
    async beginReserveAndPlan(request: { orderId: number; customerId: number }): Promise<{ order: ProcessingSnapshot; plan: PlannedShipment[] } | null> {
      const begun = await order.beginAndScreen(request);
      if (!begun) return null;
      if (begun.items.length === 0) return { order: begun, plan: [] };
      await inventory.reserveInventory(request.orderId);
      return { order: begun, plan: await locations.planShipments({ orderId: request.orderId }) };
    },

    /**
     * The authorization, then one booking per parcel. The activity's own retries are for everything
     * but the carrier (an outage of the payment provider or the database waits as long as it lasts);
     * the carrier gets CARRIER_BOOKING_ATTEMPTS per booking and is then CarrierUnreachable.
     */
    async authorizeAndBook(request: {
      orderId: number;
      amount: Money;
      paymentMethod: string;
      authorizationKey: string;
      shipments: { location: string; shipmentKey: string; items: ParcelItem[] }[];
    }): Promise<{ authorizationId: string; expiresAtMs: number }> {
      const { orderId, amount, paymentMethod, authorizationKey } = request;
      // The whole step is booking_shipment, on the order's row as in the workflow: edits are refused from its start.
      const authorization = await authorize({ orderId, amount, paymentMethod, idempotencyKey: authorizationKey }, 'booking_shipment');
      for (const { location, shipmentKey, items } of request.shipments) {
        // A cancel heard during the authorization (or the last booking) stops here: nothing more to undo.
        Context.current().cancellationSignal.throwIfAborted();
        await withCarrierRetries(orderId, () => shipping.bookShipment({ orderId, idempotencyKey: shipmentKey, location, parcels: items }));
      }
      return authorization;
    },
  };
}

/** Retries a carrier that is unavailable, with backoff (the wait ends early when the activity is cancelled). */
async function withCarrierRetries<T>(orderId: number, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ProviderUnavailable)) throw error;
      if (attempt >= CARRIER_BOOKING_ATTEMPTS) throw new CarrierUnreachable(`The carrier failed ${attempt} booking attempts in a row: ${error.message}`);
      const waitMs = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempt - 1));
      log.warn('carrier unavailable for a booking; trying again', { orderId, attempt, waitMs, error: error.message });
      Context.current().heartbeat();
      await Context.current().sleep(waitMs);
    }
  }
}
