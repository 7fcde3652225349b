import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../http/auth.js';
import type { components, operations } from '../http/api-types.js';
import { etagOf, versionsFromIfMatch } from '../http/etag.js';
import { storedResponse } from '../http/idempotency.js';
import type { IdempotencyStore } from '../idempotency/store.js';
import { moneyFromJson, moneyToJson } from './money.js';
import type { Order } from './order.js';
import type { OrderService } from './service.js';

type Schemas = components['schemas'];
type ListQuery = NonNullable<operations['listOrders']['parameters']['query']>;
type IdParams = operations['getOrder']['parameters']['path'];
type EventsQuery = NonNullable<operations['listOrderEvents']['parameters']['query']>;

const DEFAULT_PAGE_SIZE = 50;

/** The JSON shape of an order, as the contract defines it. */
export function orderToJson(order: Order): Schemas['Order'] {
  return {
    id: order.id,
    customer_id: order.customerId,
    status: order.status,
    total_amount: moneyToJson(order.totalAmount),
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
  };
}

const ifMatch = (request: FastifyRequest) => versionsFromIfMatch(request.headers['if-match']);

/**
 * Handlers for the orders operations of api/openapi.yaml, by operationId. Requests reach them
 * authenticated and validated against the contract; they translate HTTP to service calls and back.
 */
export function createOrderHandlers(service: OrderService, idempotency: IdempotencyStore) {
  return {
    async listOrders(request: FastifyRequest<{ Querystring: ListQuery }>, reply: FastifyReply) {
      const { limit = DEFAULT_PAGE_SIZE, after = 0, customer_id, status } = request.query;
      const page = await service.list(principalOf(request), { limit, after, customerId: customer_id, status });
      if (page.nextAfter !== undefined) {
        const next = new URLSearchParams();
        for (const [key, value] of Object.entries({ limit, after: page.nextAfter, customer_id, status })) {
          if (value !== undefined) next.set(key, String(value));
        }
        reply.header('link', `</orders?${next.toString()}>; rel="next"`);
      }
      return page.orders.map(orderToJson);
    },

    async createOrder(request: FastifyRequest<{ Body: Schemas['CreateOrderRequest'] }>, reply: FastifyReply) {
      const { customer_id, total_amount } = request.body;
      const claim = request.idempotency;
      let body = '';
      const order = await service.create(
        principalOf(request),
        { customerId: customer_id, totalAmount: moneyFromJson(total_amount, '/total_amount') },
        {
          // With an Idempotency-Key, the response is stored in the order's own transaction: a crash
          // after the commit cannot leave a retry free to create a second order.
          beforeCommit: async (created, tx) => {
            body = JSON.stringify(orderToJson(created));
            if (!claim) return;
            reply.code(201).header('location', `/orders/${created.id}`).header('etag', etagOf(created.version)).type('application/json; charset=utf-8');
            await idempotency.complete(claim, storedResponse(reply, body), tx);
            claim.settled = true;
          },
        },
      );
      request.log.info({ orderId: order.id }, 'order created');
      return reply.code(201).header('location', `/orders/${order.id}`).header('etag', etagOf(order.version)).type('application/json; charset=utf-8').send(body);
    },

    async getOrder(request: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply) {
      const order = await service.get(principalOf(request), request.params.id);
      reply.header('etag', etagOf(order.version));
      return orderToJson(order);
    },

    async updateOrder(request: FastifyRequest<{ Params: IdParams; Body: Schemas['UpdateOrderRequest'] }>, reply: FastifyReply) {
      const { status, total_amount } = request.body;
      const totalAmount = total_amount === undefined ? undefined : moneyFromJson(total_amount, '/total_amount');
      const order = await service.update(principalOf(request), request.params.id, { status, totalAmount }, ifMatch(request));
      reply.header('etag', etagOf(order.version));
      return orderToJson(order);
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
