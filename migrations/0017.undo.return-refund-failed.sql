-- Returns whose refund was declined become received again (the status they left: still owing the
-- refund, which is what they mean).
UPDATE returns SET status = 'received' WHERE status = 'refund_failed';
ALTER TABLE returns DROP CONSTRAINT returns_status_check;
ALTER TABLE returns
    ADD CONSTRAINT returns_status_check
        CHECK (status IN ('requested', 'approved', 'rejected', 'awaiting_parcel', 'received', 'refunded', 'expired'));
