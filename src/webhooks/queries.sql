/* @name InsertEndpoint */
INSERT INTO webhook_endpoints (url, secret, description)
VALUES (:url!, :secret!, :description)
RETURNING id, url, secret, description, created_at;

/* @name FindEndpoint */
SELECT id, url, description, created_at
FROM webhook_endpoints
WHERE id = :id! AND deleted_at IS NULL;

/* @name ListEndpoints */
SELECT id, url, description, created_at
FROM webhook_endpoints
WHERE deleted_at IS NULL AND id > :after!
ORDER BY id
LIMIT :limit!;

/* @name DeleteEndpoint */
-- Soft-deletes the endpoint and cancels what is still pending for it, in one statement.
WITH deleted AS (
    UPDATE webhook_endpoints SET deleted_at = now()
    WHERE id = :id! AND deleted_at IS NULL
    RETURNING id
), cancelled AS (
    UPDATE webhook_deliveries
    SET state = 'cancelled'
    FROM deleted
    WHERE webhook_deliveries.endpoint_id = deleted.id AND webhook_deliveries.state = 'pending'
)
SELECT id FROM deleted;

/* @name ClaimDueDeliveries */
-- Claims up to the limit due deliveries for one attempt each: the attempt count goes up (it is the
-- claim token) and the delivery is leased for a while, after which another
-- dispatcher may retry it (a crashed dispatcher loses nothing). A delivery is due only when no
-- earlier event of the same order is still pending for the same endpoint: that keeps order per order.
WITH due AS (
    SELECT delivery.id
    FROM webhook_deliveries AS delivery
    JOIN webhook_endpoints AS endpoint ON endpoint.id = delivery.endpoint_id AND endpoint.deleted_at IS NULL
    WHERE delivery.state = 'pending'
      AND delivery.next_attempt_at <= now()
      AND NOT EXISTS (
          SELECT 1 FROM webhook_deliveries AS earlier
          WHERE earlier.endpoint_id = delivery.endpoint_id
            AND earlier.order_id = delivery.order_id
            AND earlier.state = 'pending'
            AND earlier.event_id < delivery.event_id
      )
    ORDER BY delivery.next_attempt_at, delivery.id
    LIMIT :limit!
    FOR UPDATE OF delivery SKIP LOCKED
)
UPDATE webhook_deliveries AS claimed
SET attempts = claimed.attempts + 1,
    next_attempt_at = now() + make_interval(secs => :leaseSeconds!)
FROM due, webhook_endpoints AS endpoint, order_events AS event
WHERE claimed.id = due.id AND endpoint.id = claimed.endpoint_id AND event.id = claimed.event_id
RETURNING claimed.id, claimed.attempts, claimed.endpoint_id, endpoint.url, endpoint.secret,
          event.id AS event_id, event.order_id, event.type, event.source, event.details, event.created_at;

/* @name CompleteDelivery */
-- Records a successful attempt and marks the delivery delivered.
WITH attempt AS (
    INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, duration_ms, response_status)
    VALUES (:id!, :attemptedAt!, :durationMs!, :responseStatus!)
)
UPDATE webhook_deliveries
SET state = 'delivered', delivered_at = now(), last_error = NULL
WHERE id = :id! AND state = 'pending'
RETURNING id;

/* @name FailDelivery */
-- Records a failed attempt and schedules the next one, unless the delivery was claimed again
-- meanwhile (its lease ran out) or is no longer pending.
WITH attempt AS (
    INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, duration_ms, response_status, error)
    VALUES (:id!, :attemptedAt!, :durationMs!, :responseStatus, :error!)
)
UPDATE webhook_deliveries
SET next_attempt_at = now() + make_interval(secs => :retryInSeconds!), last_error = :error!
WHERE id = :id! AND state = 'pending' AND attempts = :attempt!
RETURNING id;

/* @name ListDeliveries */
SELECT delivery.id, delivery.event_id, delivery.order_id, event.type AS event_type, delivery.state,
       delivery.attempts, delivery.next_attempt_at, delivery.last_error, delivery.delivered_at, delivery.created_at
FROM webhook_deliveries AS delivery
JOIN order_events AS event ON event.id = delivery.event_id
WHERE delivery.endpoint_id = :endpointId! AND delivery.id > :after!
ORDER BY delivery.id
LIMIT :limit!;

/*
  @name ListRecentAttempts
  @param deliveryIds -> (...)
*/
-- The latest few attempts of each delivery, oldest first.
SELECT delivery_id, attempted_at, duration_ms, response_status, error
FROM (
    SELECT id, delivery_id, attempted_at, duration_ms, response_status, error,
           row_number() OVER (PARTITION BY delivery_id ORDER BY id DESC) AS recency
    FROM webhook_delivery_attempts
    WHERE delivery_id IN :deliveryIds!
) AS recent
WHERE recency <= :perDelivery!
ORDER BY delivery_id, id;
