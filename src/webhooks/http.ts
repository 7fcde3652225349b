import type { FastifyReply, FastifyRequest } from 'fastify';
import type { components, operations } from '../http/api-types.js';
import { principalOf } from '../http/auth.js';
import { storedResponse } from '../http/idempotency.js';
import type { IdempotencyStore } from '../idempotency/store.js';
import { IdempotencyKeyTakenOver } from '../shared/errors.js';
import type { OrderWebhookDelivery, WebhookDelivery, WebhookEndpoint } from './repository.js';
import type { WebhookService } from './service.js';

type Schemas = components['schemas'];
type IdParams = operations['getWebhook']['parameters']['path'];
type PageQuery = NonNullable<operations['listWebhooks']['parameters']['query']>;
type OrderIdParams = operations['listOrderWebhookDeliveries']['parameters']['path'];

const DEFAULT_PAGE_SIZE = 100;

function endpointToJson(endpoint: WebhookEndpoint): Schemas['WebhookEndpoint'] {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    created_at: endpoint.createdAt.toISOString(),
    status: endpoint.disabledAt ? 'disabled' : 'active',
    failing_since: endpoint.failingSince?.toISOString() ?? null,
    disabled_at: endpoint.disabledAt?.toISOString() ?? null,
    disabled_reason: endpoint.disabledReason,
  };
}

function orderDeliveryToJson(delivery: OrderWebhookDelivery): Schemas['OrderWebhookDelivery'] {
  const { id, ...rest } = deliveryToJson(delivery);
  return { id, endpoint_id: delivery.endpointId, endpoint_url: delivery.endpointUrl, ...rest };
}

function deliveryToJson(delivery: WebhookDelivery): Schemas['WebhookDelivery'] {
  return {
    id: delivery.id,
    event_id: delivery.eventId,
    order_id: delivery.orderId,
    event_type: delivery.eventType,
    state: delivery.state,
    attempt_count: delivery.attemptCount,
    next_attempt_at: delivery.state === 'pending' ? (delivery.nextAttemptAt?.toISOString() ?? null) : null,
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
export function createWebhookHandlers(service: WebhookService, idempotency: IdempotencyStore) {
  return {
    async createWebhook(request: FastifyRequest<{ Body: Schemas['CreateWebhookRequest'] }>, reply: FastifyReply) {
      const claim = request.idempotency;
      // The secret is shown once: what an Idempotency-Key replays is the endpoint without it, stored
      // in the insert's own transaction (so the generic hook never stores the body with the secret).
      const created = await service.create(request.body, async (endpoint, tx) => {
        if (!claim) return;
        reply.code(201).header('location', `/webhooks/${endpoint.id}`).type('application/json; charset=utf-8');
        // A retry took the key over while this request was slow: roll back, so only one endpoint counts.
        if (!(await idempotency.complete(claim, storedResponse(reply, JSON.stringify(endpointToJson(endpoint))), tx))) throw new IdempotencyKeyTakenOver();
        claim.settled = true;
      });
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

    async enableWebhook(request: FastifyRequest<{ Params: IdParams }>) {
      const endpoint = await service.enable(request.params.id, principalOf(request).subject);
      request.log.info({ webhookId: endpoint.id }, 'webhook endpoint enabled');
      return endpointToJson(endpoint);
    },

    async listWebhookDeliveries(request: FastifyRequest<{ Params: IdParams; Querystring: PageQuery }>) {
      const { limit = DEFAULT_PAGE_SIZE, after = 0 } = request.query;
      return (await service.deliveries(request.params.id, { limit, after })).map(deliveryToJson);
    },

    async listOrderWebhookDeliveries(request: FastifyRequest<{ Params: OrderIdParams; Querystring: PageQuery }>) {
      const { limit = DEFAULT_PAGE_SIZE, after = 0 } = request.query;
      return (await service.orderDeliveries(request.params.id, { limit, after })).map(orderDeliveryToJson);
    },
  };
}
