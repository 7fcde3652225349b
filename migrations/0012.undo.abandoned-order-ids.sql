-- Only tombstones of ids no order ever had.
DROP TABLE IF EXISTS abandoned_order_ids;
