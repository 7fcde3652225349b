import type { Principal } from '../auth/principal.js';
import type { InventoryRepository } from '../inventory/repository.js';
import { Conflict, InvalidInput, OrderClosed, VersionMismatch } from '../shared/errors.js';
import { addressProblem, type ShippingAddress } from '../shipping/address.js';
import { assertCanSee } from './access.js';
import { actorOf } from './events.js';
import type { OrderEditRequest } from './messages.js';
import { isTerminal, type Order, type OrderItem } from './order.js';
import type { OrderRepository } from './repository.js';
import { totalOf, type OrderView } from './service.js';
import { MessageRefused, type OrderWorkflowClient, WorkflowFinished } from './workflow-client.js';

export interface OrderEdit {
  /** The complete new list of lines; absent: the lines stay. */
  items?: OrderItem[];
  shippingAddress?: ShippingAddress;
}

/** Per SKU, the units the new lines need beyond (positive) or below (negative) the old ones. */
export function stockDiff(before: readonly OrderItem[], after: readonly OrderItem[]): { sku: string; delta: number }[] {
  const delta = new Map<string, number>();
  for (const { sku, quantity } of before) delta.set(sku, (delta.get(sku) ?? 0) - quantity);
  for (const { sku, quantity } of after) delta.set(sku, (delta.get(sku) ?? 0) + quantity);
  return [...delta].filter(([, d]) => d !== 0).map(([sku, d]) => ({ sku, delta: d }));
}

/**
 * Edits before fulfilment: the difference between the version the client read (If-Match) and its
 * request, computed here and applied by the order's workflow (src/orders/workflow/order-edits.ts),
 * which applies it only on that same version.
 */
export class OrderEditService {
  constructor(
    private readonly deps: {
      orders: OrderRepository;
      inventory: InventoryRepository;
      workflows: OrderWorkflowClient;
      /** How long an edit may wait for the step under way and its own provider calls (ORDER_CANCEL_WAIT). */
      waitMs: number;
    },
  ) {}

  async edit(actor: Principal, id: number, edit: OrderEdit, options: { expectedVersions?: number[]; requestId?: string }): Promise<OrderView> {
    const current = assertCanSee(actor, await this.deps.orders.find(id), id);
    if (!options.expectedVersions)
      throw new InvalidInput('is required: send the ETag of the version you edit (an edit is a difference against it)', '/headers/if-match');
    if (!options.expectedVersions.includes(current.version)) throw new VersionMismatch(id, current.version);
    if (isTerminal(current.status)) throw new OrderClosed(id, current.status);
    if (current.items.length === 0) throw new Conflict(`Order ${id} has no items: there are no lines or address to edit.`);
    // Processing raises the version, so an edit of a pending version could only ever end in 412, after
    // waiting for the payment's authorization longer than a request may (a 503 "outcome unknown").
    if (current.status === 'pending')
      throw new Conflict(`Order ${id} is still pending: edit it once it is processing (read it again then; processing changes its ETag).`);
    const change = await this.changeOf(current, edit, actorOf(actor));
    try {
      await this.deps.workflows.edit(id, change, { waitMs: this.deps.waitMs, ...(options.requestId ? { updateId: `edit/${options.requestId}` } : {}) });
    } catch (error) {
      throw await this.refusal(id, error);
    }
    const order = (await this.deps.orders.find(id)) ?? current;
    return { order, ...(isTerminal(order.status) ? {} : { progress: order.progress }) };
  }

  private async changeOf(current: Order, edit: OrderEdit, actor: string): Promise<OrderEditRequest> {
    const problem = edit.shippingAddress && addressProblem(edit.shippingAddress);
    if (problem) throw new InvalidInput(problem.message, `/shipping_address${problem.pointer}`);
    const items = edit.items ?? current.items;
    const totalAmount = totalOf(items, undefined);
    if (edit.items) await this.assertKnownSkus(edit.items);
    return {
      actor,
      expectedVersion: current.version,
      ...(edit.items ? { items: edit.items } : {}),
      ...(edit.shippingAddress ? { shippingAddress: edit.shippingAddress } : {}),
      stockDiff: stockDiff(current.items, items),
      previousTotal: current.totalAmount,
      totalAmount,
      paymentMethod: current.paymentMethod,
    };
  }

  private async assertKnownSkus(items: OrderItem[]): Promise<void> {
    const known = await this.deps.inventory.known(items.map((item) => item.sku));
    const unknown = items.findIndex((item) => !known.has(item.sku));
    if (unknown >= 0) throw new InvalidInput(`is not a known SKU (${items[unknown]!.sku}); stock it first with PUT /inventory/{sku}`, `/items/${unknown}/sku`);
  }

  /** The workflow's refusal in HTTP terms: the order moved on (412), or it cannot take the edit (409). */
  private async refusal(id: number, error: unknown): Promise<unknown> {
    if (error instanceof MessageRefused) {
      if (error.code === 'stale_version') return new VersionMismatch(id, (await this.deps.orders.find(id))?.version ?? 0);
      return new Conflict(`Order ${id}: ${error.message}`);
    }
    if (error instanceof WorkflowFinished) {
      const order = await this.deps.orders.find(id);
      return order && isTerminal(order.status) ? new OrderClosed(id, order.status) : new Conflict(`Order ${id} is no longer being processed.`);
    }
    return error;
  }
}
