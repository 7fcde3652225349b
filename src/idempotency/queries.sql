/* @name ClaimKey */
INSERT INTO idempotency_keys (scope, key, request_hash, owner, state, locked_until, expires_at)
VALUES (:scope!, :key!, :requestHash!, :owner!, 'in_progress', now() + make_interval(secs => :lockSeconds!), now() + make_interval(secs => :ttlSeconds!))
ON CONFLICT (scope, key) DO UPDATE
SET request_hash = EXCLUDED.request_hash,
    owner = EXCLUDED.owner,
    state = 'in_progress',
    locked_until = EXCLUDED.locked_until,
    expires_at = EXCLUDED.expires_at,
    response_status = NULL,
    response_headers = NULL,
    response_body = NULL,
    created_at = now()
WHERE idempotency_keys.expires_at < now()
   OR (idempotency_keys.state = 'in_progress'
       AND idempotency_keys.locked_until < now()
       AND idempotency_keys.request_hash = EXCLUDED.request_hash)
RETURNING key;

/* @name FindKey */
SELECT request_hash, state, response_status, response_headers, response_body
FROM idempotency_keys
WHERE scope = :scope! AND key = :key!;

/* @name CompleteKey */
UPDATE idempotency_keys
SET state = 'completed', locked_until = now(), response_status = :status!, response_headers = :headers!, response_body = :body!
WHERE scope = :scope! AND key = :key! AND state = 'in_progress' AND owner = :owner!
RETURNING key;

/* @name ReleaseKey */
DELETE FROM idempotency_keys
WHERE scope = :scope! AND key = :key! AND state = 'in_progress' AND owner = :owner!;

/* @name PurgeExpiredKeys */
DELETE FROM idempotency_keys WHERE expires_at < now();
