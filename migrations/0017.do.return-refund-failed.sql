-- A return whose refund the payment provider declined waits, as `refund_failed`, for an operator to
-- retry it (POST /orders/{id}/returns/{returnId}/retry-refund) within RETURN_REFUND_RETRY_WINDOW.
-- It is not final in what it owes: its units stay received and its order cannot be deleted.
ALTER TABLE returns DROP CONSTRAINT returns_status_check;
ALTER TABLE returns
    ADD CONSTRAINT returns_status_check
        CHECK (status IN ('requested', 'approved', 'rejected', 'awaiting_parcel', 'received', 'refunded', 'expired', 'refund_failed'));
