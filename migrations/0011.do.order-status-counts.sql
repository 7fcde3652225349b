-- Counts of orders per status for the operator console, maintained by triggers so that reading them
-- never scans the orders table (a COUNT(*) over millions of rows on every list refresh).
-- Each status is spread over 16 slots (id % 16): concurrent transactions that create or move orders
-- of the same status mostly touch different rows, so the counter is not one hot row they queue on.
CREATE TABLE order_status_counts (
    status order_status NOT NULL,
    slot   SMALLINT     NOT NULL CHECK (slot BETWEEN 0 AND 15),
    count  BIGINT       NOT NULL,
    PRIMARY KEY (status, slot)
);

INSERT INTO order_status_counts (status, slot, count)
SELECT status, (id % 16)::smallint, count(*) FROM orders GROUP BY 1, 2;

-- Statement level with transition tables: one upsert per statement however many rows it touched
-- (a bulk insert or seed costs one round of counter updates, not one per row). Rows are taken in
-- key order so that two transactions moving orders between the same statuses cannot deadlock.
-- TRUNCATE fires no DELETE trigger: it empties the counts instead.
CREATE FUNCTION order_status_counts_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM order_status_counts;
    RETURN NULL;
END;
$$;

CREATE FUNCTION order_status_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO order_status_counts AS c (status, slot, count)
        SELECT status, (id % 16)::smallint, count(*) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (status, slot) DO UPDATE SET count = c.count + EXCLUDED.count;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO order_status_counts AS c (status, slot, count)
        SELECT status, (id % 16)::smallint, -count(*) FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (status, slot) DO UPDATE SET count = c.count + EXCLUDED.count;
    ELSE
        INSERT INTO order_status_counts AS c (status, slot, count)
        SELECT status, slot, sum(delta) FROM (
            SELECT o.status, (o.id % 16)::smallint AS slot, -1 AS delta
            FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE n.status <> o.status
            UNION ALL
            SELECT n.status, (n.id % 16)::smallint, 1
            FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE n.status <> o.status
        ) AS moves
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (status, slot) DO UPDATE SET count = c.count + EXCLUDED.count;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER orders_status_counts_insert AFTER INSERT ON orders
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION order_status_counts_apply();
CREATE TRIGGER orders_status_counts_update AFTER UPDATE ON orders
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION order_status_counts_apply();
CREATE TRIGGER orders_status_counts_delete AFTER DELETE ON orders
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION order_status_counts_apply();
CREATE TRIGGER orders_status_counts_truncate AFTER TRUNCATE ON orders
    FOR EACH STATEMENT EXECUTE FUNCTION order_status_counts_reset();

-- The console's stage filter (GET /orders?stage=…) walks this in id order, like the status filter.
CREATE INDEX orders_stage_id_idx ON orders (stage, id);
