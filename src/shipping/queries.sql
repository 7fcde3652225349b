/* @name FindShipmentByKey */
SELECT id, idempotency_key, order_id, carrier, tracking_number, status, parcels
FROM shipments
WHERE idempotency_key = :idempotencyKey!;

/* @name InsertShipment */
-- Books a shipment for a new key; returns nothing when the key exists (the caller reads it then).
INSERT INTO shipments (idempotency_key, order_id, carrier, parcels)
VALUES (:idempotencyKey!, :orderId!, :carrier!, :parcels!)
ON CONFLICT (idempotency_key) DO NOTHING
RETURNING id, idempotency_key, order_id, carrier, tracking_number, status, parcels;

/* @name FindOwnedShipment */
SELECT id, idempotency_key, order_id, carrier, tracking_number, status, parcels
FROM shipments
WHERE idempotency_key = :idempotencyKey! AND order_id = :orderId!;

/* @name TransitionShipment */
-- Moves a booked shipment of this order to `to`; a concurrent transition waits for the row lock and
-- then finds it no longer booked, so exactly one of handOver and cancel wins.
UPDATE shipments
SET status = :to!, updated_at = now()
WHERE idempotency_key = :idempotencyKey! AND order_id = :orderId! AND status = 'booked'
RETURNING id, idempotency_key, order_id, carrier, tracking_number, status, parcels;
