DROP INDEX orders_stage_id_idx;
DROP TRIGGER orders_status_counts_truncate ON orders;
DROP TRIGGER orders_status_counts_delete ON orders;
DROP TRIGGER orders_status_counts_update ON orders;
DROP TRIGGER orders_status_counts_insert ON orders;
DROP FUNCTION order_status_counts_apply();
DROP FUNCTION order_status_counts_reset();
DROP TABLE order_status_counts;
