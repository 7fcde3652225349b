-- A return whose parcel never arrives within RETURN_PARCEL_DEADLINE of its label expires: it is
-- final, and its units may be returned again (they are no longer authorized for it).
ALTER TABLE returns DROP CONSTRAINT returns_status_check;
ALTER TABLE returns
    ADD CONSTRAINT returns_status_check
        CHECK (status IN ('requested', 'approved', 'rejected', 'awaiting_parcel', 'received', 'refunded', 'expired'));
