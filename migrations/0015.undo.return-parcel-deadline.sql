-- Expired returns become rejected (the status they are closest to: final, units given back).
UPDATE returns SET status = 'rejected' WHERE status = 'expired';
ALTER TABLE returns DROP CONSTRAINT returns_status_check;
ALTER TABLE returns
    ADD CONSTRAINT returns_status_check
        CHECK (status IN ('requested', 'approved', 'rejected', 'awaiting_parcel', 'received', 'refunded'));
