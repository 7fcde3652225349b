-- Workflow version 6 hears only the carrier reports that decide something. An in-transit report
-- about a parcel it handed over is recorded on the order's timeline by the API
-- (src/orders/parcel-reports.ts) instead of being signalled; the stall check reads carrier_events.
-- Parcels of earlier versions keep every report signalled (false).
ALTER TABLE shipments ADD COLUMN in_transit_on_timeline BOOLEAN NOT NULL DEFAULT false;
