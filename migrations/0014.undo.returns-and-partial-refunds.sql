-- Destroys every return, its lines and labels, and the per-line return quantities.
DROP TABLE IF EXISTS return_labels;
DROP TABLE IF EXISTS return_items;
DROP TABLE IF EXISTS returns;
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_refunded_amount_check, DROP COLUMN IF EXISTS refunded_amount;
ALTER TABLE order_items
    DROP CONSTRAINT IF EXISTS order_items_return_quantities_check,
    DROP COLUMN IF EXISTS refunded_quantity,
    DROP COLUMN IF EXISTS received_quantity,
    DROP COLUMN IF EXISTS return_authorized_quantity;

-- Destroys: every refund that is not a succeeded full refund's first (partial, pending and failed
-- refunds), since 0006 allows only one succeeded refund per capture.
DROP TRIGGER IF EXISTS payment_refunds_hold ON payment_refunds;
DROP FUNCTION IF EXISTS payment_refunds_hold();
ALTER TABLE payment_captures DROP CONSTRAINT IF EXISTS payment_captures_refund_held_check, DROP COLUMN IF EXISTS refund_held;
DELETE FROM payment_refunds WHERE state <> 'succeeded';
DELETE FROM payment_refunds r WHERE EXISTS (SELECT 1 FROM payment_refunds e WHERE e.capture_id = r.capture_id AND e.id < r.id);
DROP INDEX IF EXISTS payment_refunds_capture_id_idx;
CREATE UNIQUE INDEX payment_refunds_one_per_capture_idx ON payment_refunds (capture_id) WHERE state = 'succeeded';
ALTER TABLE payment_refunds
    DROP CONSTRAINT IF EXISTS payment_refunds_failure_code_check,
    DROP COLUMN IF EXISTS failure_code,
    DROP COLUMN IF EXISTS updated_at,
    DROP CONSTRAINT IF EXISTS payment_refunds_state_check,
    ADD CONSTRAINT payment_refunds_state_check CHECK (state IN ('succeeded'));
