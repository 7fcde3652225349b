-- PostgreSQL cannot drop an enum value: rebuild the type without it. Failed orders become cancelled.
UPDATE orders SET status = 'cancelled' WHERE status = 'failed';
ALTER TYPE order_status RENAME TO order_status_with_failed;
CREATE TYPE order_status AS ENUM ('pending', 'processing', 'completed', 'cancelled');
ALTER TABLE orders
    ALTER COLUMN status DROP DEFAULT,
    ALTER COLUMN status TYPE order_status USING status::text::order_status,
    ALTER COLUMN status SET DEFAULT 'pending';
DROP TYPE order_status_with_failed;
