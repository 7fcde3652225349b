-- Back to 0007: fan-out to every endpoint that is not deleted, claims by the global due index.
-- Parked deliveries become due again (the 0007 claim checks the order itself); disable records are dropped.
CREATE OR REPLACE FUNCTION webhook_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO webhook_deliveries (endpoint_id, event_id, order_id)
    SELECT endpoint.id, event.id, event.order_id
    FROM new_events AS event
    CROSS JOIN webhook_endpoints AS endpoint
    WHERE endpoint.deleted_at IS NULL
    ORDER BY event.id, endpoint.id;
    RETURN NULL;
END;
$$;
UPDATE webhook_deliveries SET next_attempt_at = now() WHERE state = 'pending' AND next_attempt_at = 'infinity';
DROP INDEX webhook_delivery_attempts_attempted_idx;
DROP INDEX webhook_deliveries_finished_idx;
DROP INDEX webhook_deliveries_endpoint_due_idx;
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
DROP TABLE webhook_endpoint_events;
ALTER TABLE webhook_endpoints DROP COLUMN disabled_reason, DROP COLUMN disabled_at, DROP COLUMN failing_since;
