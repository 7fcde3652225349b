/**
 * The activities of the order saga: each step of an order, over the capabilities it uses
 * (inventory, payments, shipping). Dependencies run one way: orders use those capabilities, and
 * they know nothing of orders. Every step is idempotent (Temporal may run it more than once).
 */
import type { Carrier } from '../../shipping/carrier.js';
import type { PaymentProvider } from '../../payments/provider.js';
import { createDeliverySteps } from './delivery-steps.js';
import { createEditSteps } from './edit-steps.js';
import { createInventorySteps } from './inventory-steps.js';
import { createLocationSteps } from './location-steps.js';
import { createMergedSteps } from './merged-steps.js';
import { createOrderSteps, type OrderStepDeps } from './order-steps.js';
import { createPaymentSteps } from './payment-steps.js';
import { createSettleSteps } from './settle-steps.js';
import { createShippingSteps } from './shipping-steps.js';

export type { ProcessingSnapshot } from './order-steps.js';
export type { ParcelItem, PlannedShipment } from './location-steps.js';

export interface OrderSagaDeps extends OrderStepDeps {
  payments: PaymentProvider;
  carrier: Carrier;
}

export function createOrderSagaActivities(deps: OrderSagaDeps) {
  return {
    ...createOrderSteps(deps),
    ...createInventorySteps(deps),
    ...createPaymentSteps(deps),
    ...createShippingSteps(deps),
    ...createSettleSteps(deps),
    ...createDeliverySteps(deps),
    ...createEditSteps(deps),
    ...createLocationSteps(deps),
    ...createMergedSteps(deps),
  };
}

export type OrderSagaActivities = ReturnType<typeof createOrderSagaActivities>;
