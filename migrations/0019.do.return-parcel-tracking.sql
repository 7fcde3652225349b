-- Carriers report on the parcels customers send back, through the same webhook as on shipments
-- (POST /carriers/{carrier}/events, by the return label's tracking number). A return label is the
-- customer's booking: from its issue the parcel may be dropped off, so it starts handed_over and
-- moves by the shipments' ranks (shipment_status_rank, migration 0013); delivered means it reached
-- the warehouse, and its return waits for an operator's inspection as parcel_arrived.
ALTER TABLE return_labels
    ADD COLUMN status TEXT NOT NULL DEFAULT 'handed_over'
        CHECK (status IN ('handed_over', 'in_transit', 'delivered', 'lost', 'damaged', 'returned_to_sender')),
    ADD COLUMN delivered_at TIMESTAMPTZ,
    ADD COLUMN last_carrier_event_at TIMESTAMPTZ,
    ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();
-- The local carrier issued its labels as 'local-carrier' and reports as 'local-post' (its shipments'
-- name, the one its webhook secret is configured under): one name, so its reports find its labels.
UPDATE return_labels SET carrier = 'local-post' WHERE carrier = 'local-carrier';

-- An event is about exactly one parcel: a shipment or a return label.
ALTER TABLE carrier_events
    ALTER COLUMN shipment_id DROP NOT NULL,
    ADD COLUMN return_label_id BIGINT REFERENCES return_labels (id),
    ADD CONSTRAINT carrier_events_one_parcel CHECK (num_nonnulls(shipment_id, return_label_id) = 1);
CREATE INDEX carrier_events_return_label_id_idx ON carrier_events (return_label_id) WHERE return_label_id IS NOT NULL;

ALTER TABLE local_carrier_events
    ALTER COLUMN shipment_id DROP NOT NULL,
    ADD COLUMN return_label_id BIGINT REFERENCES return_labels (id),
    ADD CONSTRAINT local_carrier_events_one_parcel CHECK (num_nonnulls(shipment_id, return_label_id) = 1),
    ADD CONSTRAINT local_carrier_events_return_label_id_kind_key UNIQUE (return_label_id, kind);

ALTER TABLE returns DROP CONSTRAINT returns_status_check;
ALTER TABLE returns
    ADD CONSTRAINT returns_status_check
        CHECK (status IN ('requested', 'approved', 'rejected', 'awaiting_parcel', 'parcel_arrived', 'received', 'refunded', 'expired', 'refund_failed'));
-- A carrier's report names the label's tracking number; its return is found by it.
CREATE INDEX returns_label_tracking_number_idx ON returns (label_tracking_number) WHERE label_tracking_number IS NOT NULL;
