/* @name InsertEndpoint */
INSERT INTO webhook_endpoints (url, secret, description)
VALUES (:url!, :secret!, :description)
RETURNING id, url, description, created_at, failing_since, disabled_at, disabled_reason, secret;

/* @name FindEndpoint */
SELECT id, url, description, created_at, failing_since, disabled_at, disabled_reason
FROM webhook_endpoints
WHERE id = :id! AND deleted_at IS NULL;

/* @name ListEndpoints */
SELECT id, url, description, created_at, failing_since, disabled_at, disabled_reason
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
-- Claims up to the limit of due deliveries for one attempt each: the attempt count goes up (it is the
-- claim token) and the delivery is leased for a while, after which another dispatcher may retry it
-- (a crashed dispatcher loses nothing). Fair and bounded per endpoint: each active endpoint offers
-- at most its free share (the endpoint concurrency minus what this dispatcher already has in flight for
-- it; one at a time while it is failing), and the batch is filled turn by turn, the endpoint with
-- the fewest in flight first, so a dead endpoint never holds more than its share of the slots.
-- Head of line per endpoint: the index (endpoint_id, next_attempt_at, id) yields its due
-- deliveries first and stops at the first one not yet due; deliveries waiting behind an earlier
-- event of their order are parked at 'infinity' (after every due one), so the backlog is never
-- scanned. The NOT EXISTS keeps order per order even for a delivery not parked (two events of one
-- order written by concurrent transactions).
WITH busy AS (
    SELECT busy.endpoint_id, busy.in_flight
    FROM unnest(:busyEndpointIds::bigint[], :busyCounts::integer[]) AS busy (endpoint_id, in_flight)
), offered AS (
    SELECT due.id, due.next_attempt_at,
           coalesce(busy.in_flight, 0) + row_number() OVER (PARTITION BY endpoint.id ORDER BY due.next_attempt_at, due.id) AS turn,
           CASE WHEN endpoint.failing_since IS NULL THEN :endpointConcurrency!::integer ELSE 1 END AS share
    FROM webhook_endpoints AS endpoint
    LEFT JOIN busy ON busy.endpoint_id = endpoint.id
    CROSS JOIN LATERAL (
        SELECT delivery.id, delivery.next_attempt_at
        FROM webhook_deliveries AS delivery
        WHERE delivery.endpoint_id = endpoint.id
          AND delivery.state = 'pending'
          AND delivery.next_attempt_at <= now()
          AND NOT EXISTS (
              SELECT 1 FROM webhook_deliveries AS earlier
              WHERE earlier.endpoint_id = delivery.endpoint_id
                AND earlier.order_id = delivery.order_id
                AND earlier.state = 'pending'
                AND earlier.event_id < delivery.event_id
          )
        ORDER BY delivery.next_attempt_at, delivery.id
        LIMIT :endpointConcurrency!
    ) AS due
    WHERE endpoint.deleted_at IS NULL AND endpoint.disabled_at IS NULL
), chosen AS (
    SELECT offered.id FROM offered
    WHERE offered.turn <= offered.share
    ORDER BY offered.turn, offered.next_attempt_at, offered.id
    LIMIT :limit!
), locked AS (
    -- By primary key (an array, so the planner cannot prefer scanning every due delivery instead);
    -- the conditions again, as a row another dispatcher claimed meanwhile is re-checked here.
    SELECT delivery.id
    FROM webhook_deliveries AS delivery
    WHERE delivery.id = ANY (ARRAY(SELECT chosen.id FROM chosen))
      AND delivery.state = 'pending' AND delivery.next_attempt_at <= now()
    FOR UPDATE OF delivery SKIP LOCKED
)
UPDATE webhook_deliveries AS claimed
SET attempts = claimed.attempts + 1,
    next_attempt_at = now() + make_interval(secs => :leaseSeconds!)
FROM locked, webhook_endpoints AS endpoint, order_events AS event
WHERE claimed.id = locked.id AND endpoint.id = claimed.endpoint_id AND event.id = claimed.event_id
RETURNING claimed.id, claimed.attempts, claimed.endpoint_id, endpoint.url, endpoint.secret,
          event.id AS event_id, event.order_id, event.type, event.source, event.details, event.created_at;

/* @name CompleteDelivery */
-- Records a successful attempt, marks the delivery delivered and the endpoint healthy again.
WITH attempt AS (
    INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, duration_ms, response_status)
    VALUES (:id!, :attemptedAt!, :durationMs!, :responseStatus!)
), delivered AS (
    UPDATE webhook_deliveries
    SET state = 'delivered', delivered_at = now(), last_error = NULL
    WHERE id = :id! AND state = 'pending'
    RETURNING id, endpoint_id
), healthy AS (
    UPDATE webhook_endpoints AS endpoint
    SET failing_since = NULL
    FROM delivered
    WHERE endpoint.id = delivered.endpoint_id AND endpoint.failing_since IS NOT NULL
)
SELECT id FROM delivered;

/* @name ReleaseNextDelivery */
-- After a delivery left the pending state: the order's next pending event for the endpoint (now the
-- head of its line) becomes due. A statement of its own, run after CompleteDelivery in the same
-- transaction, so it sees a delivery parked by a fan-out that was waiting on that one (see 0008).
UPDATE webhook_deliveries
SET next_attempt_at = now()
WHERE id = (
    SELECT next.id FROM webhook_deliveries AS next
    WHERE next.endpoint_id = :endpointId! AND next.order_id = :orderId! AND next.state = 'pending'
    ORDER BY next.event_id
    LIMIT 1
) AND next_attempt_at = 'infinity';

