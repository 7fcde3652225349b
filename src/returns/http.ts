import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../http/auth.js';
import type { components, operations } from '../http/api-types.js';
import { requestIdOf, storedResponse } from '../http/idempotency.js';
import type { IdempotencyStore } from '../idempotency/store.js';
import { IdempotencyKeyTakenOver } from '../shared/errors.js';
import { moneyToJson } from '../shared/money.js';
import type { OrderReturn } from './return.js';
import type { ReturnService } from './service.js';

type Schemas = components['schemas'];
type OrderParams = operations['listOrderReturns']['parameters']['path'];
type ReturnParams = operations['getOrderReturn']['parameters']['path'];
type ListQuery = NonNullable<operations['listReturns']['parameters']['query']>;

const DEFAULT_PAGE_SIZE = 50;

/** The JSON shape of a return, as the contract defines it. */
export function returnToJson(ret: OrderReturn): Schemas['Return'] {
  return {
    id: ret.id,
    order_id: ret.orderId,
    status: ret.status,
    reason: ret.reason,
    ...(ret.labelTrackingNumber ? { label_tracking_number: ret.labelTrackingNumber } : {}),
    ...(ret.refundAmount !== null ? { refund_amount: moneyToJson(ret.refundAmount) } : {}),
    items: ret.items.map((item) => ({
      sku: item.sku,
      quantity: item.quantity,
      ...(item.receivedQuantity !== null ? { received_quantity: item.receivedQuantity, resellable_quantity: item.resellableQuantity! } : {}),
      ...(item.refundAmount !== null ? { refund_amount: moneyToJson(item.refundAmount) } : {}),
    })),
    created_at: ret.createdAt.toISOString(),
    updated_at: ret.updatedAt.toISOString(),
  };
}

/** Handlers for the returns operations of api/openapi.yaml, by operationId. */
export function createReturnHandlers(service: ReturnService, idempotency: IdempotencyStore) {
  return {
    async listReturns(request: FastifyRequest<{ Querystring: ListQuery }>, reply: FastifyReply) {
      const { limit = DEFAULT_PAGE_SIZE, after = 0, status } = request.query;
      const page = await service.listAll({ limit, after, ...(status ? { status } : {}) });
      if (page.nextAfter !== undefined) {
        const next = new URLSearchParams({ limit: String(limit), after: String(page.nextAfter), ...(status ? { status } : {}) });
        reply.header('link', `</returns?${next.toString()}>; rel="next"`);
      }
      return page.returns.map(returnToJson);
    },

    async listOrderReturns(request: FastifyRequest<{ Params: OrderParams }>) {
      return (await service.list(principalOf(request), request.params.id)).map(returnToJson);
    },

    async getOrderReturn(request: FastifyRequest<{ Params: ReturnParams }>) {
      const { id, returnId } = request.params;
      return returnToJson(await service.get(principalOf(request), id, returnId));
    },

    async createOrderReturn(request: FastifyRequest<{ Params: OrderParams; Body: Schemas['CreateReturnRequest'] }>, reply: FastifyReply) {
      const orderId = request.params.id;
      const claim = request.idempotency;
      let body = '';
      const created = await service.create(principalOf(request), orderId, request.body, {
        // With an Idempotency-Key, the response is stored in the return's own transaction.
        beforeCommit: async (ret, tx) => {
          body = JSON.stringify(returnToJson(ret));
          if (!claim) return;
          reply.code(201).header('location', `/orders/${orderId}/returns/${ret.id}`).type('application/json; charset=utf-8');
          if (!(await idempotency.complete(claim, storedResponse(reply, body), tx))) throw new IdempotencyKeyTakenOver();
          claim.settled = true;
        },
      });
      request.log.info({ orderId, returnId: created.id }, 'return requested');
      return reply.code(201).header('location', `/orders/${orderId}/returns/${created.id}`).type('application/json; charset=utf-8').send(body);
    },

    async receiveOrderReturn(request: FastifyRequest<{ Params: ReturnParams; Body: Schemas['ReceiveReturnRequest'] }>) {
      const lines = request.body.items.map((item) => ({ sku: item.sku, received: item.received_quantity, resellable: item.resellable_quantity }));
      const { id, returnId } = request.params;
      return returnToJson(await service.receive(principalOf(request), id, returnId, lines, requestIdOf(request)));
    },

    async retryOrderReturnRefund(request: FastifyRequest<{ Params: ReturnParams }>) {
      const { id, returnId } = request.params;
      return returnToJson(await service.retryRefund(principalOf(request), id, returnId, requestIdOf(request)));
    },
  };
}
