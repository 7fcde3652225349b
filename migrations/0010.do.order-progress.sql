-- The saga's progress on the order itself, written by the steps in the same transaction as their
-- timeline events, so a read of an order never has to ask its workflow (or wait for a busy worker).
CREATE TYPE saga_stage AS ENUM (
    'waiting', 'validating', 'screening', 'reserving_inventory', 'authorizing_payment', 'awaiting_review',
    'booking_shipment', 'capturing_payment', 'handing_over', 'compensating', 'done'
);
ALTER TABLE orders
    ADD COLUMN stage                    saga_stage  NOT NULL DEFAULT 'waiting',
    ADD COLUMN completed_steps          TEXT[]      NOT NULL DEFAULT '{}',
    ADD COLUMN cancellable              BOOLEAN     NOT NULL DEFAULT true,
    ADD COLUMN review_deadline          TIMESTAMPTZ,
    ADD COLUMN authorization_expires_at TIMESTAMPTZ;

-- Orders that had already ended before this migration show as done.
UPDATE orders SET stage = 'done', cancellable = false WHERE status IN ('completed', 'cancelled', 'failed');

-- The operators' review queue: orders awaiting review, oldest deadline first.
CREATE INDEX orders_awaiting_review_idx ON orders (review_deadline) WHERE stage = 'awaiting_review';
