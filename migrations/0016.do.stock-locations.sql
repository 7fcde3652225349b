-- Several warehouses (issue 13): stock per (SKU, location). inventory keeps one row per SKU with the
-- sums over its locations (every existing reader, and the FKs of order_items and the ledger, stay as
-- they are); only triggers write those sums. Reservations, the stock ledger and shipments name their
-- location. Held here, whatever the code does:
-- - stock never negative, and never less than what is reserved, per location (location_stock CHECKs);
-- - a location's `reserved` is exactly the reservations holding it (trigger), so the CHECK above is
--   also "a reservation never above what the location has";
-- - the live reservations of an order line sum to its quantity, or to nothing (deferred trigger);
-- - a reservation consumed by a shipment is of that shipment's location (composite foreign key).

CREATE TABLE stock_locations (
    code       TEXT        PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{0,31}$'),
    name       TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- The fixed order in which an allocation tries locations (src/inventory/allocation.ts); 1 first.
    rank       INTEGER     NOT NULL UNIQUE CHECK (rank > 0),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO stock_locations (code, name, rank) VALUES ('main', 'Main warehouse', 1), ('north', 'North warehouse', 2);

CREATE TABLE location_stock (
    sku        TEXT        NOT NULL REFERENCES inventory (sku),
    location   TEXT        NOT NULL REFERENCES stock_locations (code),
    on_hand    INTEGER     NOT NULL CHECK (on_hand >= 0),
    reserved   INTEGER     NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (sku, location),
    CONSTRAINT location_stock_reserved_within_on_hand_check CHECK (reserved <= on_hand)
);
CREATE INDEX location_stock_location_idx ON location_stock (location);
-- Everything on the shelf so far is in the main warehouse.
INSERT INTO location_stock (sku, location, on_hand, reserved, updated_at)
SELECT sku, 'main', on_hand, reserved, updated_at FROM inventory;

-- inventory's on_hand and reserved are the sums over locations: written only by location_stock's
-- trigger (pg_trigger_depth() > 1), so a forgotten direct write fails instead of drifting.
CREATE FUNCTION inventory_totals_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() > 1 THEN RETURN NEW; END IF;
    IF TG_OP = 'INSERT' AND (NEW.on_hand <> 0 OR NEW.reserved <> 0) THEN
        RAISE EXCEPTION 'inventory totals come from location_stock: insert the SKU with on_hand 0' USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.on_hand <> OLD.on_hand OR NEW.reserved <> OLD.reserved) THEN
        RAISE EXCEPTION 'inventory totals come from location_stock: change the stock of a location' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER inventory_totals_guard BEFORE INSERT OR UPDATE ON inventory
    FOR EACH ROW EXECUTE FUNCTION inventory_totals_guard();

CREATE FUNCTION location_stock_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE inventory SET on_hand = on_hand - OLD.on_hand, reserved = reserved - OLD.reserved, updated_at = now() WHERE sku = OLD.sku;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE inventory SET on_hand = on_hand + NEW.on_hand, reserved = reserved + NEW.reserved, updated_at = now() WHERE sku = NEW.sku;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER location_stock_totals AFTER INSERT OR UPDATE OF on_hand, reserved OR DELETE ON location_stock
    FOR EACH ROW EXECUTE FUNCTION location_stock_totals();

-- Shipments leave from one location (NULL: booked before this migration, or by a workflow version
-- that ships the whole order in one parcel from wherever it was reserved).
ALTER TABLE shipments
    ADD COLUMN location TEXT REFERENCES stock_locations (code),
    ADD CONSTRAINT shipments_id_location_key UNIQUE (id, location);

-- Reservations per location: one row per (order, SKU, location).
ALTER TABLE inventory_reservations
    ADD COLUMN location    TEXT   NOT NULL DEFAULT 'main' REFERENCES stock_locations (code),
    ADD COLUMN shipment_id BIGINT,
    DROP CONSTRAINT inventory_reservations_order_id_sku_key,
    ADD CONSTRAINT inventory_reservations_order_sku_location_key UNIQUE (order_id, sku, location),
    -- A shipment consumes only its own location's reservations.
    ADD CONSTRAINT inventory_reservations_shipment_location_fkey FOREIGN KEY (shipment_id, location) REFERENCES shipments (id, location),
    ADD CONSTRAINT inventory_reservations_shipment_consumed_check CHECK (shipment_id IS NULL OR status = 'consumed');
