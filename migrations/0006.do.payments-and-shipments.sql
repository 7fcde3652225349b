-- The local payment provider and carrier (src/payments/local-provider.ts, src/shipping/local-carrier.ts)
-- keep their own state here, as a real PSP or carrier would keep it on their side. They stand outside
-- the order system, so nothing references orders: like order_events, their records outlive a deleted
-- order (money that moved stays on record), and order_id is the merchant's reference, not a key.
-- This migration depends on 0001-0003 only.

-- One row per authorization request, declined ones included: a retry with the same idempotency key
-- must get the same answer, a decline as much as an approval.
CREATE TABLE payment_authorizations (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key TEXT           NOT NULL UNIQUE CHECK (idempotency_key <> ''),
    order_id        BIGINT         NOT NULL,
    amount          NUMERIC(12, 2) NOT NULL CHECK (amount >= 0),
    payment_method  TEXT           NOT NULL,
    -- authorized: money held until expires_at (expiry is derived from the clock, never stored);
    -- captured and voided are final; declined never held anything.
    state           TEXT           NOT NULL CHECK (state IN ('authorized', 'declined', 'captured', 'voided')),
    decline_code    TEXT,
    expires_at      TIMESTAMPTZ    NOT NULL,
    created_at      TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ    NOT NULL DEFAULT now(),
    -- A decline always says why, and only a decline has a code.
    CONSTRAINT payment_authorizations_decline_code_check CHECK ((state = 'declined') = (decline_code IS NOT NULL))
);
-- order_payment_totals and the saga's per-order look-ups.
CREATE INDEX payment_authorizations_order_id_idx ON payment_authorizations (order_id);

-- One row per capture request. Refused captures are kept too (state failed, with the reason), so the
-- same key keeps getting the same refusal.
CREATE TABLE payment_captures (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key  TEXT           NOT NULL UNIQUE CHECK (idempotency_key <> ''),
    authorization_id BIGINT         NOT NULL REFERENCES payment_authorizations (id),
    -- Copied from the authorization: refunds check ownership and the view sums by order without a join.
    order_id         BIGINT         NOT NULL,
    amount           NUMERIC(12, 2) NOT NULL CHECK (amount >= 0),
    state            TEXT           NOT NULL CHECK (state IN ('succeeded', 'failed')),
    failure_code     TEXT,
    created_at       TIMESTAMPTZ    NOT NULL DEFAULT now(),
    CONSTRAINT payment_captures_failure_code_check CHECK ((state = 'failed') = (failure_code IS NOT NULL))
);
-- At most one successful capture per authorization, whatever the code above it does under concurrency.
CREATE UNIQUE INDEX payment_captures_one_per_authorization_idx ON payment_captures (authorization_id) WHERE state = 'succeeded';
CREATE INDEX payment_captures_order_id_idx ON payment_captures (order_id);

-- Refunds are full refunds of one capture. The local provider only ever records successful ones
-- (nothing can make it refuse a refund it finds); state is there so the view counts only money that
-- actually went back, as it must once refunds can be pending or fail.
CREATE TABLE payment_refunds (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key TEXT           NOT NULL UNIQUE CHECK (idempotency_key <> ''),
    capture_id      BIGINT         NOT NULL REFERENCES payment_captures (id),
    order_id        BIGINT         NOT NULL,
    amount          NUMERIC(12, 2) NOT NULL CHECK (amount >= 0),
    state           TEXT           NOT NULL CHECK (state IN ('succeeded')),
    created_at      TIMESTAMPTZ    NOT NULL DEFAULT now()
);
-- A capture is refunded at most once (refunds are full), even when two refunds race.
CREATE UNIQUE INDEX payment_refunds_one_per_capture_idx ON payment_refunds (capture_id) WHERE state = 'succeeded';
CREATE INDEX payment_refunds_order_id_idx ON payment_refunds (order_id);

-- Money per order in one query: captured - refunded is what the customer has paid and not got back;
-- authorized is what is still held (live: not captured, not voided, not expired).
CREATE VIEW order_payment_totals AS
SELECT o.order_id,
       COALESCE((SELECT sum(a.amount) FROM payment_authorizations a
                 WHERE a.order_id = o.order_id AND a.state = 'authorized' AND a.expires_at > now()), 0)::NUMERIC(14, 2) AS authorized,
       COALESCE((SELECT sum(c.amount) FROM payment_captures c
                 WHERE c.order_id = o.order_id AND c.state = 'succeeded'), 0)::NUMERIC(14, 2) AS captured,
       COALESCE((SELECT sum(r.amount) FROM payment_refunds r
                 WHERE r.order_id = o.order_id AND r.state = 'succeeded'), 0)::NUMERIC(14, 2) AS refunded
-- Every capture has an authorization of the same order, and every refund a capture, so the orders
-- with any payment activity are exactly those with an authorization.
FROM (SELECT DISTINCT order_id FROM payment_authorizations) o;

-- Shipments booked with the local carrier. Refused bookings are not stored: the refusal rules depend
-- only on the request, so a retry is refused the same way without a record.
CREATE TABLE shipments (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key TEXT        NOT NULL UNIQUE CHECK (idempotency_key <> ''),
    order_id        BIGINT      NOT NULL,
    carrier         TEXT        NOT NULL,
    -- "LP", the id in ten digits, and two ISO 7064 MOD 97-10 check digits (as in an IBAN), which catch
    -- every single mistyped digit and swapped pair. Derived from the id, so unique by construction;
    -- the constraint says so and gives look-ups by tracking number an index.
    tracking_number TEXT        NOT NULL UNIQUE
        GENERATED ALWAYS AS ('LP' || lpad(id::text, 10, '0') || lpad((98 - (id * 100) % 97)::text, 2, '0')) STORED,
    -- booked -> handed_over | cancelled; both of those are final.
    status          TEXT        NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'handed_over', 'cancelled')),
    -- [{"sku": "...", "quantity": n}, ...], as booked; a retry with the same key must send the same.
    parcels         JSONB       NOT NULL CHECK (jsonb_typeof(parcels) = 'array' AND jsonb_array_length(parcels) > 0),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX shipments_order_id_idx ON shipments (order_id);
