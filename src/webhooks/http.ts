import type { FastifyReply, FastifyRequest } from 'fastify';
import type { components, operations } from '../http/api-types.js';
import type { WebhookDelivery, WebhookEndpoint } from './repository.js';
import type { WebhookService } from './service.js';

type Schemas = components['schemas'];
type IdParams = operations['getWebhook']['parameters']['path'];
type PageQuery = NonNullable<operations['listWebhooks']['parameters']['query']>;

const DEFAULT_PAGE_SIZE = 100;

function endpointToJson(endpoint: WebhookEndpoint): Schemas['WebhookEndpoint'] {
  return { id: endpoint.id, url: endpoint.url, description: endpoint.description, created_at: endpoint.createdAt.toISOString() };
}

function deliveryToJson(delivery: WebhookDelivery): Schemas['WebhookDelivery'] {
  return {
    id: delivery.id,
    event_id: delivery.eventId,
    order_id: delivery.orderId,
    event_type: delivery.eventType,
    state: delivery.state,
    attempt_count: delivery.attemptCount,
    next_attempt_at: delivery.state === 'pending' ? delivery.nextAttemptAt.toISOString() : null,
    last_error: delivery.lastError,
    delivered_at: delivery.deliveredAt?.toISOString() ?? null,
    created_at: delivery.createdAt.toISOString(),
    attempts: delivery.attempts.map((attempt) => ({
      attempted_at: attempt.attemptedAt.toISOString(),
      duration_ms: attempt.durationMs,
      status_code: attempt.statusCode,
      error: attempt.error,
    })),
  };
}

/** Handlers for the webhooks operations of api/openapi.yaml, by operationId. */
export function createWebhookHandlers(service: WebhookService) {
  return {
    async createWebhook(request: FastifyRequest<{ Body: Schemas['CreateWebhookRequest'] }>, reply: FastifyReply) {
      const created = await service.create(request.body);
      request.log.info({ webhookId: created.id }, 'webhook endpoint registered');
      const body: Schemas['CreatedWebhookEndpoint'] = { ...endpointToJson(created), secret: created.secret };
      return reply.code(201).header('location', `/webhooks/${created.id}`).send(body);
    },

    async listWebhooks(request: FastifyRequest<{ Querystring: PageQuery }>) {
      const { limit = DEFAULT_PAGE_SIZE, after = 0 } = request.query;
      return (await service.list({ limit, after })).map(endpointToJson);
    },

    async getWebhook(request: FastifyRequest<{ Params: IdParams }>) {
      return endpointToJson(await service.get(request.params.id));
    },

    async deleteWebhook(request: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply) {
      await service.delete(request.params.id);
      request.log.info({ webhookId: request.params.id }, 'webhook endpoint deleted');
      return reply.code(204).send();
    },

    async listWebhookDeliveries(request: FastifyRequest<{ Params: IdParams; Querystring: PageQuery }>) {
      const { limit = DEFAULT_PAGE_SIZE, after = 0 } = request.query;
      return (await service.deliveries(request.params.id, { limit, after })).map(deliveryToJson);
    },
  };
}
