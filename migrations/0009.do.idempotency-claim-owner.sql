-- Each claim on an Idempotency-Key names the request that holds it (a random id per claim). Only
-- that request may store its response or give the key up: one that outlived its lock and lost the
-- key to a retry can no longer complete it, so its work rolls back instead of becoming a second one.
-- Claims made before this column existed have no owner; they are taken over once their lock runs out.
ALTER TABLE idempotency_keys ADD COLUMN owner UUID;
