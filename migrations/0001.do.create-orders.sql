-- Orders: the system of record. The workflow that drives an order is `order-<id>` in Temporal.
CREATE TYPE order_status AS ENUM ('pending', 'processing', 'completed', 'cancelled');

CREATE TABLE orders (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  BIGINT        NOT NULL CHECK (customer_id > 0),
    status       order_status  NOT NULL DEFAULT 'pending',
    -- Exact money: two decimal places, never negative.
    total_amount NUMERIC(12, 2) NOT NULL CHECK (total_amount >= 0),
    created_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ   NOT NULL DEFAULT now()
);

-- Keyset pagination filtered by customer or status walks these in id order.
CREATE INDEX orders_customer_id_id_idx ON orders (customer_id, id);
CREATE INDEX orders_status_id_idx ON orders (status, id);
