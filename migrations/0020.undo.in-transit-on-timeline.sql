ALTER TABLE shipments DROP COLUMN in_transit_on_timeline;
