DROP INDEX order_events_dedupe_key_idx;
ALTER TABLE order_events DROP COLUMN dedupe_key;
DROP TABLE inventory_reservations;
DROP TYPE reservation_status;
DROP TABLE order_items;
DROP TABLE inventory;
ALTER TABLE orders DROP COLUMN status_reason, DROP COLUMN payment_method;
