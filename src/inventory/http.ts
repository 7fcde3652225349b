import type { FastifyReply, FastifyRequest } from 'fastify';
import type { components, operations } from '../http/api-types.js';
import type { InventoryService, StockView } from './service.js';

type ListQuery = NonNullable<operations['listInventory']['parameters']['query']>;
type SkuParams = operations['getInventory']['parameters']['path'];
type LocationParams = operations['setLocationInventory']['parameters']['path'];
type SetStockBody = components['schemas']['SetStockRequest'];

export function stockToJson(stock: StockView): components['schemas']['Stock'] {
  return {
    sku: stock.sku,
    on_hand: stock.onHand,
    reserved: stock.reserved,
    available: stock.onHand - stock.reserved,
    updated_at: stock.updatedAt.toISOString(),
    locations: stock.locations.map((l) => ({ location: l.location, on_hand: l.onHand, reserved: l.reserved, available: l.onHand - l.reserved })),
  };
}

/** Handlers for the inventory operations of api/openapi.yaml, by operationId. */
export function createInventoryHandlers(service: InventoryService) {
  return {
    async listInventory(request: FastifyRequest<{ Querystring: ListQuery }>, reply: FastifyReply) {
      const { limit = 100, after = '' } = request.query;
      const page = await service.list({ limit, after });
      if (page.nextAfter !== undefined)
        reply.header('link', `</inventory?${new URLSearchParams({ limit: String(limit), after: page.nextAfter })}>; rel="next"`);
      return page.stock.map(stockToJson);
    },

    async getInventory(request: FastifyRequest<{ Params: SkuParams }>) {
      return stockToJson(await service.get(request.params.sku));
    },

    async setInventory(request: FastifyRequest<{ Params: SkuParams; Body: SetStockBody }>, reply: FastifyReply) {
      const { stock, created } = await service.set(request.params.sku, request.body.on_hand);
      return reply.code(created ? 201 : 200).send(stockToJson(stock));
    },

    async setLocationInventory(request: FastifyRequest<{ Params: LocationParams; Body: SetStockBody }>, reply: FastifyReply) {
      const { stock, created } = await service.setAt(request.params.sku, request.params.location, request.body.on_hand);
      return reply.code(created ? 201 : 200).send(stockToJson(stock));
    },

    async listLocations(): Promise<components['schemas']['StockLocation'][]> {
      return service.locations();
    },
  };
}
