-- Loses the addresses, delivery times, carrier events, the stock ledger (on_hand keeps what it
-- added) and the local carrier's schedule. Shipped orders become completed (what a hand-over meant
-- before), shipments past hand-over become handed_over.
DROP TABLE local_carrier_events;
DROP TABLE stock_movements;
DROP FUNCTION stock_movements_append_only();
DROP TABLE carrier_events;
DROP FUNCTION shipment_status_rank(TEXT);

ALTER TABLE shipments DROP CONSTRAINT shipments_delivered_at_check, DROP CONSTRAINT shipments_status_check;
UPDATE shipments SET status = 'handed_over' WHERE status NOT IN ('booked', 'handed_over', 'cancelled');
ALTER TABLE shipments
    DROP COLUMN last_carrier_event_at,
    DROP COLUMN delivered_at,
    DROP COLUMN address,
    ADD CONSTRAINT shipments_status_check CHECK (status IN ('booked', 'handed_over', 'cancelled'));

ALTER TABLE order_items
    DROP CONSTRAINT order_items_fulfilment_quantities_check,
    DROP COLUMN delivered_quantity,
    DROP COLUMN shipped_quantity;

ALTER TABLE orders DROP COLUMN delivered_at, DROP COLUMN shipping_address;

-- PostgreSQL cannot drop an enum value: rebuild both types without the new ones.
UPDATE orders SET status = 'completed' WHERE status = 'shipped';
UPDATE orders SET stage = 'done' WHERE stage IN ('awaiting_delivery', 'delivery_stalled');
DELETE FROM order_status_counts WHERE status = 'shipped';

DROP INDEX orders_awaiting_review_idx;
ALTER TYPE saga_stage RENAME TO saga_stage_with_delivery;
CREATE TYPE saga_stage AS ENUM (
    'waiting', 'validating', 'screening', 'reserving_inventory', 'authorizing_payment', 'awaiting_review',
    'booking_shipment', 'capturing_payment', 'handing_over', 'compensating', 'done'
);
ALTER TABLE orders
    ALTER COLUMN stage DROP DEFAULT,
    ALTER COLUMN stage TYPE saga_stage USING stage::text::saga_stage,
    ALTER COLUMN stage SET DEFAULT 'waiting';
DROP TYPE saga_stage_with_delivery;
CREATE INDEX orders_awaiting_review_idx ON orders (review_deadline) WHERE stage = 'awaiting_review';

ALTER TYPE order_status RENAME TO order_status_with_shipped;
CREATE TYPE order_status AS ENUM ('pending', 'processing', 'completed', 'cancelled', 'failed');
ALTER TABLE orders
    ALTER COLUMN status DROP DEFAULT,
    ALTER COLUMN status TYPE order_status USING status::text::order_status,
    ALTER COLUMN status SET DEFAULT 'pending';
ALTER TABLE order_status_counts ALTER COLUMN status TYPE order_status USING status::text::order_status;
DROP TYPE order_status_with_shipped;
