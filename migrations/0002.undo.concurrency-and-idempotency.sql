DROP TABLE idempotency_keys;
ALTER TABLE orders DROP COLUMN version;
