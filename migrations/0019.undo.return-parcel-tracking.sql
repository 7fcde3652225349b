-- Returns whose parcel had arrived wait for their inspection as awaiting_parcel again (what they
-- were before a carrier could say so); reports on return parcels go with the columns that held them.
DROP INDEX returns_label_tracking_number_idx;
UPDATE returns SET status = 'awaiting_parcel' WHERE status = 'parcel_arrived';
ALTER TABLE returns DROP CONSTRAINT returns_status_check;
ALTER TABLE returns
    ADD CONSTRAINT returns_status_check
        CHECK (status IN ('requested', 'approved', 'rejected', 'awaiting_parcel', 'received', 'refunded', 'expired', 'refund_failed'));

DELETE FROM local_carrier_events WHERE return_label_id IS NOT NULL;
ALTER TABLE local_carrier_events
    DROP CONSTRAINT local_carrier_events_return_label_id_kind_key,
    DROP CONSTRAINT local_carrier_events_one_parcel,
    DROP COLUMN return_label_id,
    ALTER COLUMN shipment_id SET NOT NULL;

DELETE FROM carrier_events WHERE return_label_id IS NOT NULL;
DROP INDEX carrier_events_return_label_id_idx;
ALTER TABLE carrier_events
    DROP CONSTRAINT carrier_events_one_parcel,
    DROP COLUMN return_label_id,
    ALTER COLUMN shipment_id SET NOT NULL;

UPDATE return_labels SET carrier = 'local-carrier' WHERE carrier = 'local-post';
ALTER TABLE return_labels DROP COLUMN updated_at, DROP COLUMN last_carrier_event_at, DROP COLUMN delivered_at, DROP COLUMN status;
