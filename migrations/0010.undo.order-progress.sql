-- Drops only derived state: the progress columns are rewritten by the steps of orders in flight.
DROP INDEX IF EXISTS orders_awaiting_review_idx;
ALTER TABLE orders
    DROP COLUMN IF EXISTS stage,
    DROP COLUMN IF EXISTS completed_steps,
    DROP COLUMN IF EXISTS cancellable,
    DROP COLUMN IF EXISTS review_deadline,
    DROP COLUMN IF EXISTS authorization_expires_at;
DROP TYPE IF EXISTS saga_stage;
