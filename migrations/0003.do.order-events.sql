-- The timeline of each order: append-only, one row per change, written in the same transaction as
-- the change it records (so no change happens without its event). It outlives a deleted order, as
-- an audit trail should, hence no foreign key.
CREATE TABLE order_events (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id   BIGINT      NOT NULL,
    type       TEXT        NOT NULL,
    -- Who made the change: "api" (with the caller in details.actor) or "workflow".
    source     TEXT        NOT NULL,
    details    JSONB       NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX order_events_order_id_id_idx ON order_events (order_id, id);
