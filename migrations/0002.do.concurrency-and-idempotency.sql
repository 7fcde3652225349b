-- Optimistic concurrency: every change to an order bumps its version; the API exposes it as an ETag
-- and refuses a write whose If-Match names an older one (412).
ALTER TABLE orders ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Idempotency-Key: the first request with a key claims it; its response is stored, and a retry with
-- the same key and body gets that response again instead of doing the work twice.
CREATE TABLE idempotency_keys (
    -- Who sent the key and to which operation (e.g. "customer:42 POST /orders"): keys are per client.
    scope           TEXT        NOT NULL,
    key             TEXT        NOT NULL,
    -- SHA-256 of the request body: the same key with another body is an error (422), not a replay.
    request_hash    TEXT        NOT NULL,
    state           TEXT        NOT NULL CHECK (state IN ('in_progress', 'completed')),
    -- While in progress, the claim is held until then; a claim abandoned by a crashed process expires.
    locked_until    TIMESTAMPTZ NOT NULL,
    response_status INTEGER,
    response_headers JSONB,
    response_body   TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);
