/* @name InsertOrder */
INSERT INTO orders (customer_id, total_amount)
VALUES (:customerId!, :totalAmount!)
RETURNING id, customer_id, status, total_amount, version, created_at, updated_at;

/* @name FindOrder */
SELECT id, customer_id, status, total_amount, version, created_at, updated_at
FROM orders
WHERE id = :id!;

/* @name LockOrder */
SELECT id, customer_id, status, total_amount, version, created_at, updated_at
FROM orders
WHERE id = :id!
FOR UPDATE;

/* @name UpdateOrder */
UPDATE orders
SET status = :status!, total_amount = :totalAmount!, version = version + 1, updated_at = now()
WHERE id = :id!
RETURNING id, customer_id, status, total_amount, version, created_at, updated_at;

/*
  @name TransitionOrder
  @param allowedFrom -> (...)
*/
UPDATE orders
SET status = :to!, version = version + 1, updated_at = now()
WHERE id = :id! AND status IN :allowedFrom!
RETURNING id, customer_id, status, total_amount, version, created_at, updated_at;

/* @name DeleteOrder */
DELETE FROM orders WHERE id = :id! RETURNING id;

/* @name ListOrders */
SELECT id, customer_id, status, total_amount, version, created_at, updated_at
FROM orders
WHERE id > :after!
  AND (:customerId::bigint IS NULL OR customer_id = :customerId)
  AND (:status::order_status IS NULL OR status = :status)
ORDER BY id
LIMIT :limit!;
