import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../http/auth.js';
import type { components, operations } from '../http/api-types.js';
import { etagOf, versionsFromIfMatch } from '../http/etag.js';
import { requestIdOf, storedResponse } from '../http/idempotency.js';
import type { IdempotencyStore } from '../idempotency/store.js';
import { IdempotencyKeyTakenOver } from '../shared/errors.js';
import type { OrderProgress } from './messages.js';
import { moneyFromJson, moneyToJson } from '../shared/money.js';
import type { Order, OrderShipment } from './order.js';
import { addressFromJson, addressToJson } from '../shipping/address.js';
import type { OrderService, OrderView } from './service.js';

type Schemas = components['schemas'];
type ListQuery = NonNullable<operations['listOrders']['parameters']['query']>;
type IdParams = operations['getOrder']['parameters']['path'];
type ReviewBody = Schemas['ReviewDecisionRequest'];
type EventsQuery = NonNullable<operations['listOrderEvents']['parameters']['query']>;

const DEFAULT_PAGE_SIZE = 50;

/** The JSON shape of an order, as the contract defines it. */
export function orderToJson(order: Order, progress?: OrderProgress): Schemas['Order'] {
  return {
    id: order.id,
    customer_id: order.customerId,
    status: order.status,
    status_reason: order.statusReason,
    total_amount: moneyToJson(order.totalAmount),
    payment_method: order.paymentMethod,
    items: order.items.map((item) => ({ sku: item.sku, quantity: item.quantity, unit_price: moneyToJson(item.unitPrice) })),
    shipping_address: order.shippingAddress && addressToJson(order.shippingAddress),
    delivered_at: order.deliveredAt?.toISOString() ?? null,
    refunded_amount: moneyToJson(order.refundedAmount),
    ...(order.shipments ? { shipments: order.shipments.map(shipmentToJson) } : {}),
    ...(progress ? { progress: progressToJson(progress) } : {}),
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
  };
}

function shipmentToJson(shipment: OrderShipment): Schemas['OrderShipment'] {
  const { id, location, carrier, trackingNumber, status, items } = shipment;
  return { id, location, carrier, tracking_number: trackingNumber, status, items };
}

function progressToJson(progress: OrderProgress): Schemas['OrderProgress'] {
  return {
    stage: progress.stage,
    completed_steps: progress.completedSteps,
    cancellable: progress.cancellable,
    ...(progress.reviewDeadline !== undefined ? { review_deadline: new Date(progress.reviewDeadline).toISOString() } : {}),
    ...(progress.authorizationExpiresAt !== undefined ? { authorization_expires_at: new Date(progress.authorizationExpiresAt).toISOString() } : {}),
  };
}

const viewToJson = (view: OrderView) => orderToJson(view.order, view.progress);

const ifMatch = (request: FastifyRequest) => versionsFromIfMatch(request.headers['if-match']);

/**
 * Handlers for the orders operations of api/openapi.yaml, by operationId. Requests reach them
 * authenticated and validated against the contract; they translate HTTP to service calls and back.
 */
