import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../http/auth.js';
import type { components, operations } from '../http/api-types.js';
import { etagOf, versionsFromIfMatch } from '../http/etag.js';
import { requestIdOf } from '../http/idempotency.js';
import { moneyFromJson } from '../shared/money.js';
import { addressFromJson } from '../shipping/address.js';
import type { OrderEditService } from './edit-service.js';
import { orderToJson } from './http.js';

type IdParams = operations['editOrder']['parameters']['path'];

/** The handler of POST /orders/{id}/edits (api/openapi.yaml). */
export function createOrderEditHandlers(edits: OrderEditService) {
  return {
    async editOrder(request: FastifyRequest<{ Params: IdParams; Body: components['schemas']['EditOrderRequest'] }>, reply: FastifyReply) {
      const { items, shipping_address } = request.body;
      const view = await edits.edit(
        principalOf(request),
        request.params.id,
        {
          ...(items
            ? {
                items: items.map((item, index) => ({
                  sku: item.sku,
                  quantity: item.quantity,
                  unitPrice: moneyFromJson(item.unit_price, `/items/${index}/unit_price`),
                })),
              }
            : {}),
          ...(shipping_address ? { shippingAddress: addressFromJson(shipping_address) } : {}),
        },
        { expectedVersions: versionsFromIfMatch(request.headers['if-match']), requestId: requestIdOf(request) },
      );
      reply.header('etag', etagOf(view.order.version));
      return orderToJson(view.order, view.progress);
    },
  };
}
