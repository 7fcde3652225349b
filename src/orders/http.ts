import type { FastifyReply, FastifyRequest } from 'fastify';
import type { components, operations } from '../http/api-types.js';
import { moneyFromJson, moneyToJson } from './money.js';
import type { Order } from './order.js';
import type { OrderService } from './service.js';

type Schemas = components['schemas'];
type ListQuery = NonNullable<operations['listOrders']['parameters']['query']>;
type IdParams = operations['getOrder']['parameters']['path'];

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

/**
 * Handlers for the orders operations of api/openapi.yaml, by operationId. Requests reach them
 * already validated against the contract; they translate HTTP to service calls and back.
 */
export function createOrderHandlers(service: OrderService) {
  return {
    async listOrders(request: FastifyRequest<{ Querystring: ListQuery }>, reply: FastifyReply) {
      const { limit = DEFAULT_PAGE_SIZE, after = 0, customer_id, status } = request.query;
      const page = await service.list({ limit, after, customerId: customer_id, status });
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
      const order = await service.create({ customerId: customer_id, totalAmount: moneyFromJson(total_amount, '/total_amount') });
      request.log.info({ orderId: order.id }, 'order created');
      return reply.code(201).header('location', `/orders/${order.id}`).send(orderToJson(order));
    },

    async getOrder(request: FastifyRequest<{ Params: IdParams }>) {
      return orderToJson(await service.get(request.params.id));
    },

    async updateOrder(request: FastifyRequest<{ Params: IdParams; Body: Schemas['UpdateOrderRequest'] }>) {
      const { status, total_amount } = request.body;
      const totalAmount = total_amount === undefined ? undefined : moneyFromJson(total_amount, '/total_amount');
      return orderToJson(await service.update(request.params.id, { status, totalAmount }));
    },

    async deleteOrder(request: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply) {
      await service.delete(request.params.id);
      return reply.code(204).send();
    },
  };
}
