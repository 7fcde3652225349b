-- Back to one stock row per SKU. inventory already holds the sums over locations; an order whose
-- line was reserved at two locations cannot be told apart any more, so the undo refuses then.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM inventory_reservations GROUP BY order_id, sku HAVING count(*) > 1) THEN
        RAISE EXCEPTION 'some order lines are reserved at several locations; undo refused';
    END IF;
END;
$$;

DROP TRIGGER stock_movements_post ON stock_movements;
DROP FUNCTION stock_movements_post();
ALTER TABLE stock_movements
    DROP CONSTRAINT stock_movements_source_kind_sku_location_key,
    ADD CONSTRAINT stock_movements_source_kind_sku_key UNIQUE (source, kind, sku);
ALTER TABLE stock_movements DROP COLUMN location;

DROP TRIGGER order_items_allocation_check ON order_items;
DROP TRIGGER inventory_reservations_allocation_check ON inventory_reservations;
DROP FUNCTION order_line_allocation_check();
DROP TRIGGER inventory_reservations_hold ON inventory_reservations;
DROP FUNCTION inventory_reservations_hold();
DROP INDEX inventory_reservations_held_idx;
ALTER TABLE inventory_reservations
    DROP CONSTRAINT inventory_reservations_shipment_consumed_check,
    DROP CONSTRAINT inventory_reservations_shipment_location_fkey,
    DROP CONSTRAINT inventory_reservations_order_sku_location_key,
    ADD CONSTRAINT inventory_reservations_order_id_sku_key UNIQUE (order_id, sku);
ALTER TABLE inventory_reservations DROP COLUMN shipment_id, DROP COLUMN location;
CREATE INDEX inventory_reservations_held_idx ON inventory_reservations (sku) WHERE status = 'reserved';

ALTER TABLE shipments DROP CONSTRAINT shipments_id_location_key;
ALTER TABLE shipments DROP COLUMN location;

DROP TRIGGER location_stock_totals ON location_stock;
DROP FUNCTION location_stock_totals();
DROP TRIGGER inventory_totals_guard ON inventory;
DROP FUNCTION inventory_totals_guard();
DROP TABLE location_stock;
DROP TABLE stock_locations;
