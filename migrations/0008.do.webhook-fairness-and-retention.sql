-- Webhooks that cannot grow without bound or starve each other:
--  * an endpoint failing for longer than WEBHOOK_DISABLE_AFTER is disabled (and receives no new
--    deliveries until re-enabled); every disable and enable is recorded in webhook_endpoint_events;
--  * a delivery waiting behind an earlier pending event of the same order (for the same endpoint)
--    is parked at next_attempt_at = 'infinity' and released when that event is delivered, so the
--    claim reads only deliveries that can be sent: its cost depends on the endpoints and the batch,
--    not on the backlog;
--  * delivered and cancelled deliveries (with their attempts) are deleted after WEBHOOK_RETENTION.
ALTER TABLE webhook_endpoints
    -- The start of the current run of failed attempts (none succeeded since); NULL when healthy.
    ADD COLUMN failing_since   TIMESTAMPTZ,
    ADD COLUMN disabled_at     TIMESTAMPTZ,
    ADD COLUMN disabled_reason TEXT;

CREATE TABLE webhook_endpoint_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id BIGINT      NOT NULL REFERENCES webhook_endpoints (id),
    type        TEXT        NOT NULL CHECK (type IN ('endpoint.disabled', 'endpoint.enabled')),
    reason      TEXT,
    -- Who re-enabled it (the principal's subject); NULL for the dispatcher.
    actor       TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoint_events_endpoint_idx ON webhook_endpoint_events (endpoint_id, id);

-- What the claim reads: per endpoint, pending deliveries by due time (parked ones sort last).
DROP INDEX webhook_deliveries_due_idx;
CREATE INDEX webhook_deliveries_endpoint_due_idx ON webhook_deliveries (endpoint_id, next_attempt_at, id) WHERE state = 'pending';
-- What retention deletes, oldest first.
CREATE INDEX webhook_deliveries_finished_idx ON webhook_deliveries ((coalesce(delivered_at, created_at))) WHERE state <> 'pending';
CREATE INDEX webhook_delivery_attempts_attempted_idx ON webhook_delivery_attempts (attempted_at);

-- Park the existing backlog's waiting deliveries.
UPDATE webhook_deliveries AS delivery
SET next_attempt_at = 'infinity'
WHERE delivery.state = 'pending'
  AND EXISTS (
      SELECT 1 FROM webhook_deliveries AS earlier
      WHERE earlier.endpoint_id = delivery.endpoint_id AND earlier.order_id = delivery.order_id
        AND earlier.state = 'pending' AND earlier.event_id < delivery.event_id
  );

-- One pending delivery per active (not deleted, not disabled) endpoint for every event, in the
-- event's own transaction; parked when an earlier event of the order is still pending for it.
CREATE OR REPLACE FUNCTION webhook_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Lock what is pending for these orders first. A delivery being completed right now then either
    -- finishes before the check below (which, a new statement, sees it delivered) or waits for this
    -- transaction and, after it, sees the parked delivery and releases it. Nothing stays parked.
    PERFORM 1
    FROM webhook_endpoints AS endpoint
    JOIN (SELECT DISTINCT order_id FROM new_events) AS event ON true
    JOIN webhook_deliveries AS pending
      ON pending.endpoint_id = endpoint.id AND pending.order_id = event.order_id AND pending.state = 'pending'
    WHERE endpoint.deleted_at IS NULL AND endpoint.disabled_at IS NULL
    FOR SHARE OF pending;

    INSERT INTO webhook_deliveries (endpoint_id, event_id, order_id, next_attempt_at)
    SELECT endpoint.id, event.id, event.order_id,
           CASE WHEN row_number() OVER (PARTITION BY endpoint.id, event.order_id ORDER BY event.id) = 1
                     AND NOT EXISTS (
                         SELECT 1 FROM webhook_deliveries AS earlier
                         WHERE earlier.endpoint_id = endpoint.id AND earlier.order_id = event.order_id
                           AND earlier.state = 'pending' AND earlier.event_id < event.id
                     )
                THEN now() ELSE 'infinity'::timestamptz END
    FROM new_events AS event
    CROSS JOIN webhook_endpoints AS endpoint
    WHERE endpoint.deleted_at IS NULL AND endpoint.disabled_at IS NULL
    ORDER BY event.id, endpoint.id;
    RETURN NULL;
END;
$$;
