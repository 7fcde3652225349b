-- What the order saga needs on the order itself: how the customer pays, and why the order ended
-- as it did (a machine-readable reason such as `out_of_stock` or `card_declined`).
ALTER TABLE orders
    ADD COLUMN payment_method TEXT NOT NULL DEFAULT 'pm_card_visa',
    ADD COLUMN status_reason  TEXT;

-- Stock per SKU. `reserved` units are held for orders in progress; what can still be sold is
-- on_hand - reserved, which the CHECK keeps from going negative whatever the code does.
CREATE TABLE inventory (
    sku        TEXT        PRIMARY KEY CHECK (sku ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    on_hand    INTEGER     NOT NULL CHECK (on_hand >= 0),
    reserved   INTEGER     NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (reserved <= on_hand)
);

-- Line items. When an order has any, its total_amount is their exact sum (computed in the API).
CREATE TABLE order_items (
    order_id   BIGINT         NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no    INTEGER        NOT NULL CHECK (line_no > 0),
    sku        TEXT           NOT NULL REFERENCES inventory (sku),
    quantity   INTEGER        NOT NULL CHECK (quantity > 0),
    unit_price NUMERIC(12, 2) NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (order_id, line_no),
    UNIQUE (order_id, sku)
);

-- Every reserved unit is a row tied to its order, so it can be traced and released. `consumed`
-- means the goods left with the carrier (on_hand went down). No foreign key to orders: like
-- order_events, the history outlives a deleted (terminal) order.
CREATE TYPE reservation_status AS ENUM ('reserved', 'released', 'consumed');
CREATE TABLE inventory_reservations (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id   BIGINT             NOT NULL,
    sku        TEXT               NOT NULL REFERENCES inventory (sku),
    quantity   INTEGER            NOT NULL CHECK (quantity > 0),
    status     reservation_status NOT NULL DEFAULT 'reserved',
    created_at TIMESTAMPTZ        NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ        NOT NULL DEFAULT now(),
    UNIQUE (order_id, sku)
);
CREATE INDEX inventory_reservations_held_idx ON inventory_reservations (sku) WHERE status = 'reserved';

-- Events written by activities carry a key derived from the workflow step, so an activity that
-- runs twice (a retry after a lost reply) records its event once.
ALTER TABLE order_events ADD COLUMN dedupe_key TEXT;
CREATE UNIQUE INDEX order_events_dedupe_key_idx ON order_events (order_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