export function createOrderHandlers(service: OrderService, idempotency: IdempotencyStore) {
  return {
    async listOrders(request: FastifyRequest<{ Querystring: ListQuery }>, reply: FastifyReply) {
      const { limit = DEFAULT_PAGE_SIZE, after = 0, customer_id, status, stage } = request.query;
      const page = await service.list(principalOf(request), { limit, after, customerId: customer_id, status, stage });
      if (page.nextAfter !== undefined) {
        const next = new URLSearchParams();
        for (const [key, value] of Object.entries({ limit, after: page.nextAfter, customer_id, status, stage })) {
          if (value !== undefined) next.set(key, String(value));
        }
        reply.header('link', `</orders?${next.toString()}>; rel="next"`);
      }
      return page.orders.map((order) => orderToJson(order));
    },

    async createOrder(request: FastifyRequest<{ Body: Schemas['CreateOrderRequest'] }>, reply: FastifyReply) {
      const { customer_id, total_amount, items, payment_method, shipping_address } = request.body;
      const claim = request.idempotency;
      let body = '';
      const order = await service.create(
        principalOf(request),
        {
          customerId: customer_id,
          totalAmount: total_amount === undefined ? undefined : moneyFromJson(total_amount, '/total_amount'),
          items: items?.map((item, index) => ({
            sku: item.sku,
            quantity: item.quantity,
            unitPrice: moneyFromJson(item.unit_price, `/items/${index}/unit_price`),
          })),
          paymentMethod: payment_method,
          shippingAddress: shipping_address && addressFromJson(shipping_address),
        },
        {
          // With an Idempotency-Key, the response is stored in the order's own transaction: a crash
          // after the commit cannot leave a retry free to create a second order.
          beforeCommit: async (created, tx) => {
            body = JSON.stringify(orderToJson(created));
            if (!claim) return;
            reply.code(201).header('location', `/orders/${created.id}`).header('etag', etagOf(created.version)).type('application/json; charset=utf-8');
            // A retry took the key over while this request was slow: roll back, so only one order counts.
            if (!(await idempotency.complete(claim, storedResponse(reply, body), tx))) throw new IdempotencyKeyTakenOver();
            claim.settled = true;
          },
        },
      );
      request.log.info({ orderId: order.id }, 'order created');
      return reply.code(201).header('location', `/orders/${order.id}`).header('etag', etagOf(order.version)).type('application/json; charset=utf-8').send(body);
    },

    async getOrder(request: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply) {
      const view = await service.get(principalOf(request), request.params.id);
      reply.header('etag', etagOf(view.order.version));
      return viewToJson(view);
    },

    async updateOrder(request: FastifyRequest<{ Params: IdParams; Body: Schemas['UpdateOrderRequest'] }>, reply: FastifyReply) {
      const { status, total_amount } = request.body;
      const totalAmount = total_amount === undefined ? undefined : moneyFromJson(total_amount, '/total_amount');
      const view = await service.update(principalOf(request), request.params.id, { status, totalAmount }, ifMatch(request));
      reply.header('etag', etagOf(view.order.version));
      return viewToJson(view);
    },

    async cancelOrder(request: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply) {
      const { view, done } = await service.cancel(principalOf(request), request.params.id, {
        expectedVersions: ifMatch(request),
        requestId: requestIdOf(request),
      });
      if (done) reply.header('etag', etagOf(view.order.version));
      return reply.code(done ? 200 : 202).send(viewToJson(view));
    },

    async approveOrder(request: FastifyRequest<{ Params: IdParams; Body?: ReviewBody }>) {
      return viewToJson(
        await service.decideReview(principalOf(request), request.params.id, true, { note: request.body?.note, requestId: requestIdOf(request) }),
      );
    },

    async rejectOrder(request: FastifyRequest<{ Params: IdParams; Body?: ReviewBody }>) {
      return viewToJson(
        await service.decideReview(principalOf(request), request.params.id, false, { note: request.body?.note, requestId: requestIdOf(request) }),
      );
    },

    async listReviewQueue(request: FastifyRequest<{ Querystring: NonNullable<operations['listReviewQueue']['parameters']['query']> }>) {
      return (await service.reviewQueue(request.query.limit ?? 100)).map((order) => orderToJson(order, order.progress));
    },

    async countOrdersByStatus(): Promise<Schemas['OrderCounts']> {
      return service.countByStatus();
    },

    async listOrderEvents(request: FastifyRequest<{ Params: IdParams; Querystring: EventsQuery }>) {
      const { limit = 100, after = 0 } = request.query;
      const events = await service.events(principalOf(request), request.params.id, { limit, after });
      return events.map((event) => ({
        id: event.id,
        order_id: event.orderId,
        type: event.type,
        source: event.source,
        details: event.details,
        created_at: event.createdAt.toISOString(),
      }));
    },

    async deleteOrder(request: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply) {
      await service.delete(principalOf(request), request.params.id, ifMatch(request));
      return reply.code(204).send();
    },
  };
}
