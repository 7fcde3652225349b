-- Delivery tracking (issue 13): the shipping address, the `shipped` status, per-line shipped and
-- delivered quantities, shipments tracked to the door, the carriers' events (deduplicated), and an
-- append-only stock ledger for goods that come back.
-- New enum values are added and never used in this file (a new value cannot be used in the
-- transaction that adds it).

-- Charged and handed to the carrier, not yet delivered: between processing and completed.
ALTER TYPE order_status ADD VALUE 'shipped' AFTER 'processing';
-- A shipped order waits for its carrier; with no carrier update for DELIVERY_STALL_TIMEOUT it is an
-- operator's task (GET /orders?stage=delivery_stalled) until the next update arrives.
ALTER TYPE saga_stage ADD VALUE 'awaiting_delivery' AFTER 'handing_over';
ALTER TYPE saga_stage ADD VALUE 'delivery_stalled' AFTER 'awaiting_delivery';

-- {name, line1, line2?, city, postal_code, country}, validated by the API (api/openapi.yaml).
-- Required there for orders with items; total-only orders have none.
ALTER TABLE orders
    ADD COLUMN shipping_address JSONB CHECK (shipping_address IS NULL OR jsonb_typeof(shipping_address) = 'object'),
    ADD COLUMN delivered_at     TIMESTAMPTZ;

-- Per line: what left with the carrier and what reached the customer. Returns (issue 13) count
-- against delivered_quantity.
ALTER TABLE order_items
    ADD COLUMN shipped_quantity   INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN delivered_quantity INTEGER NOT NULL DEFAULT 0,
    ADD CONSTRAINT order_items_fulfilment_quantities_check
        CHECK (0 <= delivered_quantity AND delivered_quantity <= shipped_quantity AND shipped_quantity <= quantity);
-- Orders that completed before this migration were handed over in full (that was completion then).
UPDATE order_items i SET shipped_quantity = i.quantity
FROM orders o WHERE o.id = i.order_id AND o.status = 'completed';

-- Shipments are tracked to the door: booked -> handed_over -> in_transit -> delivered, or one of the
-- exceptions lost, damaged, returned_to_sender; cancelled only from booked. The rank orders them so
-- a late or duplicate carrier event never moves a shipment back (an update applies only to a
-- higher rank); every final state has the same, highest rank, so the first one reported stays.
ALTER TABLE shipments DROP CONSTRAINT shipments_status_check;
ALTER TABLE shipments
    ADD CONSTRAINT shipments_status_check
        CHECK (status IN ('booked', 'handed_over', 'in_transit', 'delivered', 'lost', 'damaged', 'returned_to_sender', 'cancelled')),
    -- The address the parcel goes to, as the carrier was given it.
    ADD COLUMN address               JSONB CHECK (address IS NULL OR jsonb_typeof(address) = 'object'),
    ADD COLUMN delivered_at          TIMESTAMPTZ,
    ADD COLUMN last_carrier_event_at TIMESTAMPTZ,
    ADD CONSTRAINT shipments_delivered_at_check CHECK ((status = 'delivered') = (delivered_at IS NOT NULL));

CREATE FUNCTION shipment_status_rank(status TEXT) RETURNS INTEGER LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE status
        WHEN 'booked' THEN 0
        WHEN 'handed_over' THEN 1
        WHEN 'in_transit' THEN 2
        ELSE 3
    END
$$;

-- Every event a carrier reported through POST /carriers/{carrier}/events, once: a carrier's retry
-- (same event_id) finds its row and changes nothing. Kept after the order is deleted, like order_events.
CREATE TABLE carrier_events (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    carrier         TEXT        NOT NULL CHECK (carrier ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
    event_id        TEXT        NOT NULL CHECK (length(event_id) BETWEEN 1 AND 128),
    shipment_id     BIGINT      NOT NULL REFERENCES shipments (id),
    tracking_number TEXT        NOT NULL,
    kind            TEXT        NOT NULL CHECK (kind IN ('in_transit', 'delivered', 'lost', 'damaged', 'returned_to_sender')),
    occurred_at     TIMESTAMPTZ NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (carrier, event_id)
);
CREATE INDEX carrier_events_shipment_id_idx ON carrier_events (shipment_id);

-- Stock that moved other than by reservation: an append-only ledger. Each movement is posted once
-- per (source, kind, sku), so a retried restock (an activity retry, a carrier's duplicate event, a
-- second receive of a return) adds nothing; a correction is a new movement, never an edit.
-- source names what caused it: 'order-12/returned_to_sender', 'return-5'.
CREATE TABLE stock_movements (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku        TEXT        NOT NULL REFERENCES inventory (sku),
    quantity   INTEGER     NOT NULL CHECK (quantity <> 0),
    kind       TEXT        NOT NULL CHECK (kind ~ '^[a-z][a-z_]{0,31}$'),
    source     TEXT        NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (source, kind, sku)
);
CREATE INDEX stock_movements_sku_idx ON stock_movements (sku, id);

CREATE FUNCTION stock_movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'stock_movements is append-only: post a new movement instead of changing one';
END;
$$;
CREATE TRIGGER stock_movements_append_only BEFORE UPDATE OR DELETE ON stock_movements
    FOR EACH ROW EXECUTE FUNCTION stock_movements_append_only();

-- The local carrier's own schedule of the events it will report (src/shipping/local-carrier.ts):
-- written when a parcel is handed over, posted when due, kept after posting, so a restart of the
-- process loses none and posts none twice on purpose (the API deduplicates a repeat by event_id).
CREATE TABLE local_carrier_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shipment_id BIGINT      NOT NULL REFERENCES shipments (id),
    kind        TEXT        NOT NULL CHECK (kind IN ('in_transit', 'delivered', 'lost', 'damaged', 'returned_to_sender')),
    due_at      TIMESTAMPTZ NOT NULL,
    posted_at   TIMESTAMPTZ,
    attempts    INTEGER     NOT NULL DEFAULT 0,
    last_error  TEXT,
    UNIQUE (shipment_id, kind)
);
CREATE INDEX local_carrier_events_due_idx ON local_carrier_events (due_at) WHERE posted_at IS NULL;
