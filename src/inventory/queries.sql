/* @name FindStock */
SELECT sku, on_hand, reserved, updated_at FROM inventory WHERE sku = :sku!;

/* @name CreateSku */
-- inventory's counts are the sums over locations (migration 0016): a new SKU starts at nothing.
INSERT INTO inventory (sku, on_hand) VALUES (:sku!, 0) ON CONFLICT (sku) DO NOTHING RETURNING sku;

/* @name ListLocations */
SELECT code, name, rank FROM stock_locations ORDER BY rank;

/* @name FindLocation */
SELECT code, name, rank FROM stock_locations WHERE code = :code!;

/* @name ListSkuLocationStock */
SELECT s.sku, s.location, s.on_hand, s.reserved, s.updated_at
FROM location_stock s JOIN stock_locations l ON l.code = s.location
WHERE s.sku = ANY(:skus!::text[])
ORDER BY s.sku, l.rank;

/* @name LockLocationStock */
-- Every location's row of these SKUs, locked in one order (SKU, then location) so that two
-- reservations cannot deadlock; the allocation is computed from what this returns.
SELECT s.sku, s.location, s.on_hand, s.reserved, l.rank
FROM location_stock s JOIN stock_locations l ON l.code = s.location
WHERE s.sku = ANY(:skus!::text[])
ORDER BY s.sku, s.location
FOR UPDATE OF s;

/* @name SetLocationStock */
INSERT INTO location_stock AS s (sku, location, on_hand) VALUES (:sku!, :location!, :onHand!)
ON CONFLICT (sku, location) DO UPDATE SET on_hand = EXCLUDED.on_hand, updated_at = now()
RETURNING sku, location, on_hand, reserved, updated_at;

/* @name KnownSkus */
SELECT sku FROM inventory WHERE sku = ANY(:skus!::text[]);

/* @name CountReservations */
SELECT count(*)::int AS "count!" FROM inventory_reservations WHERE order_id = :orderId!;

/* @name InsertReservation */
-- The location's `reserved` follows by trigger (migration 0016), whose CHECK refuses a hold above its stock.
INSERT INTO inventory_reservations (order_id, sku, location, quantity) VALUES (:orderId!, :sku!, :location!, :quantity!);

/* @name ReleaseReservations */
UPDATE inventory_reservations
SET status = 'released', updated_at = now()
WHERE order_id = :orderId! AND status = 'reserved'
RETURNING sku, location, quantity;

/* @name ConsumeReservations */
-- Held units come off their location's shelf (trigger).
UPDATE inventory_reservations
SET status = 'consumed', updated_at = now()
WHERE order_id = :orderId! AND status = 'reserved'
RETURNING sku, location, quantity;

/* @name ConsumeLocationReservations */
-- One shipment's share (workflow version 5): the order's held units at the shipment's location come
-- off that shelf (trigger), marked with the shipment; the composite foreign key refuses another location's.
UPDATE inventory_reservations
SET status = 'consumed', shipment_id = :shipmentId!, updated_at = now()
WHERE order_id = :orderId! AND location = :location! AND status = 'reserved'
RETURNING sku, location, quantity;

/* @name ListReservations */
SELECT r.sku, r.location, r.quantity, r.status
FROM inventory_reservations r JOIN stock_locations l ON l.code = r.location
WHERE r.order_id = :orderId! ORDER BY r.sku, l.rank;

/* @name CloseReservations */
-- Tombstones: a released row for each of the order's items that has none, so a reserve attempt
-- that runs after the release (it outlived its timeout) finds rows and holds nothing.
INSERT INTO inventory_reservations (order_id, sku, location, quantity, status)
SELECT :orderId!, t.sku, 'main', t.quantity, 'released'
FROM unnest(:skus!::text[], :quantities!::int[]) AS t (sku, quantity)
WHERE NOT EXISTS (SELECT 1 FROM inventory_reservations r WHERE r.order_id = :orderId! AND r.sku = t.sku);

/* @name ListStock */
SELECT sku, on_hand, reserved, updated_at FROM inventory WHERE sku > :after! ORDER BY sku LIMIT :limit!;

/*
  @name PostStockMovements
  @param movements -> ((sku!, location!, quantity!, kind!, source!)...)
*/
-- A movement is posted once per (source, kind, sku, location), and its location's on_hand moves by
-- it in the same statement (trigger, migration 0016), so a retry adds nothing and a crash leaves neither half.
INSERT INTO stock_movements (sku, location, quantity, kind, source)
VALUES :movements
ON CONFLICT (source, kind, sku, location) DO NOTHING
RETURNING sku, location, quantity;

/* @name ListStockMovements */
SELECT id, sku, location, quantity, kind, source, created_at FROM stock_movements WHERE source = :source! ORDER BY id;

/* @name GrowReservation */
-- An edit's increase at one location (or a line added, or one removed earlier and added again):
-- only the difference is held.
INSERT INTO inventory_reservations (order_id, sku, location, quantity) VALUES (:orderId!, :sku!, :location!, :quantity!)
ON CONFLICT (order_id, sku, location) DO UPDATE
SET quantity = CASE WHEN inventory_reservations.status = 'reserved' THEN inventory_reservations.quantity + EXCLUDED.quantity ELSE EXCLUDED.quantity END,
    status = 'reserved', updated_at = now()
WHERE inventory_reservations.status <> 'consumed'
RETURNING sku;

/* @name LockHeldReservations */
-- The order's held units of one SKU, the last location in the fixed order first (an edit's decrease gives back from there).
SELECT r.id, r.location, r.quantity
FROM inventory_reservations r JOIN stock_locations l ON l.code = r.location
WHERE r.order_id = :orderId! AND r.sku = :sku! AND r.status = 'reserved'
ORDER BY l.rank DESC
FOR UPDATE OF r;

/* @name ShrinkReservation */
-- Part of an edit's decrease: the difference goes back to the shelf; a row down to nothing is released.
UPDATE inventory_reservations
SET quantity = CASE WHEN quantity > :quantity! THEN quantity - :quantity! ELSE quantity END,
    status = CASE WHEN quantity > :quantity! THEN 'reserved'::reservation_status ELSE 'released'::reservation_status END,
    updated_at = now()
WHERE id = :id! AND status = 'reserved' AND quantity >= :quantity!
RETURNING sku;
