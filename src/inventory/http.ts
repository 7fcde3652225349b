import type { FastifyReply, FastifyRequest } from 'fastify';
import type { components, operations } from '../http/api-types.js';
import type { InventoryService } from './service.js';
import type { Stock } from './stock.js';

type SkuParams = operations['getInventory']['parameters']['path'];

export function stockToJson(stock: Stock): components['schemas']['Stock'] {
  return {
    sku: stock.sku,
    on_hand: stock.onHand,
    reserved: stock.reserved,
    available: stock.onHand - stock.reserved,
    updated_at: stock.updatedAt.toISOString(),
  };
}

/** Handlers for the inventory operations of api/openapi.yaml, by operationId. */
export function createInventoryHandlers(service: InventoryService) {
  return {
    async getInventory(request: FastifyRequest<{ Params: SkuParams }>) {
      return stockToJson(await service.get(request.params.sku));
    },

    async setInventory(request: FastifyRequest<{ Params: SkuParams; Body: components['schemas']['SetStockRequest'] }>, reply: FastifyReply) {
      const { stock, created } = await service.set(request.params.sku, request.body.on_hand);
      return reply.code(created ? 201 : 200).send(stockToJson(stock));
    },
  };
}
