/* @name ReserveOrderId */
SELECT nextval(pg_get_serial_sequence('orders', 'id')) AS "id!";

/* @name LockOrderId */
-- Shared by creates, exclusive for the workflow deciding an id was abandoned; held to the end of the transaction.
SELECT pg_advisory_xact_lock_shared(hashtext('orders.id'), (:id!::bigint % 2147483647)::int) IS NULL AS "locked!";

/* @name LockOrderIdExclusively */
SELECT pg_advisory_xact_lock(hashtext('orders.id'), (:id!::bigint % 2147483647)::int) IS NULL AS "locked!";

/* @name AbandonOrderId */
-- Only when the order does not exist (checked after the exclusive lock: no create is in flight).
INSERT INTO abandoned_order_ids (id)
SELECT :id!::bigint
WHERE NOT EXISTS (SELECT 1 FROM orders WHERE id = :id!::bigint)
ON CONFLICT (id) DO NOTHING
RETURNING id;

/* @name InsertOrder */
-- The order, its items and its order.created event in one statement (one round trip). Nothing when
-- the id was abandoned by its workflow (the create then rolls back). The items come as one JSON
-- array, so the text, and its prepared statement, is the same for any number of lines; unit prices
-- travel as JSON strings and are read as NUMERIC, exactly.
WITH inserted AS (
    INSERT INTO orders (id, customer_id, total_amount, payment_method, shipping_address)
    OVERRIDING SYSTEM VALUE
    SELECT :id!, :customerId!, :totalAmount!, :paymentMethod!, :shippingAddress
    WHERE NOT EXISTS (SELECT 1 FROM abandoned_order_ids WHERE id = :id!)
    RETURNING id, customer_id, status, status_reason, total_amount, payment_method, version, created_at, updated_at, stage, completed_steps, cancellable, review_deadline, authorization_expires_at, shipping_address, delivered_at, refunded_amount
), lines AS (
    INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price)
    SELECT inserted.id, line.line_no, line.sku, line.quantity, line.unit_price
    FROM inserted, jsonb_to_recordset(:items!::jsonb) AS line(line_no int, sku text, quantity int, unit_price numeric)
), created AS (
    INSERT INTO order_events (order_id, type, source, details)
    SELECT inserted.id, :eventType!, :eventSource!, :eventDetails! FROM inserted
)
SELECT id, customer_id, status, status_reason, total_amount, payment_method, version, created_at, updated_at, stage, completed_steps, cancellable, review_deadline, authorization_expires_at, shipping_address, delivered_at, refunded_amount
FROM inserted;

/* @name FindOrder */
-- The order, its items, its progress and its shipments (booked, then tracked; one per stock location
-- since workflow version 5) in one round trip: the read path of GET /orders/{id}.
SELECT o.id, o.customer_id, o.status, o.status_reason, o.total_amount, o.payment_method, o.version, o.created_at, o.updated_at,
       o.stage, o.completed_steps, o.cancellable, o.review_deadline, o.authorization_expires_at, o.shipping_address, o.delivered_at, o.refunded_amount,
       COALESCE((SELECT json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity, 'unit_price', i.unit_price::text) ORDER BY i.line_no)
                 FROM order_items i WHERE i.order_id = o.id), '[]'::json) AS "items!",
       COALESCE((SELECT json_agg(json_build_object('id', s.id, 'location', s.location, 'carrier', s.carrier, 'tracking_number', s.tracking_number,
                                                   'status', s.status, 'items', s.parcels) ORDER BY s.id)
                 FROM shipments s WHERE s.order_id = o.id), '[]'::json) AS "shipments!"
FROM orders o
WHERE o.id = :id!;

/* @name LockOrder */
SELECT id, customer_id, status, status_reason, total_amount, payment_method, version, created_at, updated_at, stage, completed_steps, cancellable, review_deadline, authorization_expires_at, shipping_address, delivered_at, refunded_amount
FROM orders
WHERE id = :id!
FOR UPDATE;

/* @name UpdateOrder */
UPDATE orders
SET status = :status!, total_amount = :totalAmount!, version = version + 1, updated_at = now()
WHERE id = :id!
RETURNING id, customer_id, status, status_reason, total_amount, payment_method, version, created_at, updated_at, stage, completed_steps, cancellable, review_deadline, authorization_expires_at, shipping_address, delivered_at, refunded_amount;

