/* @name FindStock */
SELECT sku, on_hand, reserved, updated_at FROM inventory WHERE sku = :sku!;

/* @name SetStock */
INSERT INTO inventory (sku, on_hand) VALUES (:sku!, :onHand!)
ON CONFLICT (sku) DO UPDATE SET on_hand = EXCLUDED.on_hand, updated_at = now()
RETURNING sku, on_hand, reserved, updated_at;

/* @name LockStock */
SELECT sku, on_hand, reserved, updated_at FROM inventory WHERE sku = :sku! FOR UPDATE;

/* @name KnownSkus */
SELECT sku FROM inventory WHERE sku = ANY(:skus!::text[]);

/* @name CountReservations */
SELECT count(*)::int AS "count!" FROM inventory_reservations WHERE order_id = :orderId!;

/* @name HoldStock */
UPDATE inventory
SET reserved = reserved + :quantity!, updated_at = now()
WHERE sku = :sku! AND on_hand - reserved >= :quantity!
RETURNING sku;

/* @name InsertReservation */
INSERT INTO inventory_reservations (order_id, sku, quantity) VALUES (:orderId!, :sku!, :quantity!);

/* @name ReleaseReservations */
WITH released AS (
    UPDATE inventory_reservations
    SET status = 'released', updated_at = now()
    WHERE order_id = :orderId! AND status = 'reserved'
    RETURNING sku, quantity
)
UPDATE inventory
SET reserved = inventory.reserved - released.quantity, updated_at = now()
FROM released
WHERE inventory.sku = released.sku
RETURNING inventory.sku, released.quantity;

/* @name ConsumeReservations */
WITH consumed AS (
    UPDATE inventory_reservations
    SET status = 'consumed', updated_at = now()
    WHERE order_id = :orderId! AND status = 'reserved'
    RETURNING sku, quantity
)
UPDATE inventory
SET on_hand = inventory.on_hand - consumed.quantity, reserved = inventory.reserved - consumed.quantity, updated_at = now()
FROM consumed
WHERE inventory.sku = consumed.sku
RETURNING inventory.sku, consumed.quantity;

/* @name ListReservations */
SELECT sku, quantity, status FROM inventory_reservations WHERE order_id = :orderId! ORDER BY sku;

/*
  @name CloseReservations
  @param items -> ((orderId!, sku!, quantity!, status!)...)
*/
-- Tombstones: a released row for each of the order's items that has none, so a reserve attempt
-- that runs after the release (it outlived its timeout) finds rows and holds nothing.
INSERT INTO inventory_reservations (order_id, sku, quantity, status)
VALUES :items
ON CONFLICT (order_id, sku) DO NOTHING;

/* @name ListStock */
SELECT sku, on_hand, reserved, updated_at FROM inventory WHERE sku > :after! ORDER BY sku LIMIT :limit!;

/*
  @name PostStockMovements
  @param movements -> ((sku!, quantity!, kind!, source!)...)
*/
-- One statement: a movement is posted once per (source, kind, sku) and on_hand moves by exactly the
-- movements posted now, so a retry adds nothing and a crash leaves neither half.
WITH posted AS (
    INSERT INTO stock_movements (sku, quantity, kind, source)
    VALUES :movements
    ON CONFLICT (source, kind, sku) DO NOTHING
    RETURNING sku, quantity
)
UPDATE inventory
SET on_hand = inventory.on_hand + posted.quantity, updated_at = now()
FROM posted
WHERE inventory.sku = posted.sku
RETURNING inventory.sku, posted.quantity;

/* @name ListStockMovements */
SELECT id, sku, quantity, kind, source, created_at FROM stock_movements WHERE source = :source! ORDER BY id;

/* @name GrowReservation */
-- An edit's increase (or a line added, or one removed earlier and added again): only the difference is held.
INSERT INTO inventory_reservations (order_id, sku, quantity) VALUES (:orderId!, :sku!, :quantity!)
ON CONFLICT (order_id, sku) DO UPDATE
SET quantity = CASE WHEN inventory_reservations.status = 'reserved' THEN inventory_reservations.quantity + EXCLUDED.quantity ELSE EXCLUDED.quantity END,
    status = 'reserved', updated_at = now()
WHERE inventory_reservations.status <> 'consumed'
RETURNING sku;

/* @name ShrinkReservation */
-- An edit's decrease: the difference goes back to the shelf; a line down to nothing is released.
WITH shrunk AS (
    UPDATE inventory_reservations
    SET quantity = CASE WHEN quantity > :quantity! THEN quantity - :quantity! ELSE quantity END,
        status = CASE WHEN quantity > :quantity! THEN 'reserved'::reservation_status ELSE 'released'::reservation_status END,
        updated_at = now()
    WHERE order_id = :orderId! AND sku = :sku! AND status = 'reserved' AND quantity >= :quantity!
    RETURNING sku
)
UPDATE inventory
SET reserved = inventory.reserved - :quantity!, updated_at = now()
FROM shrunk
WHERE inventory.sku = shrunk.sku
RETURNING inventory.sku;
