/* @name LockOrderForReturn */
-- Serialises the returns of one order; the window is judged by the database's clock.
SELECT id, customer_id, delivered_at,
       (delivered_at IS NOT NULL AND delivered_at + make_interval(secs => :windowSeconds!) > now()) AS "within_window!"
FROM orders
WHERE id = :orderId!
FOR UPDATE;

/* @name ListReturnableLines */
SELECT line_no, sku, quantity, delivered_quantity, return_authorized_quantity
FROM order_items
WHERE order_id = :orderId!
ORDER BY line_no;

/* @name InsertReturn */
INSERT INTO returns (order_id, reason, requested_by)
VALUES (:orderId!, :reason!, :requestedBy!)
RETURNING id;

/* @name LockReturnId */
-- Taken by the create right after its insert, held to COMMIT: the return's workflow, started before
-- that commit, waits on it (LockReturnIdExclusively) to learn for certain whether the return exists.
SELECT pg_advisory_xact_lock_shared(hashtext('returns.id'), (:id!::bigint % 2147483647)::int) IS NULL AS "locked!";

/* @name BoundLockWait */
-- For the rest of the transaction: a lock not granted by then fails the statement (55P03), retryably.
SELECT set_config('lock_timeout', :timeout!, true) AS "set!";

/* @name LockReturnIdExclusively */
SELECT pg_advisory_xact_lock(hashtext('returns.id'), (:id!::bigint % 2147483647)::int) IS NULL AS "locked!";

/* @name InsertReturnItem */
INSERT INTO return_items (return_id, order_id, line_no, sku, quantity)
VALUES (:returnId!, :orderId!, :lineNo!, :sku!, :quantity!);

/* @name AuthorizeReturnUnits */
-- The CHECK on order_items refuses more than was delivered, whatever ran before.
UPDATE order_items
SET return_authorized_quantity = return_authorized_quantity + :quantity!
WHERE order_id = :orderId! AND line_no = :lineNo!;

/* @name FindReturn */
SELECT r.id, r.order_id, r.status, r.reason, r.requested_by, r.label_tracking_number, r.refund_amount, r.refund_id, r.created_at, r.updated_at,
       (SELECT json_agg(json_build_object('line_no', i.line_no, 'sku', i.sku, 'quantity', i.quantity, 'received_quantity', i.received_quantity,
                                          'resellable_quantity', i.resellable_quantity, 'refund_amount', i.refund_amount::text) ORDER BY i.line_no)
        FROM return_items i WHERE i.return_id = r.id) AS "items!"
FROM returns r
WHERE r.id = :id!;

/* @name ListReturnsOfOrder */
SELECT r.id, r.order_id, r.status, r.reason, r.requested_by, r.label_tracking_number, r.refund_amount, r.refund_id, r.created_at, r.updated_at,
       (SELECT json_agg(json_build_object('line_no', i.line_no, 'sku', i.sku, 'quantity', i.quantity, 'received_quantity', i.received_quantity,
                                          'resellable_quantity', i.resellable_quantity, 'refund_amount', i.refund_amount::text) ORDER BY i.line_no)
        FROM return_items i WHERE i.return_id = r.id) AS "items!"
FROM returns r
WHERE r.order_id = :orderId!
ORDER BY r.id;

/* @name FindReturnIdByLabel */
-- The return a carrier's report on a return parcel is about (returns_label_tracking_number_idx).
SELECT id FROM returns WHERE label_tracking_number = :trackingNumber!;

/*
  @name MoveReturn
  @param from -> (...)
*/
-- A conditional step of the return's life: returns nothing when it is not (or no longer) in `from`.
UPDATE returns
SET status = :to!, label_tracking_number = COALESCE(:trackingNumber, label_tracking_number), updated_at = now()
WHERE id = :id! AND status IN :from!
RETURNING id, order_id;

/* @name ReleaseRejectedUnits */
-- A rejected or expired return gives its units back to what may still be returned.
UPDATE order_items i
SET return_authorized_quantity = i.return_authorized_quantity - ri.quantity
FROM return_items ri
WHERE ri.return_id = :returnId! AND i.order_id = ri.order_id AND i.line_no = ri.line_no;

