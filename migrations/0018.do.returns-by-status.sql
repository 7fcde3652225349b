-- GET /returns?status=… pages through one status by id (the operators' list of refunds owed,
-- `refund_failed`, among every return ever made).
CREATE INDEX returns_status_id ON returns (status, id);
