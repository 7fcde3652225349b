import { inTransaction, type Pool } from '../../db/pool.js';
import type { InventoryRepository } from '../../inventory/repository.js';
import type { PaymentProvider } from '../../payments/provider.js';
import { EditRefused } from '../../shared/errors.js';
import type { Money } from '../../shared/money.js';
import { addressToJson } from '../../shipping/address.js';
import { withHeartbeat } from '../../temporal/heartbeat.js';
import { stepEvent } from '../events.js';
import type { OrderEditRequest } from '../messages.js';
import type { OrderRepository } from '../repository.js';

export interface EditStepDeps {
  pool: Pool;
  orders: OrderRepository;
  inventory: InventoryRepository;
  payments: PaymentProvider;
}

/**
 * The steps of an order edit (workflow version 4, behind patched('order-edits')). Their keys come
 * from the workflow id and the edit's number, so a retried step moves no stock or money twice.
 */
export function createEditSteps({ pool, orders, inventory, payments }: EditStepDeps) {
  return {
    /** Holds the edit's new total under the edit's own key (the old authorization stays until the edit is applied). */
    async authorizeEdit(request: { orderId: number; amount: Money; paymentMethod: string; idempotencyKey: string }) {
      const authorization = await withHeartbeat(() => payments.authorize(request));
      return { authorizationId: authorization.authorizationId, expiresAtMs: authorization.expiresAt.getTime() };
    },

    /**
     * One transaction: the stock difference (OutOfStock rolls it all back), the new lines, total and
     * address on the version the edit was made on (EditRefused `stale_version` otherwise), the new
     * version and the `order.edited` event. A retry finds its event and returns the version it made.
     */
    async applyOrderEdit(request: { orderId: number; edit: number; change: OrderEditRequest; authorizationId?: string }): Promise<number> {
      const { orderId, edit, change } = request;
      const dedupeKey = `edit-${edit}`;
      return inTransaction(pool, async (tx) => {
        const order = await orders.lock(orderId, tx);
        if (!order) throw new Error(`order ${orderId} not found`);
        const applied = await orders.editVersion(orderId, dedupeKey, tx);
        if (applied !== undefined) return applied;
        await inventory.adjust(orderId, change.stockDiff, tx);
        const version = await orders.applyEdit(
          orderId,
          { expectedVersion: change.expectedVersion, totalAmount: change.totalAmount, items: change.items, shippingAddress: change.shippingAddress },
          tx,
        );
        if (version === undefined)
          throw new EditRefused(
            'stale_version',
            `Order ${orderId} changed since version ${change.expectedVersion} (it is at ${order.version}); read it again.`,
          );
        const details = {
          actor: change.actor,
          edit,
          from_version: change.expectedVersion,
          version,
          stock: change.stockDiff,
          previous_total: change.previousTotal,
          total_amount: change.totalAmount,
          ...(change.items ? { items: change.items.map((item) => ({ sku: item.sku, quantity: item.quantity, unit_price: item.unitPrice })) } : {}),
          ...(change.shippingAddress ? { shipping_address: addressToJson(change.shippingAddress) } : {}),
          ...(request.authorizationId ? { authorization_id: request.authorizationId } : {}),
        };
        await orders.appendEvent(orderId, stepEvent('order.edited', details), tx, dedupeKey);
        return version;
      });
    },

    /** Releases an authorization the edit replaced (or the edit's own, when the edit was refused). Idempotent. */
    async voidEditedAuthorization(request: { orderId: number; authorizationKey: string }): Promise<void> {
      await withHeartbeat(() => payments.voidAuthorization(request));
    },
  };
}
