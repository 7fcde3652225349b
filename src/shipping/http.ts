import type { FastifyRequest } from 'fastify';
import type { components, operations } from '../http/api-types.js';
import type { ShipmentTracking } from './tracking.js';

type Params = operations['receiveCarrierEvent']['parameters']['path'];
type Body = components['schemas']['CarrierEvent'];

/** The carrier webhook of api/openapi.yaml, by operationId. Authenticated by the carrier's signature, not a user's token. */
export function createCarrierHandlers(tracking: ShipmentTracking) {
  return {
    async receiveCarrierEvent(request: FastifyRequest<{ Params: Params; Body: Body }>): Promise<components['schemas']['CarrierEventReceipt']> {
      const { carrier } = request.params;
      tracking.verify(carrier, request.headers, request.rawBody ?? '');
      const { event_id, tracking_number, kind, occurred_at } = request.body;
      const receipt = await tracking.receive(carrier, { eventId: event_id, trackingNumber: tracking_number, kind, occurredAt: new Date(occurred_at) });
      request.log.info({ carrier, eventId: event_id, kind, duplicate: receipt.duplicate, status: receipt.status }, 'carrier event received');
      return { event_id, duplicate: receipt.duplicate, shipment_status: receipt.status };
    },
  };
}
