-- Partial refunds at the local payment provider: several refunds per capture, each under its own
-- idempotency key, pending -> succeeded | failed. What a capture has given back or is giving back
-- (pending + succeeded) is kept on the capture by a trigger and held to the captured amount by a
-- CHECK, so no code path, and no two refunds racing, can refund more than was captured: the
-- trigger's UPDATE takes the capture's row lock, and the CHECK sees every committed refund.
ALTER TABLE payment_refunds DROP CONSTRAINT payment_refunds_state_check;
ALTER TABLE payment_refunds
    ADD CONSTRAINT payment_refunds_state_check CHECK (state IN ('pending', 'succeeded', 'failed')),
    ADD COLUMN failure_code TEXT,
    ADD COLUMN updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD CONSTRAINT payment_refunds_failure_code_check CHECK ((state = 'failed') = (failure_code IS NOT NULL));
-- Refunds are no longer full, so a capture may have many.
DROP INDEX payment_refunds_one_per_capture_idx;
CREATE INDEX payment_refunds_capture_id_idx ON payment_refunds (capture_id);

ALTER TABLE payment_captures ADD COLUMN refund_held NUMERIC(12, 2) NOT NULL DEFAULT 0;
UPDATE payment_captures c
SET refund_held = r.total
FROM (SELECT capture_id, sum(amount) AS total FROM payment_refunds WHERE state = 'succeeded' GROUP BY capture_id) r
WHERE r.capture_id = c.id;
ALTER TABLE payment_captures
    ADD CONSTRAINT payment_captures_refund_held_check CHECK (refund_held >= 0 AND refund_held <= amount);

CREATE FUNCTION payment_refunds_hold() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    delta NUMERIC(12, 2) := 0;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.state <> 'pending' AND NEW.state IS DISTINCT FROM OLD.state THEN
        RAISE EXCEPTION 'refund % is % and final', OLD.id, OLD.state USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.state IN ('pending', 'succeeded') THEN
        delta := delta + NEW.amount;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state IN ('pending', 'succeeded') THEN
        delta := delta - OLD.amount;
    END IF;
    IF delta <> 0 THEN
        UPDATE payment_captures SET refund_held = refund_held + delta
        WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.capture_id ELSE NEW.capture_id END;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER payment_refunds_hold
    AFTER INSERT OR UPDATE OF state, amount, capture_id OR DELETE ON payment_refunds
    FOR EACH ROW EXECUTE FUNCTION payment_refunds_hold();