/*
  @name TransitionOrder
  @param allowedFrom -> (...)
*/
WITH previous AS (
    SELECT id, status FROM orders WHERE id = :id! AND status IN :allowedFrom! FOR UPDATE
), changed AS (
    UPDATE orders
    SET status = :to!, status_reason = :reason, version = orders.version + 1, updated_at = now()
    FROM previous
    WHERE orders.id = previous.id
    RETURNING orders.id, orders.customer_id, orders.status, orders.status_reason, orders.total_amount,
              orders.payment_method, orders.version, orders.created_at, orders.updated_at,
              orders.stage, orders.completed_steps, orders.cancellable, orders.review_deadline, orders.authorization_expires_at, orders.shipping_address, orders.delivered_at, orders.refunded_amount,
              previous.status AS previous_status
), recorded AS (
    INSERT INTO order_events (order_id, type, source, details)
    SELECT id, 'order.status_changed', :eventSource!,
           jsonb_strip_nulls(jsonb_build_object('from', previous_status, 'to', status, 'reason', status_reason)) || :eventDetails!::jsonb
    FROM changed
)
SELECT id, customer_id, status, status_reason, total_amount, payment_method, version, created_at, updated_at, stage, completed_steps, cancellable, review_deadline, authorization_expires_at, shipping_address, delivered_at, refunded_amount FROM changed;

/* @name FindOpenReturn */
-- A return not yet in a final state (refunded, rejected, expired: src/returns/return.ts) still owes the customer
-- its refund, refund_failed included (the provider declined it; it is owed all the same); deleting the
-- order would cascade it away. Returns of an order are created under the
-- order's row lock, so under that lock no new one appears.
SELECT id, status FROM returns
WHERE order_id = :orderId! AND status NOT IN ('refunded', 'rejected', 'expired')
ORDER BY id
LIMIT 1;

/* @name DeleteOrder */
-- Deletes nothing while a return is in flight, whatever the caller checked before.
DELETE FROM orders
WHERE id = :id!
  AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.order_id = orders.id AND r.status NOT IN ('refunded', 'rejected', 'expired'))
RETURNING id;

/* @name ListOrders */
-- A page with its items, in one round trip.
SELECT o.id, o.customer_id, o.status, o.status_reason, o.total_amount, o.payment_method, o.version, o.created_at, o.updated_at,
       o.stage, o.completed_steps, o.cancellable, o.review_deadline, o.authorization_expires_at, o.shipping_address, o.delivered_at, o.refunded_amount,
       COALESCE((SELECT json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity, 'unit_price', i.unit_price::text) ORDER BY i.line_no)
                 FROM order_items i WHERE i.order_id = o.id), '[]'::json) AS "items!"
FROM orders o
WHERE o.id > :after!
  AND (:customerId::bigint IS NULL OR o.customer_id = :customerId)
  AND (:status::order_status IS NULL OR o.status = :status)
  AND (:stage::saga_stage IS NULL OR o.stage = :stage)
ORDER BY o.id
LIMIT :limit!;

/* @name ListReviewQueue */
-- Walks orders_awaiting_review_idx (migration 0010): only the orders awaiting review, and of those only
-- the ones still in flight (a row finished before RecordProgress had its guard may still say awaiting_review).
SELECT o.id, o.customer_id, o.status, o.status_reason, o.total_amount, o.payment_method, o.version, o.created_at, o.updated_at,
       o.stage, o.completed_steps, o.cancellable, o.review_deadline, o.authorization_expires_at, o.shipping_address, o.delivered_at, o.refunded_amount,
       COALESCE((SELECT json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity, 'unit_price', i.unit_price::text) ORDER BY i.line_no)
                 FROM order_items i WHERE i.order_id = o.id), '[]'::json) AS "items!"
FROM orders o
WHERE o.stage = 'awaiting_review' AND o.status IN ('pending', 'processing')
ORDER BY o.review_deadline, o.id
LIMIT :limit!;

/* @name AppendOrderEvent */
INSERT INTO order_events (order_id, type, source, details, dedupe_key)
VALUES (:orderId!, :type!, :source!, :details!, :dedupeKey)
ON CONFLICT (order_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
RETURNING id;

/*
  @name InsertOrderItems
  @param items -> ((orderId!, lineNo!, sku!, quantity!, unitPrice!)...)
*/
INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price)
VALUES :items;

/* @name FindOrderItems */
SELECT order_id, line_no, sku, quantity, unit_price
FROM order_items
WHERE order_id = ANY(:orderIds!::bigint[])
ORDER BY order_id, line_no;

/* @name ListOrderEvents */
SELECT id, order_id, type, source, details, created_at
FROM order_events
WHERE order_id = :orderId! AND id > :after!
ORDER BY id
LIMIT :limit!;

/* @name CountRecentOrdersOfCustomer */
SELECT count(*)::int AS "count!"
FROM orders earlier, orders this
WHERE this.id = :orderId!
  AND earlier.customer_id = this.customer_id
  AND earlier.id <> this.id
  AND earlier.created_at <= this.created_at
  AND earlier.created_at > this.created_at - make_interval(secs => :withinSeconds!);

