-- Webhooks: endpoints that clients register, one delivery per (endpoint, order event), and every
-- attempt at a delivery. Fan-out happens in the transaction that writes the event (the trigger
-- below), so no event can be missed: order_events is the outbox, webhook_deliveries its queue.
CREATE TABLE webhook_endpoints (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url         TEXT        NOT NULL,
    -- Needed in clear to sign each delivery (HMAC); shown to the client once, on create.
    secret      TEXT        NOT NULL,
    description TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Soft delete: the endpoint stops receiving, its delivery history stays for audit.
    deleted_at  TIMESTAMPTZ
);

CREATE TABLE webhook_deliveries (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id     BIGINT      NOT NULL REFERENCES webhook_endpoints (id),
    event_id        BIGINT      NOT NULL REFERENCES order_events (id),
    order_id        BIGINT      NOT NULL,
    -- pending until a 2xx; cancelled when the endpoint is deleted. Never given up on otherwise.
    state           TEXT        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'cancelled')),
    -- Attempts started (a claim counts one; it is also the claim's token).
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    delivered_at    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (endpoint_id, event_id)
);
-- What the dispatcher polls: pending deliveries by due time.
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
-- "Is an earlier event of this order still undelivered to this endpoint?" (per-order ordering).
CREATE INDEX webhook_deliveries_order_idx ON webhook_deliveries (endpoint_id, order_id, event_id) WHERE state = 'pending';
-- An endpoint's deliveries, paginated by id.
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id);

CREATE TABLE webhook_delivery_attempts (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id     BIGINT      NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at    TIMESTAMPTZ NOT NULL,
    duration_ms     INTEGER     NOT NULL,
    -- The HTTP status when the receiver answered; otherwise error says what happened (timeout, refused, ...).
    response_status INTEGER,
    error           TEXT
);
CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (delivery_id, id);

-- One pending delivery per active endpoint for every event, in the event's own transaction.
-- Statement level with a transition table: one INSERT … SELECT however many events a statement adds.
CREATE FUNCTION webhook_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER order_events_webhook_fan_out
    AFTER INSERT ON order_events
    REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_fan_out();