/* @name RecordReceivedLine */
-- Once per line: a second receive finds it recorded and changes nothing.
UPDATE return_items
SET received_quantity = :received!, resellable_quantity = :resellable!
WHERE return_id = :returnId! AND line_no = :lineNo! AND received_quantity IS NULL
RETURNING order_id, line_no, quantity;

/* @name ApplyReceivedToOrderLine */
-- Units that did not arrive are no longer authorized for this return (they may be returned again).
UPDATE order_items
SET received_quantity = received_quantity + :received!,
    return_authorized_quantity = return_authorized_quantity - (:authorized! - :received!)
WHERE order_id = :orderId! AND line_no = :lineNo!;

/* @name LockReturn */
SELECT id, order_id, status, refund_amount
FROM returns
WHERE id = :id!
FOR UPDATE;

/* @name LockLinesOfReturn */
-- The order lines this return refunds, locked in line order, so that two returns of one line fix
-- their units one after the other (the second starts where the first ended).
SELECT ri.line_no, ri.received_quantity, oi.quantity, oi.unit_price, oi.refunded_quantity
FROM return_items ri
JOIN order_items oi ON oi.order_id = ri.order_id AND oi.line_no = ri.line_no
WHERE ri.return_id = :returnId!
ORDER BY ri.line_no
FOR UPDATE OF oi;

/* @name FixLineRefund */
UPDATE return_items SET refund_amount = :amount! WHERE return_id = :returnId! AND line_no = :lineNo!;

/* @name AddRefundedUnits */
UPDATE order_items SET refunded_quantity = refunded_quantity + :units! WHERE order_id = :orderId! AND line_no = :lineNo!;

/* @name FixReturnRefund */
UPDATE returns SET refund_amount = :amount!, updated_at = now() WHERE id = :id!;

/* @name MarkReturnRefunded */
-- Once: a retry finds it refunded and adds nothing to the order's total. From received, or from
-- refund_failed when an operator's retry of a declined refund went through.
UPDATE returns
SET status = 'refunded', refund_id = :refundId, updated_at = now()
WHERE id = :id! AND status IN ('received', 'refund_failed')
RETURNING order_id, refund_amount;

/* @name AddToOrderRefunded */
UPDATE orders SET refunded_amount = refunded_amount + :amount!, updated_at = now() WHERE id = :orderId!;

/* @name ResellableOfReturn */
SELECT sku, resellable_quantity AS "quantity!"
FROM return_items
WHERE return_id = :returnId! AND resellable_quantity > 0
ORDER BY line_no;

/* @name ListReturns */
-- Two statements rather than one with `:status IS NULL OR …`: a prepared statement's generic plan
-- could then use returns_status_id for neither.
SELECT r.id, r.order_id, r.status, r.reason, r.requested_by, r.label_tracking_number, r.refund_amount, r.refund_id, r.created_at, r.updated_at,
       (SELECT json_agg(json_build_object('line_no', i.line_no, 'sku', i.sku, 'quantity', i.quantity, 'received_quantity', i.received_quantity,
                                          'resellable_quantity', i.resellable_quantity, 'refund_amount', i.refund_amount::text) ORDER BY i.line_no)
        FROM return_items i WHERE i.return_id = r.id) AS "items!"
FROM returns r
WHERE r.id > :after!
ORDER BY r.id
LIMIT :limit!;

/* @name ListReturnsInStatus */
SELECT r.id, r.order_id, r.status, r.reason, r.requested_by, r.label_tracking_number, r.refund_amount, r.refund_id, r.created_at, r.updated_at,
       (SELECT json_agg(json_build_object('line_no', i.line_no, 'sku', i.sku, 'quantity', i.quantity, 'received_quantity', i.received_quantity,
                                          'resellable_quantity', i.resellable_quantity, 'refund_amount', i.refund_amount::text) ORDER BY i.line_no)
        FROM return_items i WHERE i.return_id = r.id) AS "items!"
FROM returns r
WHERE r.status = :status! AND r.id > :after!
ORDER BY r.id
LIMIT :limit!;
