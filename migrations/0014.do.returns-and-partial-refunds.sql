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

-- Returns (issue 13). Per order line, the quantities of a return's life, each bounded by the one
-- before it, in one CHECK on the row, so that no code path and no two returns racing can return
-- more than was delivered or refund more than was received:
--   0 <= refunded <= received <= return_authorized <= delivered (<= shipped <= quantity, migration 0013).
-- return_authorized counts units of returns requested and not rejected (less what never arrived);
-- received what came back; refunded the units whose refund amount is fixed (paid or being paid).
ALTER TABLE order_items
    ADD COLUMN return_authorized_quantity INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN received_quantity          INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN refunded_quantity          INTEGER NOT NULL DEFAULT 0,
    ADD CONSTRAINT order_items_return_quantities_check
        CHECK (0 <= refunded_quantity AND refunded_quantity <= received_quantity
               AND received_quantity <= return_authorized_quantity AND return_authorized_quantity <= delivered_quantity);

-- What went back to the customer, by returns and by compensation: GET /orders/{id} shows it.
ALTER TABLE orders
    ADD COLUMN refunded_amount NUMERIC(12, 2) NOT NULL DEFAULT 0,
    ADD CONSTRAINT orders_refunded_amount_check CHECK (refunded_amount >= 0 AND refunded_amount <= total_amount);
UPDATE orders o SET refunded_amount = LEAST(p.refunded, o.total_amount)
FROM order_payment_totals p WHERE p.order_id = o.id AND p.refunded > 0;

-- One row per return; its workflow is return-<id>. requested -> approved -> awaiting_parcel ->
-- received -> refunded, or rejected. refund_amount is fixed once (when the refund is decided) and
-- never recomputed, so a retried refund asks the provider for the same amount under the same key.
CREATE TABLE returns (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id              BIGINT         NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    status                TEXT           NOT NULL DEFAULT 'requested'
        CHECK (status IN ('requested', 'approved', 'rejected', 'awaiting_parcel', 'received', 'refunded')),
    reason                TEXT           NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    requested_by          TEXT           NOT NULL,
    label_tracking_number TEXT,
    refund_amount         NUMERIC(12, 2) CHECK (refund_amount >= 0),
    refund_id             TEXT,
    created_at            TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ    NOT NULL DEFAULT now(),
    CONSTRAINT returns_refunded_check CHECK (status <> 'refunded' OR refund_amount IS NOT NULL)
);
CREATE INDEX returns_order_id_idx ON returns (order_id, id);

-- The lines of a return: what was asked for, then what arrived and could be sold again, and what
-- it refunds (the received units' share of the line, by largest remainder: src/shared/money.ts).
CREATE TABLE return_items (
    return_id           BIGINT         NOT NULL REFERENCES returns (id) ON DELETE CASCADE,
    order_id            BIGINT         NOT NULL,
    line_no             INTEGER        NOT NULL,
    sku                 TEXT           NOT NULL,
    quantity            INTEGER        NOT NULL CHECK (quantity > 0),
    received_quantity   INTEGER        CHECK (received_quantity BETWEEN 0 AND quantity),
    resellable_quantity INTEGER        CHECK (resellable_quantity BETWEEN 0 AND received_quantity),
    refund_amount       NUMERIC(12, 2) CHECK (refund_amount >= 0),
    PRIMARY KEY (return_id, line_no),
    FOREIGN KEY (order_id, line_no) REFERENCES order_items (order_id, line_no) ON DELETE CASCADE,
    CHECK ((received_quantity IS NULL) = (resellable_quantity IS NULL))
);

-- Return labels issued by the local carrier (src/shipping/local-return-labels.ts), on its side like
-- shipments: one per idempotency key, the tracking number derived from the id.
CREATE TABLE return_labels (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key TEXT        NOT NULL UNIQUE CHECK (idempotency_key <> ''),
    order_id        BIGINT      NOT NULL,
    carrier         TEXT        NOT NULL,
    tracking_number TEXT        NOT NULL UNIQUE
        GENERATED ALWAYS AS ('LR' || lpad(id::text, 10, '0') || lpad((98 - (id * 100) % 97)::text, 2, '0')) STORED,
    parcels         JSONB       NOT NULL CHECK (jsonb_typeof(parcels) = 'array' AND jsonb_array_length(parcels) > 0),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