ALTER TABLE inventory_reservations ALTER COLUMN location DROP DEFAULT;
DROP INDEX inventory_reservations_held_idx;
CREATE INDEX inventory_reservations_held_idx ON inventory_reservations (sku, location) WHERE status = 'reserved';

-- A location's `reserved` follows its reservations; consuming one takes the units off its shelf.
-- Consumed is final. A reservation at a location without that SKU's stock row holds nothing and
-- cannot exist as reserved (the UPDATE finds no row).
CREATE FUNCTION inventory_reservations_hold() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    found_rows INTEGER;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'consumed' THEN
        IF TG_OP = 'DELETE' OR NEW.status <> 'consumed' OR NEW.quantity <> OLD.quantity OR NEW.sku <> OLD.sku OR NEW.location <> OLD.location THEN
            RAISE EXCEPTION 'reservation % is consumed and final', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'reserved' THEN
        UPDATE location_stock SET reserved = reserved - OLD.quantity, updated_at = now() WHERE sku = OLD.sku AND location = OLD.location;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status IN ('reserved', 'consumed') THEN
        IF NEW.status = 'reserved' THEN
            UPDATE location_stock SET reserved = reserved + NEW.quantity, updated_at = now() WHERE sku = NEW.sku AND location = NEW.location;
        ELSIF TG_OP = 'UPDATE' AND OLD.status = 'reserved' THEN
            UPDATE location_stock SET on_hand = on_hand - NEW.quantity, updated_at = now() WHERE sku = NEW.sku AND location = NEW.location;
        ELSE
            RAISE EXCEPTION 'a reservation is consumed only from reserved' USING ERRCODE = 'check_violation';
        END IF;
        GET DIAGNOSTICS found_rows = ROW_COUNT;
        IF found_rows = 0 THEN
            RAISE EXCEPTION 'no stock of % at location %', NEW.sku, NEW.location USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER inventory_reservations_hold
    AFTER INSERT OR UPDATE OF status, quantity, sku, location OR DELETE ON inventory_reservations
    FOR EACH ROW EXECUTE FUNCTION inventory_reservations_hold();

-- The live (reserved or consumed) reservations of an order line sum to the line's quantity, or to
-- nothing (not reserved yet, or released). Checked at commit: an allocation inserts a row per
-- location, and an edit changes the line and its reservations in one transaction. Reservations of
-- an order that no longer has the line (deleted order, removed line) are not checked.
CREATE FUNCTION order_line_allocation_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    line_quantity INTEGER;
    live INTEGER;
BEGIN
    SELECT quantity INTO line_quantity FROM order_items WHERE order_id = NEW.order_id AND sku = NEW.sku;
    IF NOT FOUND THEN RETURN NULL; END IF;
    SELECT COALESCE(sum(quantity), 0) INTO live FROM inventory_reservations
    WHERE order_id = NEW.order_id AND sku = NEW.sku AND status IN ('reserved', 'consumed');
    IF live <> 0 AND live <> line_quantity THEN
        RAISE EXCEPTION 'order % reserves % of % units of %', NEW.order_id, live, line_quantity, NEW.sku USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER inventory_reservations_allocation_check
    AFTER INSERT OR UPDATE ON inventory_reservations DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION order_line_allocation_check();
CREATE CONSTRAINT TRIGGER order_items_allocation_check
    AFTER INSERT OR UPDATE OF quantity ON order_items DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION order_line_allocation_check();

-- The ledger per location: a movement moves one location's shelf (trigger), posted once per
-- (source, kind, sku, location). Everything before was the main warehouse's.
ALTER TABLE stock_movements
    ADD COLUMN location TEXT NOT NULL DEFAULT 'main' REFERENCES stock_locations (code),
    DROP CONSTRAINT stock_movements_source_kind_sku_key,
    ADD CONSTRAINT stock_movements_source_kind_sku_location_key UNIQUE (source, kind, sku, location);

CREATE FUNCTION stock_movements_post() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO location_stock AS s (sku, location, on_hand) VALUES (NEW.sku, NEW.location, NEW.quantity)
    ON CONFLICT (sku, location) DO UPDATE SET on_hand = s.on_hand + EXCLUDED.on_hand, updated_at = now();
    RETURN NULL;
END;
$$;
CREATE TRIGGER stock_movements_post AFTER INSERT ON stock_movements
    FOR EACH ROW EXECUTE FUNCTION stock_movements_post();
