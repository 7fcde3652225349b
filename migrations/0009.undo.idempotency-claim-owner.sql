-- Only the claim owners go; the keys and their stored responses stay.
ALTER TABLE idempotency_keys DROP COLUMN owner;
