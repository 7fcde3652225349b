/* @name FindShipmentByKey */
SELECT id, idempotency_key, order_id, carrier, tracking_number, status, parcels, address, location
FROM shipments
WHERE idempotency_key = :idempotencyKey!;

/* @name InsertShipment */
-- Books a shipment for a new key; returns nothing when the key exists (the caller reads it then).
INSERT INTO shipments (idempotency_key, order_id, carrier, parcels, address, location)
VALUES (:idempotencyKey!, :orderId!, :carrier!, :parcels!, :address, :location)
ON CONFLICT (idempotency_key) DO NOTHING
RETURNING id, idempotency_key, order_id, carrier, tracking_number, status, parcels, address, location;

/* @name FindOwnedShipment */
SELECT id, idempotency_key, order_id, carrier, tracking_number, status, parcels, address, location
FROM shipments
WHERE idempotency_key = :idempotencyKey! AND order_id = :orderId!;

/* @name TransitionShipment */
-- Moves a booked shipment of this order to `to`; a concurrent transition waits for the row lock and
-- then finds it no longer booked, so exactly one of handOver and cancel wins.
UPDATE shipments
SET status = :to!, updated_at = now()
WHERE idempotency_key = :idempotencyKey! AND order_id = :orderId! AND status = 'booked'
RETURNING id, idempotency_key, order_id, carrier, tracking_number, status, parcels, address, location;

/* @name FindTrackedShipment */
SELECT id, order_id, carrier, tracking_number, status, address, parcels, delivered_at, last_carrier_event_at
FROM shipments
WHERE carrier = :carrier! AND tracking_number = :trackingNumber!;

/* @name AdvanceShipment */
-- Applies a carrier's state only when it is further along (shipment_status_rank, migration 0013):
-- a late or repeated event matches nothing, and the first final state reported stays. A shipment
-- not handed over (booked, cancelled) is not moved by a carrier's report.
UPDATE shipments
SET status = :to!,
    delivered_at = CASE WHEN :to! = 'delivered' THEN :occurredAt!::timestamptz END,
    last_carrier_event_at = GREATEST(last_carrier_event_at, :occurredAt!::timestamptz),
    updated_at = now()
WHERE id = :id! AND status NOT IN ('booked', 'cancelled') AND shipment_status_rank(status) < shipment_status_rank(:to!)
RETURNING id, order_id, status;

/* @name FindTrackedReturnLabel */
SELECT id, order_id, carrier, tracking_number, status, delivered_at
FROM return_labels
WHERE carrier = :carrier! AND tracking_number = :trackingNumber!;

/* @name AdvanceReturnLabel */
-- A return parcel moves as a shipment does, only further along, but for one thing: delivered (it is
-- in our warehouse, seen by our people) overrides an earlier lost or damaged, since the goods and
-- the customer's refund are here; any other first final state stays.
UPDATE return_labels
SET status = :to!,
    delivered_at = CASE WHEN :to! = 'delivered' THEN :occurredAt!::timestamptz END,
    last_carrier_event_at = GREATEST(last_carrier_event_at, :occurredAt!::timestamptz),
    updated_at = now()
WHERE id = :id!
  AND (shipment_status_rank(status) < shipment_status_rank(:to!) OR (:to! = 'delivered' AND status <> 'delivered'))
RETURNING id, status;

/* @name TouchReturnLabel */
UPDATE return_labels
SET last_carrier_event_at = GREATEST(last_carrier_event_at, :occurredAt!::timestamptz)
WHERE id = :id!;

/* @name TouchShipment */
-- An event that does not move the shipment still says the carrier is alive.
UPDATE shipments
SET last_carrier_event_at = GREATEST(last_carrier_event_at, :occurredAt!::timestamptz)
WHERE id = :id!;

/* @name InsertCarrierEvent */
-- About a shipment or a return label (exactly one of the two ids).
INSERT INTO carrier_events (carrier, event_id, shipment_id, return_label_id, tracking_number, kind, occurred_at)
VALUES (:carrier!, :eventId!, :shipmentId, :returnLabelId, :trackingNumber!, :kind!, :occurredAt!::timestamptz)
ON CONFLICT (carrier, event_id) DO NOTHING
RETURNING id;

/* @name FindCarrierEvent */
SELECT id, carrier, event_id, shipment_id, tracking_number, kind, occurred_at, received_at
FROM carrier_events
WHERE carrier = :carrier! AND event_id = :eventId!;

/*
  @name ScheduleLocalCarrierEvents
  @param events -> ((shipmentId!, kind!, dueAt!)...)
*/
-- The local carrier's plan for a parcel, written once at hand-over (a retried hand-over adds nothing).
INSERT INTO local_carrier_events (shipment_id, kind, due_at)
VALUES :events
ON CONFLICT (shipment_id, kind) DO NOTHING;

/* @name ClaimDueLocalCarrierEvents */
-- Due events, oldest first; SKIP LOCKED lets two API processes share the work without posting one twice at once.
-- A planned event is about a shipment or a return parcel (a return label).
SELECT e.id, e.kind, e.due_at, e.attempts,
       COALESCE(s.carrier, l.carrier) AS "carrier!", COALESCE(s.tracking_number, l.tracking_number) AS "tracking_number!"
FROM local_carrier_events e
    LEFT JOIN shipments s ON s.id = e.shipment_id
    LEFT JOIN return_labels l ON l.id = e.return_label_id
WHERE e.posted_at IS NULL AND e.due_at <= now()
ORDER BY e.due_at, e.id
LIMIT :limit!
FOR UPDATE OF e SKIP LOCKED;

/* @name MarkLocalCarrierEventPosted */
UPDATE local_carrier_events SET posted_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = :id!;

/* @name MarkLocalCarrierEventFailed */
-- Tried again after a back-off that grows with the attempts (capped at a minute).
UPDATE local_carrier_events
SET attempts = attempts + 1, last_error = left(:error!, 500),
    due_at = now() + make_interval(secs => LEAST(60, 0.2 * power(2, LEAST(attempts, 10))))
WHERE id = :id!;
