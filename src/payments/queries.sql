/* @name FindAuthorizationByKey */
SELECT id, idempotency_key, order_id, amount, payment_method, state, decline_code, expires_at
FROM payment_authorizations
WHERE idempotency_key = :idempotencyKey!;

/* @name InsertAuthorization */
-- Inserts the decision for a new key; returns nothing when the key exists (the caller reads it
-- then).
INSERT INTO payment_authorizations (idempotency_key, order_id, amount, payment_method, state, decline_code, expires_at)
VALUES (:idempotencyKey!, :orderId!, :amount!, :paymentMethod!, :state!, :declineCode, now() + make_interval(secs => :ttlSeconds!))
ON CONFLICT (idempotency_key) DO NOTHING
RETURNING id, idempotency_key, order_id, amount, payment_method, state, decline_code, expires_at;

/* @name LockAuthorization */
-- Serialises captures and voids of one authorization; `expired` by the database's clock.
SELECT id, order_id, amount, state, expires_at, expires_at <= now() AS "expired!"
FROM payment_authorizations
WHERE id = :id!
FOR UPDATE;

/* @name MarkAuthorizationCaptured */
UPDATE payment_authorizations
SET state = 'captured', updated_at = now()
WHERE id = :id! AND state = 'authorized';

/* @name VoidAuthorization */
-- Voids only a live or expired, uncaptured authorization of this order; concurrent captures and
-- voids wait for the row lock and then see the state it left.
UPDATE payment_authorizations
SET state = 'voided', updated_at = now()
WHERE idempotency_key = :idempotencyKey! AND order_id = :orderId! AND state = 'authorized'
RETURNING id;

/* @name FindOwnedAuthorizationState */
SELECT state
FROM payment_authorizations
WHERE idempotency_key = :idempotencyKey! AND order_id = :orderId!;

/* @name FindCaptureByKey */
SELECT c.id, c.idempotency_key, c.authorization_id, c.order_id, c.amount, c.state, c.failure_code
FROM payment_captures c
WHERE c.idempotency_key = :idempotencyKey!;

/* @name FindSucceededCaptureOfAuthorization */
SELECT id, idempotency_key
FROM payment_captures
WHERE authorization_id = :authorizationId! AND state = 'succeeded';

/* @name InsertCapture */
-- Returns nothing when the key was taken meanwhile (a concurrent call for another authorization).
INSERT INTO payment_captures (idempotency_key, authorization_id, order_id, amount, state, failure_code)
VALUES (:idempotencyKey!, :authorizationId!, :orderId!, :amount!, :state!, :failureCode)
ON CONFLICT (idempotency_key) DO NOTHING
RETURNING id, idempotency_key, authorization_id, order_id, amount, state, failure_code;

/* @name LockOwnedCapture */
-- The successful capture made with this key for this order, locked so that refunds of it serialise;
-- refund_held is what its pending and succeeded refunds hold (kept by a trigger, migration 0014).
SELECT id, order_id, amount, refund_held
FROM payment_captures
WHERE idempotency_key = :captureKey! AND order_id = :orderId! AND state = 'succeeded'
FOR UPDATE;

/* @name FindRefundByKey */
SELECT r.id, r.order_id, r.amount, r.state, r.failure_code, c.idempotency_key AS capture_key
FROM payment_refunds r
JOIN payment_captures c ON c.id = r.capture_id
WHERE r.idempotency_key = :idempotencyKey!;

/* @name InsertRefund */
-- Returns nothing when the key was taken meanwhile (a concurrent refund of another capture).
INSERT INTO payment_refunds (idempotency_key, capture_id, order_id, amount, state, failure_code)
VALUES (:idempotencyKey!, :captureId!, :orderId!, :amount!, :state!, :failureCode)
ON CONFLICT (idempotency_key) DO NOTHING
RETURNING id;

/* @name SettleRefund */
-- The money went back: a pending refund succeeds (once; a settled one is left as it is).
UPDATE payment_refunds
SET state = 'succeeded', updated_at = now()
WHERE id = :id! AND state = 'pending';

/* @name OrderPaymentTotals */
SELECT order_id AS "order_id!", authorized AS "authorized!", captured AS "captured!", refunded AS "refunded!"
FROM order_payment_totals
WHERE order_id = :orderId!;

/* @name InsertVoidedTombstone */
-- A void that finds no authorization under its key leaves one, already voided: an authorize attempt
-- still running at the provider (it outlived its timeout) then finds the key taken and holds nothing.
INSERT INTO payment_authorizations (idempotency_key, order_id, amount, payment_method, state, expires_at)
VALUES (:idempotencyKey!, :orderId!, 0, '', 'voided', now())
ON CONFLICT (idempotency_key) DO NOTHING
RETURNING id;