/* @name FailDelivery */
-- Records a failed attempt and schedules the next one, unless the delivery was claimed again
-- meanwhile (its lease ran out) or is no longer pending. The endpoint's failing run starts with
-- its first failure; a failure after disableAfterSeconds of failing disables it, once (the
-- WHERE re-checked under the row lock: a concurrent failure elsewhere finds it disabled already),
-- and records why in webhook_endpoint_events.
WITH attempt AS (
    INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, duration_ms, response_status, error)
    VALUES (:id!, :attemptedAt!, :durationMs!, :responseStatus, :error!)
), failed AS (
    UPDATE webhook_deliveries
    SET next_attempt_at = now() + make_interval(secs => :retryInSeconds!), last_error = :error!
    WHERE id = :id! AND state = 'pending' AND attempts = :attempt!
    RETURNING id, endpoint_id
), endpoint AS (
    UPDATE webhook_endpoints AS endpoint
    SET failing_since = coalesce(endpoint.failing_since, :attemptedAt!),
        disabled_at = CASE WHEN coalesce(endpoint.failing_since, :attemptedAt!) <= now() - make_interval(secs => :disableAfterSeconds!) THEN now() END,
        disabled_reason = CASE WHEN coalesce(endpoint.failing_since, :attemptedAt!) <= now() - make_interval(secs => :disableAfterSeconds!) THEN :disabledReason! END
    FROM failed
    WHERE endpoint.id = failed.endpoint_id AND endpoint.disabled_at IS NULL AND endpoint.deleted_at IS NULL
    RETURNING endpoint.id, endpoint.failing_since, endpoint.disabled_at
), recorded AS (
    INSERT INTO webhook_endpoint_events (endpoint_id, type, reason)
    SELECT endpoint.id, 'endpoint.disabled', :disabledReason! FROM endpoint WHERE endpoint.disabled_at IS NOT NULL
)
SELECT failed.id, endpoint.failing_since, endpoint.disabled_at
FROM failed LEFT JOIN endpoint ON endpoint.id = failed.endpoint_id;

/* @name EnableEndpoint */
-- Re-enables a disabled endpoint: its failing run starts afresh, what was pending is due now, and
-- the enable is recorded. Nothing happens (and nothing is recorded) for an endpoint already active.
WITH enabled AS (
    UPDATE webhook_endpoints
    SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL
    WHERE id = :id! AND deleted_at IS NULL AND disabled_at IS NOT NULL
    RETURNING id
), recorded AS (
    INSERT INTO webhook_endpoint_events (endpoint_id, type, actor)
    SELECT enabled.id, 'endpoint.enabled', :actor! FROM enabled
), resumed AS (
    UPDATE webhook_deliveries AS delivery
    SET next_attempt_at = now()
    FROM enabled
    WHERE delivery.endpoint_id = enabled.id AND delivery.state = 'pending'
      AND delivery.next_attempt_at > now() AND delivery.next_attempt_at <> 'infinity'
)
SELECT id FROM enabled;

/* @name DeleteFinishedDeliveries */
-- Retention: delivered and cancelled deliveries older than the retention (their attempts go with
-- them, ON DELETE CASCADE), oldest first, a batch at a time; dispatchers side by side skip each other.
WITH old AS (
    SELECT id FROM webhook_deliveries
    WHERE state <> 'pending' AND coalesce(delivered_at, created_at) < now() - make_interval(secs => :retentionSeconds!)
    ORDER BY coalesce(delivered_at, created_at)
    LIMIT :batch!
    FOR UPDATE SKIP LOCKED
)
DELETE FROM webhook_deliveries AS delivery USING old WHERE delivery.id = old.id
RETURNING delivery.id;

/* @name DeleteOldAttempts */
-- Retention for the attempts of deliveries still pending (a long failing run): the oldest go.
WITH old AS (
    SELECT id FROM webhook_delivery_attempts
    WHERE attempted_at < now() - make_interval(secs => :retentionSeconds!)
    ORDER BY attempted_at
    LIMIT :batch!
    FOR UPDATE SKIP LOCKED
)
DELETE FROM webhook_delivery_attempts AS attempt USING old WHERE attempt.id = old.id
RETURNING attempt.id;

/* @name ListDeliveries */
-- A parked delivery (waiting for an earlier event of its order) has no due time: NULL.
SELECT delivery.id, delivery.event_id, delivery.order_id, event.type AS event_type, delivery.state,
       delivery.attempts, nullif(delivery.next_attempt_at, 'infinity') AS next_attempt_at, delivery.last_error, delivery.delivered_at, delivery.created_at
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

/* @name ListOrderDeliveries */
-- An order's deliveries to the endpoints not deleted: its events (index (order_id, id)) times the
-- endpoints, each pair looked up by the unique (endpoint_id, event_id), so a page costs what the
-- order's events and the endpoints number, never what webhook_deliveries holds (it has no order index).
SELECT delivery.id, endpoint.id AS endpoint_id, endpoint.url AS endpoint_url, event.id AS event_id, event.order_id,
       event.type AS event_type, delivery.state, delivery.attempts, nullif(delivery.next_attempt_at, 'infinity') AS next_attempt_at,
       delivery.last_error, delivery.delivered_at, delivery.created_at
FROM order_events AS event
CROSS JOIN webhook_endpoints AS endpoint
JOIN webhook_deliveries AS delivery ON delivery.endpoint_id = endpoint.id AND delivery.event_id = event.id
WHERE event.order_id = :orderId! AND endpoint.deleted_at IS NULL AND delivery.id > :after!
ORDER BY delivery.id
LIMIT :limit!;