/* @name RecordProgress */
-- A step's mark on the order's progress; repeating it changes nothing (steps may run twice). Only while
-- the order is in flight: a late attempt (one that outlived its timeout) cannot move a finished order's
-- stage back, so the final mark ('done') is written before the final status.
UPDATE orders
SET stage = COALESCE(:stage::saga_stage, stage),
    completed_steps = CASE
        WHEN :completedStep::text IS NULL OR :completedStep::text = ANY (completed_steps) THEN completed_steps
        ELSE completed_steps || :completedStep::text
    END,
    cancellable = COALESCE(:cancellable::boolean, cancellable),
    review_deadline = COALESCE(:reviewDeadline::timestamptz, review_deadline),
    authorization_expires_at = COALESCE(:authorizationExpiresAt::timestamptz, authorization_expires_at)
WHERE id = :id! AND status IN ('pending', 'processing', 'shipped');

/* @name CountOrdersByStatus */
SELECT status, sum(count)::bigint AS "count!" FROM order_status_counts GROUP BY status;

/* @name RecordFullRefund */
-- The saga's refund compensation returned what was left of the capture: all of it, since nothing
-- is returned (and refunded in part) before delivery.
UPDATE orders SET refunded_amount = total_amount WHERE id = :id!;

/* @name MarkItemsShipped */
-- The whole order left with the carrier (one shipment per order today).
UPDATE order_items SET shipped_quantity = quantity WHERE order_id = :orderId!;

/* @name MarkDelivered */
-- What was shipped arrived; the order's delivered_at is the carrier's time, set once.
WITH lines AS (
    UPDATE order_items SET delivered_quantity = shipped_quantity WHERE order_id = :orderId!
)
UPDATE orders SET delivered_at = COALESCE(delivered_at, :deliveredAt!::timestamptz) WHERE id = :orderId!;

/* @name MarkLinesDelivered */
-- Version 5: each line counts the units of its order's parcels that arrived (the others were lost,
-- damaged or returned); the order's delivered_at is the carrier's time of the last one, set once.
WITH changed AS (
    UPDATE order_items i SET delivered_quantity = d.quantity
    FROM unnest(:skus!::text[], :quantities!::int[]) AS d (sku, quantity)
    WHERE i.order_id = :orderId! AND i.sku = d.sku
)
UPDATE orders SET delivered_at = COALESCE(delivered_at, :deliveredAt!::timestamptz) WHERE id = :orderId!;

/* @name RecordParcelRefund */
-- Version 5: the part of one parcel that did not arrive went back, recorded once (its event's key):
-- a retry inserts no event and adds nothing to refunded_amount.
WITH recorded AS (
    INSERT INTO order_events (order_id, type, source, details, dedupe_key)
    VALUES (:orderId!, 'payment.refunded', 'workflow', :details!, :dedupeKey!)
    ON CONFLICT (order_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
    RETURNING id
)
UPDATE orders SET refunded_amount = refunded_amount + :amount!, updated_at = now()
WHERE id = :orderId! AND EXISTS (SELECT 1 FROM recorded)
RETURNING id;

/* @name FindShippedItems */
SELECT sku, shipped_quantity FROM order_items WHERE order_id = :orderId! AND shipped_quantity > 0 ORDER BY line_no;

/* @name DeleteOrderItems */
DELETE FROM order_items WHERE order_id = :orderId!;

/* @name ApplyOrderEdit */
-- Only on the version the edit was made on: a second writer in between makes this match nothing.
UPDATE orders
SET total_amount = :totalAmount!, shipping_address = COALESCE(:shippingAddress, shipping_address), version = version + 1, updated_at = now()
WHERE id = :id! AND version = :expectedVersion!
RETURNING version;

/* @name FindEditVersion */
-- The version an edit made, from its event: a retried apply finds it and changes nothing.
SELECT (details->>'version')::int AS "version!" FROM order_events WHERE order_id = :orderId! AND dedupe_key = :dedupeKey!;

/* @name MarkInTransitOnTimeline */
-- Version 6's parcels, once handed over: an in-transit report about them is recorded on the
-- timeline by the API, not signalled (migration 0020).
UPDATE shipments SET in_transit_on_timeline = true
WHERE order_id = :orderId! AND NOT in_transit_on_timeline;

/* @name LockOrderForParcelReport */
-- A carrier's report about one of the order's parcels, with the order row locked (version 6's stall
-- check takes the same lock, so a report and a stall never cross).
SELECT o.status, o.stage, s.in_transit_on_timeline
FROM orders o
JOIN shipments s ON s.order_id = o.id
WHERE o.id = :orderId! AND s.id = :shipmentId!
FOR UPDATE OF o;

/* @name LastCarrierReports */
-- When each of these parcels was last heard of (a carrier event received), against the database's
-- clock as it reads now: not now(), the transaction's start, which can be before the order lock was
-- granted and before a report that committed meanwhile.
SELECT shipment_id AS "shipment_id!", max(received_at) AS "last_report_at!", clock_timestamp() AS "now!"
FROM carrier_events
WHERE shipment_id = ANY (:shipmentIds!::bigint[])
GROUP BY shipment_id;
