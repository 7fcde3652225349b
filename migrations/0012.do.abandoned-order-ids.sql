-- Ids whose workflow gave up waiting for their order (the create never committed in time). The
-- workflow's first step records one under an advisory lock that every create holds until it
-- commits, and a create inserts no order whose id is here: a create that commits late can never
-- leave an order that no workflow will move.
CREATE TABLE abandoned_order_ids (
    id           BIGINT      PRIMARY KEY,
    abandoned_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
