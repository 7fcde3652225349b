/** Types generated for queries found in "src/webhooks/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NumberOrString = number | string;

export type NumberOrStringArray = (NumberOrString)[];

export type numberArray = (number)[];

/** 'InsertEndpoint' parameters type */
export interface IInsertEndpointParams {
  description?: string | null | void;
  secret: string;
  url: string;
}

/** 'InsertEndpoint' return type */
export interface IInsertEndpointResult {
  created_at: Date;
  description: string | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  failing_since: Date | null;
  id: string;
  secret: string;
  url: string;
}

/** 'InsertEndpoint' query type */
export interface IInsertEndpointQuery {
  params: IInsertEndpointParams;
  result: IInsertEndpointResult;
}

const insertEndpointIR: any = {"usedParamSet":{"url":true,"secret":true,"description":true},"params":[{"name":"url","required":true,"transform":{"type":"scalar"},"locs":[{"a":65,"b":69}]},{"name":"secret","required":true,"transform":{"type":"scalar"},"locs":[{"a":72,"b":79}]},{"name":"description","required":false,"transform":{"type":"scalar"},"locs":[{"a":82,"b":93}]}],"statement":"INSERT INTO webhook_endpoints (url, secret, description)\nVALUES (:url!, :secret!, :description)\nRETURNING id, url, description, created_at, failing_since, disabled_at, disabled_reason, secret"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO webhook_endpoints (url, secret, description)
 * VALUES (:url!, :secret!, :description)
 * RETURNING id, url, description, created_at, failing_since, disabled_at, disabled_reason, secret
 * ```
 */
export const insertEndpoint = new PreparedQuery<IInsertEndpointParams,IInsertEndpointResult>(insertEndpointIR);


/** 'FindEndpoint' parameters type */
export interface IFindEndpointParams {
  id: NumberOrString;
}

/** 'FindEndpoint' return type */
export interface IFindEndpointResult {
  created_at: Date;
  description: string | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  failing_since: Date | null;
  id: string;
  url: string;
}

/** 'FindEndpoint' query type */
export interface IFindEndpointQuery {
  params: IFindEndpointParams;
  result: IFindEndpointResult;
}

const findEndpointIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":119,"b":122}]}],"statement":"SELECT id, url, description, created_at, failing_since, disabled_at, disabled_reason\nFROM webhook_endpoints\nWHERE id = :id! AND deleted_at IS NULL"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, url, description, created_at, failing_since, disabled_at, disabled_reason
 * FROM webhook_endpoints
 * WHERE id = :id! AND deleted_at IS NULL
 * ```
 */
export const findEndpoint = new PreparedQuery<IFindEndpointParams,IFindEndpointResult>(findEndpointIR);


/** 'ListEndpoints' parameters type */
export interface IListEndpointsParams {
  after: NumberOrString;
  limit: NumberOrString;
}

/** 'ListEndpoints' return type */
export interface IListEndpointsResult {
  created_at: Date;
  description: string | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  failing_since: Date | null;
  id: string;
  url: string;
}

/** 'ListEndpoints' query type */
export interface IListEndpointsQuery {
  params: IListEndpointsParams;
  result: IListEndpointsResult;
}

const listEndpointsIR: any = {"usedParamSet":{"after":true,"limit":true},"params":[{"name":"after","required":true,"transform":{"type":"scalar"},"locs":[{"a":142,"b":148}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":168,"b":174}]}],"statement":"SELECT id, url, description, created_at, failing_since, disabled_at, disabled_reason\nFROM webhook_endpoints\nWHERE deleted_at IS NULL AND id > :after!\nORDER BY id\nLIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, url, description, created_at, failing_since, disabled_at, disabled_reason
 * FROM webhook_endpoints
 * WHERE deleted_at IS NULL AND id > :after!
 * ORDER BY id
 * LIMIT :limit!
 * ```
 */
export const listEndpoints = new PreparedQuery<IListEndpointsParams,IListEndpointsResult>(listEndpointsIR);


/** 'DeleteEndpoint' parameters type */
export interface IDeleteEndpointParams {
  id: NumberOrString;
}

/** 'DeleteEndpoint' return type */
export interface IDeleteEndpointResult {
  id: string;
}

/** 'DeleteEndpoint' query type */
export interface IDeleteEndpointQuery {
  params: IDeleteEndpointParams;
  result: IDeleteEndpointResult;
}

const deleteEndpointIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":174,"b":177}]}],"statement":"-- Soft-deletes the endpoint and cancels what is still pending for it, in one statement.\nWITH deleted AS (\n    UPDATE webhook_endpoints SET deleted_at = now()\n    WHERE id = :id! AND deleted_at IS NULL\n    RETURNING id\n), cancelled AS (\n    UPDATE webhook_deliveries\n    SET state = 'cancelled'\n    FROM deleted\n    WHERE webhook_deliveries.endpoint_id = deleted.id AND webhook_deliveries.state = 'pending'\n)\nSELECT id FROM deleted"};

/**
 * Query generated from SQL:
 * ```
 * -- Soft-deletes the endpoint and cancels what is still pending for it, in one statement.
 * WITH deleted AS (
 *     UPDATE webhook_endpoints SET deleted_at = now()
 *     WHERE id = :id! AND deleted_at IS NULL
 *     RETURNING id
 * ), cancelled AS (
 *     UPDATE webhook_deliveries
 *     SET state = 'cancelled'
 *     FROM deleted
 *     WHERE webhook_deliveries.endpoint_id = deleted.id AND webhook_deliveries.state = 'pending'
 * )
 * SELECT id FROM deleted
 * ```
 */
export const deleteEndpoint = new PreparedQuery<IDeleteEndpointParams,IDeleteEndpointResult>(deleteEndpointIR);


/** 'ClaimDueDeliveries' parameters type */
export interface IClaimDueDeliveriesParams {
  busyCounts?: numberArray | null | void;
  busyEndpointIds?: NumberOrStringArray | null | void;
  endpointConcurrency: NumberOrString;
  leaseSeconds: number;
  limit: NumberOrString;
}

/** 'ClaimDueDeliveries' return type */
export interface IClaimDueDeliveriesResult {
  attempts: number;
  created_at: Date;
  details: Json;
  endpoint_id: string;
  event_id: string;
  id: string;
  order_id: string;
  secret: string;
  source: string;
  type: string;
  url: string;
}

/** 'ClaimDueDeliveries' query type */
export interface IClaimDueDeliveriesQuery {
  params: IClaimDueDeliveriesParams;
  result: IClaimDueDeliveriesResult;
}

const claimDueDeliveriesIR: any = {"usedParamSet":{"busyEndpointIds":true,"busyCounts":true,"endpointConcurrency":true,"limit":true,"leaseSeconds":true},"params":[{"name":"busyEndpointIds","required":false,"transform":{"type":"scalar"},"locs":[{"a":1106,"b":1121}]},{"name":"busyCounts","required":false,"transform":{"type":"scalar"},"locs":[{"a":1134,"b":1144}]},{"name":"endpointConcurrency","required":true,"transform":{"type":"scalar"},"locs":[{"a":1436,"b":1456},{"a":2228,"b":2248}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":2497,"b":2503}]},{"name":"leaseSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":3086,"b":3099}]}],"statement":"-- Claims up to the limit of due deliveries for one attempt each: the attempt count goes up (it is the\n-- claim token) and the delivery is leased for a while, after which another dispatcher may retry it\n-- (a crashed dispatcher loses nothing). Fair and bounded per endpoint: each active endpoint offers\n-- at most its free share (the endpoint concurrency minus what this dispatcher already has in flight for\n-- it; one at a time while it is failing), and the batch is filled turn by turn, the endpoint with\n-- the fewest in flight first, so a dead endpoint never holds more than its share of the slots.\n-- Head of line per endpoint: the index (endpoint_id, next_attempt_at, id) yields its due\n-- deliveries first and stops at the first one not yet due; deliveries waiting behind an earlier\n-- event of their order are parked at 'infinity' (after every due one), so the backlog is never\n-- scanned. The NOT EXISTS keeps order per order even for a delivery not parked (two events of one\n-- order written by concurrent transactions).\nWITH busy AS (\n    SELECT busy.endpoint_id, busy.in_flight\n    FROM unnest(:busyEndpointIds::bigint[], :busyCounts::integer[]) AS busy (endpoint_id, in_flight)\n), offered AS (\n    SELECT due.id, due.next_attempt_at,\n           coalesce(busy.in_flight, 0) + row_number() OVER (PARTITION BY endpoint.id ORDER BY due.next_attempt_at, due.id) AS turn,\n           CASE WHEN endpoint.failing_since IS NULL THEN :endpointConcurrency!::integer ELSE 1 END AS share\n    FROM webhook_endpoints AS endpoint\n    LEFT JOIN busy ON busy.endpoint_id = endpoint.id\n    CROSS JOIN LATERAL (\n        SELECT delivery.id, delivery.next_attempt_at\n        FROM webhook_deliveries AS delivery\n        WHERE delivery.endpoint_id = endpoint.id\n          AND delivery.state = 'pending'\n          AND delivery.next_attempt_at <= now()\n          AND NOT EXISTS (\n              SELECT 1 FROM webhook_deliveries AS earlier\n              WHERE earlier.endpoint_id = delivery.endpoint_id\n                AND earlier.order_id = delivery.order_id\n                AND earlier.state = 'pending'\n                AND earlier.event_id < delivery.event_id\n          )\n        ORDER BY delivery.next_attempt_at, delivery.id\n        LIMIT :endpointConcurrency!\n    ) AS due\n    WHERE endpoint.deleted_at IS NULL AND endpoint.disabled_at IS NULL\n), chosen AS (\n    SELECT offered.id FROM offered\n    WHERE offered.turn <= offered.share\n    ORDER BY offered.turn, offered.next_attempt_at, offered.id\n    LIMIT :limit!\n), locked AS (\n    -- By primary key (an array, so the planner cannot prefer scanning every due delivery instead);\n    -- the conditions again, as a row another dispatcher claimed meanwhile is re-checked here.\n    SELECT delivery.id\n    FROM webhook_deliveries AS delivery\n    WHERE delivery.id = ANY (ARRAY(SELECT chosen.id FROM chosen))\n      AND delivery.state = 'pending' AND delivery.next_attempt_at <= now()\n    FOR UPDATE OF delivery SKIP LOCKED\n)\nUPDATE webhook_deliveries AS claimed\nSET attempts = claimed.attempts + 1,\n    next_attempt_at = now() + make_interval(secs => :leaseSeconds!)\nFROM locked, webhook_endpoints AS endpoint, order_events AS event\nWHERE claimed.id = locked.id AND endpoint.id = claimed.endpoint_id AND event.id = claimed.event_id\nRETURNING claimed.id, claimed.attempts, claimed.endpoint_id, endpoint.url, endpoint.secret,\n          event.id AS event_id, event.order_id, event.type, event.source, event.details, event.created_at"};

/**
 * Query generated from SQL:
 * ```
 * -- Claims up to the limit of due deliveries for one attempt each: the attempt count goes up (it is the
 * -- claim token) and the delivery is leased for a while, after which another dispatcher may retry it
 * -- (a crashed dispatcher loses nothing). Fair and bounded per endpoint: each active endpoint offers
 * -- at most its free share (the endpoint concurrency minus what this dispatcher already has in flight for
 * -- it; one at a time while it is failing), and the batch is filled turn by turn, the endpoint with
 * -- the fewest in flight first, so a dead endpoint never holds more than its share of the slots.
 * -- Head of line per endpoint: the index (endpoint_id, next_attempt_at, id) yields its due
 * -- deliveries first and stops at the first one not yet due; deliveries waiting behind an earlier
 * -- event of their order are parked at 'infinity' (after every due one), so the backlog is never
 * -- scanned. The NOT EXISTS keeps order per order even for a delivery not parked (two events of one
 * -- order written by concurrent transactions).
 * WITH busy AS (
 *     SELECT busy.endpoint_id, busy.in_flight
 *     FROM unnest(:busyEndpointIds::bigint[], :busyCounts::integer[]) AS busy (endpoint_id, in_flight)
 * ), offered AS (
 *     SELECT due.id, due.next_attempt_at,
 *            coalesce(busy.in_flight, 0) + row_number() OVER (PARTITION BY endpoint.id ORDER BY due.next_attempt_at, due.id) AS turn,
 *            CASE WHEN endpoint.failing_since IS NULL THEN :endpointConcurrency!::integer ELSE 1 END AS share
 *     FROM webhook_endpoints AS endpoint
 *     LEFT JOIN busy ON busy.endpoint_id = endpoint.id
 *     CROSS JOIN LATERAL (
 *         SELECT delivery.id, delivery.next_attempt_at
 *         FROM webhook_deliveries AS delivery
 *         WHERE delivery.endpoint_id = endpoint.id
 *           AND delivery.state = 'pending'
 *           AND delivery.next_attempt_at <= now()
 *           AND NOT EXISTS (
 *               SELECT 1 FROM webhook_deliveries AS earlier
 *               WHERE earlier.endpoint_id = delivery.endpoint_id
 *                 AND earlier.order_id = delivery.order_id
 *                 AND earlier.state = 'pending'
 *                 AND earlier.event_id < delivery.event_id
 *           )
 *         ORDER BY delivery.next_attempt_at, delivery.id
 *         LIMIT :endpointConcurrency!
 *     ) AS due
 *     WHERE endpoint.deleted_at IS NULL AND endpoint.disabled_at IS NULL
 * ), chosen AS (
 *     SELECT offered.id FROM offered
 *     WHERE offered.turn <= offered.share
 *     ORDER BY offered.turn, offered.next_attempt_at, offered.id
 *     LIMIT :limit!
 * ), locked AS (
 *     -- By primary key (an array, so the planner cannot prefer scanning every due delivery instead);
 *     -- the conditions again, as a row another dispatcher claimed meanwhile is re-checked here.
 *     SELECT delivery.id
 *     FROM webhook_deliveries AS delivery
 *     WHERE delivery.id = ANY (ARRAY(SELECT chosen.id FROM chosen))
 *       AND delivery.state = 'pending' AND delivery.next_attempt_at <= now()
 *     FOR UPDATE OF delivery SKIP LOCKED
 * )
 * UPDATE webhook_deliveries AS claimed
 * SET attempts = claimed.attempts + 1,
 *     next_attempt_at = now() + make_interval(secs => :leaseSeconds!)
 * FROM locked, webhook_endpoints AS endpoint, order_events AS event
 * WHERE claimed.id = locked.id AND endpoint.id = claimed.endpoint_id AND event.id = claimed.event_id
 * RETURNING claimed.id, claimed.attempts, claimed.endpoint_id, endpoint.url, endpoint.secret,
 *           event.id AS event_id, event.order_id, event.type, event.source, event.details, event.created_at
 * ```
 */
export const claimDueDeliveries = new PreparedQuery<IClaimDueDeliveriesParams,IClaimDueDeliveriesResult>(claimDueDeliveriesIR);


/** 'CompleteDelivery' parameters type */
export interface ICompleteDeliveryParams {
  attemptedAt: DateOrString;
  durationMs: number;
  id: NumberOrString;
  responseStatus: number;
}

/** 'CompleteDelivery' return type */
export interface ICompleteDeliveryResult {
  id: string;
}

/** 'CompleteDelivery' query type */
export interface ICompleteDeliveryQuery {
  params: ICompleteDeliveryParams;
  result: ICompleteDeliveryResult;
}

const completeDeliveryIR: any = {"usedParamSet":{"id":true,"attemptedAt":true,"durationMs":true,"responseStatus":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":224,"b":227},{"a":409,"b":412}]},{"name":"attemptedAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":230,"b":242}]},{"name":"durationMs","required":true,"transform":{"type":"scalar"},"locs":[{"a":245,"b":256}]},{"name":"responseStatus","required":true,"transform":{"type":"scalar"},"locs":[{"a":259,"b":274}]}],"statement":"-- Records a successful attempt, marks the delivery delivered and the endpoint healthy again.\nWITH attempt AS (\n    INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, duration_ms, response_status)\n    VALUES (:id!, :attemptedAt!, :durationMs!, :responseStatus!)\n), delivered AS (\n    UPDATE webhook_deliveries\n    SET state = 'delivered', delivered_at = now(), last_error = NULL\n    WHERE id = :id! AND state = 'pending'\n    RETURNING id, endpoint_id\n), healthy AS (\n    UPDATE webhook_endpoints AS endpoint\n    SET failing_since = NULL\n    FROM delivered\n    WHERE endpoint.id = delivered.endpoint_id AND endpoint.failing_since IS NOT NULL\n)\nSELECT id FROM delivered"};

/**
 * Query generated from SQL:
 * ```
 * -- Records a successful attempt, marks the delivery delivered and the endpoint healthy again.
 * WITH attempt AS (
 *     INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, duration_ms, response_status)
 *     VALUES (:id!, :attemptedAt!, :durationMs!, :responseStatus!)
 * ), delivered AS (
 *     UPDATE webhook_deliveries
 *     SET state = 'delivered', delivered_at = now(), last_error = NULL
 *     WHERE id = :id! AND state = 'pending'
 *     RETURNING id, endpoint_id
 * ), healthy AS (
 *     UPDATE webhook_endpoints AS endpoint
 *     SET failing_since = NULL
 *     FROM delivered
 *     WHERE endpoint.id = delivered.endpoint_id AND endpoint.failing_since IS NOT NULL
 * )
 * SELECT id FROM delivered
 * ```
 */
export const completeDelivery = new PreparedQuery<ICompleteDeliveryParams,ICompleteDeliveryResult>(completeDeliveryIR);


/** 'ReleaseNextDelivery' parameters type */
export interface IReleaseNextDeliveryParams {
  endpointId: NumberOrString;
  orderId: NumberOrString;
}

/** 'ReleaseNextDelivery' return type */
export type IReleaseNextDeliveryResult = void;

/** 'ReleaseNextDelivery' query type */
export interface IReleaseNextDeliveryQuery {
  params: IReleaseNextDeliveryParams;
  result: IReleaseNextDeliveryResult;
}

const releaseNextDeliveryIR: any = {"usedParamSet":{"endpointId":true,"orderId":true},"params":[{"name":"endpointId","required":true,"transform":{"type":"scalar"},"locs":[{"a":444,"b":455}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":477,"b":485}]}],"statement":"-- After a delivery left the pending state: the order's next pending event for the endpoint (now the\n-- head of its line) becomes due. A statement of its own, run after CompleteDelivery in the same\n-- transaction, so it sees a delivery parked by a fan-out that was waiting on that one (see 0008).\nUPDATE webhook_deliveries\nSET next_attempt_at = now()\nWHERE id = (\n    SELECT next.id FROM webhook_deliveries AS next\n    WHERE next.endpoint_id = :endpointId! AND next.order_id = :orderId! AND next.state = 'pending'\n    ORDER BY next.event_id\n    LIMIT 1\n) AND next_attempt_at = 'infinity'"};

/**
 * Query generated from SQL:
 * ```
 * -- After a delivery left the pending state: the order's next pending event for the endpoint (now the
 * -- head of its line) becomes due. A statement of its own, run after CompleteDelivery in the same
 * -- transaction, so it sees a delivery parked by a fan-out that was waiting on that one (see 0008).
 * UPDATE webhook_deliveries
 * SET next_attempt_at = now()
 * WHERE id = (
 *     SELECT next.id FROM webhook_deliveries AS next
 *     WHERE next.endpoint_id = :endpointId! AND next.order_id = :orderId! AND next.state = 'pending'
 *     ORDER BY next.event_id
 *     LIMIT 1
 * ) AND next_attempt_at = 'infinity'
 * ```
 */
export const releaseNextDelivery = new PreparedQuery<IReleaseNextDeliveryParams,IReleaseNextDeliveryResult>(releaseNextDeliveryIR);


/** 'FailDelivery' parameters type */
export interface IFailDeliveryParams {
  attempt: number;
  attemptedAt: DateOrString;
  disableAfterSeconds: number;
  disabledReason: string;
  durationMs: number;
  error: string;
  id: NumberOrString;
  responseStatus?: number | null | void;
  retryInSeconds: number;
}

/** 'FailDelivery' return type */
export interface IFailDeliveryResult {
  disabled_at: Date | null;
  failing_since: Date | null;
  id: string;
}

/** 'FailDelivery' query type */
export interface IFailDeliveryQuery {
  params: IFailDeliveryParams;
  result: IFailDeliveryResult;
}

const failDeliveryIR: any = {"usedParamSet":{"id":true,"attemptedAt":true,"durationMs":true,"responseStatus":true,"error":true,"retryInSeconds":true,"attempt":true,"disableAfterSeconds":true,"disabledReason":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":566,"b":569},{"a":783,"b":786}]},{"name":"attemptedAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":572,"b":584},{"a":980,"b":992},{"a":1061,"b":1073},{"a":1217,"b":1229}]},{"name":"durationMs","required":true,"transform":{"type":"scalar"},"locs":[{"a":587,"b":598}]},{"name":"responseStatus","required":false,"transform":{"type":"scalar"},"locs":[{"a":601,"b":615}]},{"name":"error","required":true,"transform":{"type":"scalar"},"locs":[{"a":618,"b":624},{"a":760,"b":766}]},{"name":"retryInSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":728,"b":743}]},{"name":"attempt","required":true,"transform":{"type":"scalar"},"locs":[{"a":825,"b":833}]},{"name":"disableAfterSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":1109,"b":1129},{"a":1265,"b":1285}]},{"name":"disabledReason","required":true,"transform":{"type":"scalar"},"locs":[{"a":1293,"b":1308},{"a":1640,"b":1655}]}],"statement":"-- Records a failed attempt and schedules the next one, unless the delivery was claimed again\n-- meanwhile (its lease ran out) or is no longer pending. The endpoint's failing run starts with\n-- its first failure; a failure after disableAfterSeconds of failing disables it, once (the\n-- WHERE re-checked under the row lock: a concurrent failure elsewhere finds it disabled already),\n-- and records why in webhook_endpoint_events.\nWITH attempt AS (\n    INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, duration_ms, response_status, error)\n    VALUES (:id!, :attemptedAt!, :durationMs!, :responseStatus, :error!)\n), failed AS (\n    UPDATE webhook_deliveries\n    SET next_attempt_at = now() + make_interval(secs => :retryInSeconds!), last_error = :error!\n    WHERE id = :id! AND state = 'pending' AND attempts = :attempt!\n    RETURNING id, endpoint_id\n), endpoint AS (\n    UPDATE webhook_endpoints AS endpoint\n    SET failing_since = coalesce(endpoint.failing_since, :attemptedAt!),\n        disabled_at = CASE WHEN coalesce(endpoint.failing_since, :attemptedAt!) <= now() - make_interval(secs => :disableAfterSeconds!) THEN now() END,\n        disabled_reason = CASE WHEN coalesce(endpoint.failing_since, :attemptedAt!) <= now() - make_interval(secs => :disableAfterSeconds!) THEN :disabledReason! END\n    FROM failed\n    WHERE endpoint.id = failed.endpoint_id AND endpoint.disabled_at IS NULL AND endpoint.deleted_at IS NULL\n    RETURNING endpoint.id, endpoint.failing_since, endpoint.disabled_at\n), recorded AS (\n    INSERT INTO webhook_endpoint_events (endpoint_id, type, reason)\n    SELECT endpoint.id, 'endpoint.disabled', :disabledReason! FROM endpoint WHERE endpoint.disabled_at IS NOT NULL\n)\nSELECT failed.id, endpoint.failing_since, endpoint.disabled_at\nFROM failed LEFT JOIN endpoint ON endpoint.id = failed.endpoint_id"};

/**
 * Query generated from SQL:
 * ```
 * -- Records a failed attempt and schedules the next one, unless the delivery was claimed again
 * -- meanwhile (its lease ran out) or is no longer pending. The endpoint's failing run starts with
 * -- its first failure; a failure after disableAfterSeconds of failing disables it, once (the
 * -- WHERE re-checked under the row lock: a concurrent failure elsewhere finds it disabled already),
 * -- and records why in webhook_endpoint_events.
 * WITH attempt AS (
 *     INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, duration_ms, response_status, error)
 *     VALUES (:id!, :attemptedAt!, :durationMs!, :responseStatus, :error!)
 * ), failed AS (
 *     UPDATE webhook_deliveries
 *     SET next_attempt_at = now() + make_interval(secs => :retryInSeconds!), last_error = :error!
 *     WHERE id = :id! AND state = 'pending' AND attempts = :attempt!
 *     RETURNING id, endpoint_id
 * ), endpoint AS (
 *     UPDATE webhook_endpoints AS endpoint
 *     SET failing_since = coalesce(endpoint.failing_since, :attemptedAt!),
 *         disabled_at = CASE WHEN coalesce(endpoint.failing_since, :attemptedAt!) <= now() - make_interval(secs => :disableAfterSeconds!) THEN now() END,
 *         disabled_reason = CASE WHEN coalesce(endpoint.failing_since, :attemptedAt!) <= now() - make_interval(secs => :disableAfterSeconds!) THEN :disabledReason! END
 *     FROM failed
 *     WHERE endpoint.id = failed.endpoint_id AND endpoint.disabled_at IS NULL AND endpoint.deleted_at IS NULL
 *     RETURNING endpoint.id, endpoint.failing_since, endpoint.disabled_at
 * ), recorded AS (
 *     INSERT INTO webhook_endpoint_events (endpoint_id, type, reason)
 *     SELECT endpoint.id, 'endpoint.disabled', :disabledReason! FROM endpoint WHERE endpoint.disabled_at IS NOT NULL
 * )
 * SELECT failed.id, endpoint.failing_since, endpoint.disabled_at
 * FROM failed LEFT JOIN endpoint ON endpoint.id = failed.endpoint_id
 * ```
 */
export const failDelivery = new PreparedQuery<IFailDeliveryParams,IFailDeliveryResult>(failDeliveryIR);


/** 'EnableEndpoint' parameters type */
export interface IEnableEndpointParams {
  actor: string;
  id: NumberOrString;
}

/** 'EnableEndpoint' return type */
export interface IEnableEndpointResult {
  id: string;
}

/** 'EnableEndpoint' query type */
export interface IEnableEndpointQuery {
  params: IEnableEndpointParams;
  result: IEnableEndpointResult;
}

const enableEndpointIR: any = {"usedParamSet":{"id":true,"actor":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":335,"b":338}]},{"name":"actor","required":true,"transform":{"type":"scalar"},"locs":[{"a":535,"b":541}]}],"statement":"-- Re-enables a disabled endpoint: its failing run starts afresh, what was pending is due now, and\n-- the enable is recorded. Nothing happens (and nothing is recorded) for an endpoint already active.\nWITH enabled AS (\n    UPDATE webhook_endpoints\n    SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL\n    WHERE id = :id! AND deleted_at IS NULL AND disabled_at IS NOT NULL\n    RETURNING id\n), recorded AS (\n    INSERT INTO webhook_endpoint_events (endpoint_id, type, actor)\n    SELECT enabled.id, 'endpoint.enabled', :actor! FROM enabled\n), resumed AS (\n    UPDATE webhook_deliveries AS delivery\n    SET next_attempt_at = now()\n    FROM enabled\n    WHERE delivery.endpoint_id = enabled.id AND delivery.state = 'pending'\n      AND delivery.next_attempt_at > now() AND delivery.next_attempt_at <> 'infinity'\n)\nSELECT id FROM enabled"};

/**
 * Query generated from SQL:
 * ```
 * -- Re-enables a disabled endpoint: its failing run starts afresh, what was pending is due now, and
 * -- the enable is recorded. Nothing happens (and nothing is recorded) for an endpoint already active.
 * WITH enabled AS (
 *     UPDATE webhook_endpoints
 *     SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL
 *     WHERE id = :id! AND deleted_at IS NULL AND disabled_at IS NOT NULL
 *     RETURNING id
 * ), recorded AS (
 *     INSERT INTO webhook_endpoint_events (endpoint_id, type, actor)
 *     SELECT enabled.id, 'endpoint.enabled', :actor! FROM enabled
 * ), resumed AS (
 *     UPDATE webhook_deliveries AS delivery
 *     SET next_attempt_at = now()
 *     FROM enabled
 *     WHERE delivery.endpoint_id = enabled.id AND delivery.state = 'pending'
 *       AND delivery.next_attempt_at > now() AND delivery.next_attempt_at <> 'infinity'
 * )
 * SELECT id FROM enabled
 * ```
 */
export const enableEndpoint = new PreparedQuery<IEnableEndpointParams,IEnableEndpointResult>(enableEndpointIR);


/** 'DeleteFinishedDeliveries' parameters type */
export interface IDeleteFinishedDeliveriesParams {
  batch: NumberOrString;
  retentionSeconds: number;
}

/** 'DeleteFinishedDeliveries' return type */
export interface IDeleteFinishedDeliveriesResult {
  id: string;
}

/** 'DeleteFinishedDeliveries' query type */
export interface IDeleteFinishedDeliveriesQuery {
  params: IDeleteFinishedDeliveriesParams;
  result: IDeleteFinishedDeliveriesResult;
}

const deleteFinishedDeliveriesIR: any = {"usedParamSet":{"retentionSeconds":true,"batch":true},"params":[{"name":"retentionSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":354,"b":371}]},{"name":"batch","required":true,"transform":{"type":"scalar"},"locs":[{"a":432,"b":438}]}],"statement":"-- Retention: delivered and cancelled deliveries older than the retention (their attempts go with\n-- them, ON DELETE CASCADE), oldest first, a batch at a time; dispatchers side by side skip each other.\nWITH old AS (\n    SELECT id FROM webhook_deliveries\n    WHERE state <> 'pending' AND coalesce(delivered_at, created_at) < now() - make_interval(secs => :retentionSeconds!)\n    ORDER BY coalesce(delivered_at, created_at)\n    LIMIT :batch!\n    FOR UPDATE SKIP LOCKED\n)\nDELETE FROM webhook_deliveries AS delivery USING old WHERE delivery.id = old.id\nRETURNING delivery.id"};

/**
 * Query generated from SQL:
 * ```
 * -- Retention: delivered and cancelled deliveries older than the retention (their attempts go with
 * -- them, ON DELETE CASCADE), oldest first, a batch at a time; dispatchers side by side skip each other.
 * WITH old AS (
 *     SELECT id FROM webhook_deliveries
 *     WHERE state <> 'pending' AND coalesce(delivered_at, created_at) < now() - make_interval(secs => :retentionSeconds!)
 *     ORDER BY coalesce(delivered_at, created_at)
 *     LIMIT :batch!
 *     FOR UPDATE SKIP LOCKED
 * )
 * DELETE FROM webhook_deliveries AS delivery USING old WHERE delivery.id = old.id
 * RETURNING delivery.id
 * ```
 */
export const deleteFinishedDeliveries = new PreparedQuery<IDeleteFinishedDeliveriesParams,IDeleteFinishedDeliveriesResult>(deleteFinishedDeliveriesIR);


/** 'DeleteOldAttempts' parameters type */
export interface IDeleteOldAttemptsParams {
  batch: NumberOrString;
  retentionSeconds: number;
}

/** 'DeleteOldAttempts' return type */
export interface IDeleteOldAttemptsResult {
  id: string;
}

/** 'DeleteOldAttempts' query type */
export interface IDeleteOldAttemptsQuery {
  params: IDeleteOldAttemptsParams;
  result: IDeleteOldAttemptsResult;
}

const deleteOldAttemptsIR: any = {"usedParamSet":{"retentionSeconds":true,"batch":true},"params":[{"name":"retentionSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":209,"b":226}]},{"name":"batch","required":true,"transform":{"type":"scalar"},"locs":[{"a":265,"b":271}]}],"statement":"-- Retention for the attempts of deliveries still pending (a long failing run): the oldest go.\nWITH old AS (\n    SELECT id FROM webhook_delivery_attempts\n    WHERE attempted_at < now() - make_interval(secs => :retentionSeconds!)\n    ORDER BY attempted_at\n    LIMIT :batch!\n    FOR UPDATE SKIP LOCKED\n)\nDELETE FROM webhook_delivery_attempts AS attempt USING old WHERE attempt.id = old.id\nRETURNING attempt.id"};

/**
 * Query generated from SQL:
 * ```
 * -- Retention for the attempts of deliveries still pending (a long failing run): the oldest go.
 * WITH old AS (
 *     SELECT id FROM webhook_delivery_attempts
 *     WHERE attempted_at < now() - make_interval(secs => :retentionSeconds!)
 *     ORDER BY attempted_at
 *     LIMIT :batch!
 *     FOR UPDATE SKIP LOCKED
 * )
 * DELETE FROM webhook_delivery_attempts AS attempt USING old WHERE attempt.id = old.id
 * RETURNING attempt.id
 * ```
 */
export const deleteOldAttempts = new PreparedQuery<IDeleteOldAttemptsParams,IDeleteOldAttemptsResult>(deleteOldAttemptsIR);


/** 'ListDeliveries' parameters type */
export interface IListDeliveriesParams {
  after: NumberOrString;
  endpointId: NumberOrString;
  limit: NumberOrString;
}

/** 'ListDeliveries' return type */
export interface IListDeliveriesResult {
  attempts: number;
  created_at: Date;
  delivered_at: Date | null;
  event_id: string;
  event_type: string;
  id: string;
  last_error: string | null;
  next_attempt_at: Date | null;
  order_id: string;
  state: string;
}

/** 'ListDeliveries' query type */
export interface IListDeliveriesQuery {
  params: IListDeliveriesParams;
  result: IListDeliveriesResult;
}

const listDeliveriesIR: any = {"usedParamSet":{"endpointId":true,"after":true,"limit":true},"params":[{"name":"endpointId","required":true,"transform":{"type":"scalar"},"locs":[{"a":467,"b":478}]},{"name":"after","required":true,"transform":{"type":"scalar"},"locs":[{"a":498,"b":504}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":533,"b":539}]}],"statement":"-- A parked delivery (waiting for an earlier event of its order) has no due time: NULL.\nSELECT delivery.id, delivery.event_id, delivery.order_id, event.type AS event_type, delivery.state,\n       delivery.attempts, nullif(delivery.next_attempt_at, 'infinity') AS next_attempt_at, delivery.last_error, delivery.delivered_at, delivery.created_at\nFROM webhook_deliveries AS delivery\nJOIN order_events AS event ON event.id = delivery.event_id\nWHERE delivery.endpoint_id = :endpointId! AND delivery.id > :after!\nORDER BY delivery.id\nLIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * -- A parked delivery (waiting for an earlier event of its order) has no due time: NULL.
 * SELECT delivery.id, delivery.event_id, delivery.order_id, event.type AS event_type, delivery.state,
 *        delivery.attempts, nullif(delivery.next_attempt_at, 'infinity') AS next_attempt_at, delivery.last_error, delivery.delivered_at, delivery.created_at
 * FROM webhook_deliveries AS delivery
 * JOIN order_events AS event ON event.id = delivery.event_id
 * WHERE delivery.endpoint_id = :endpointId! AND delivery.id > :after!
 * ORDER BY delivery.id
 * LIMIT :limit!
 * ```
 */
export const listDeliveries = new PreparedQuery<IListDeliveriesParams,IListDeliveriesResult>(listDeliveriesIR);


/** 'ListRecentAttempts' parameters type */
export interface IListRecentAttemptsParams {
  deliveryIds: readonly (NumberOrString)[];
  perDelivery: NumberOrString;
}

/** 'ListRecentAttempts' return type */
export interface IListRecentAttemptsResult {
  attempted_at: Date;
  delivery_id: string;
  duration_ms: number;
  error: string | null;
  response_status: number | null;
}

/** 'ListRecentAttempts' query type */
export interface IListRecentAttemptsQuery {
  params: IListRecentAttemptsParams;
  result: IListRecentAttemptsResult;
}

const listRecentAttemptsIR: any = {"usedParamSet":{"deliveryIds":true,"perDelivery":true},"params":[{"name":"deliveryIds","required":true,"transform":{"type":"array_spread"},"locs":[{"a":359,"b":371}]},{"name":"perDelivery","required":true,"transform":{"type":"scalar"},"locs":[{"a":402,"b":414}]}],"statement":"-- The latest few attempts of each delivery, oldest first.\nSELECT delivery_id, attempted_at, duration_ms, response_status, error\nFROM (\n    SELECT id, delivery_id, attempted_at, duration_ms, response_status, error,\n           row_number() OVER (PARTITION BY delivery_id ORDER BY id DESC) AS recency\n    FROM webhook_delivery_attempts\n    WHERE delivery_id IN :deliveryIds!\n) AS recent\nWHERE recency <= :perDelivery!\nORDER BY delivery_id, id"};

/**
 * Query generated from SQL:
 * ```
 * -- The latest few attempts of each delivery, oldest first.
 * SELECT delivery_id, attempted_at, duration_ms, response_status, error
 * FROM (
 *     SELECT id, delivery_id, attempted_at, duration_ms, response_status, error,
 *            row_number() OVER (PARTITION BY delivery_id ORDER BY id DESC) AS recency
 *     FROM webhook_delivery_attempts
 *     WHERE delivery_id IN :deliveryIds!
 * ) AS recent
 * WHERE recency <= :perDelivery!
 * ORDER BY delivery_id, id
 * ```
 */
export const listRecentAttempts = new PreparedQuery<IListRecentAttemptsParams,IListRecentAttemptsResult>(listRecentAttemptsIR);


/** 'ListOrderDeliveries' parameters type */
export interface IListOrderDeliveriesParams {
  after: NumberOrString;
  limit: NumberOrString;
  orderId: NumberOrString;
}

/** 'ListOrderDeliveries' return type */
export interface IListOrderDeliveriesResult {
  attempts: number;
  created_at: Date;
  delivered_at: Date | null;
  endpoint_id: string;
  endpoint_url: string;
  event_id: string;
  event_type: string;
  id: string;
  last_error: string | null;
  next_attempt_at: Date | null;
  order_id: string;
  state: string;
}

/** 'ListOrderDeliveries' query type */
export interface IListOrderDeliveriesQuery {
  params: IListOrderDeliveriesParams;
  result: IListOrderDeliveriesResult;
}

const listOrderDeliveriesIR: any = {"usedParamSet":{"orderId":true,"after":true,"limit":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":820,"b":828}]},{"name":"after","required":true,"transform":{"type":"scalar"},"locs":[{"a":880,"b":886}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":915,"b":921}]}],"statement":"-- An order's deliveries to the endpoints not deleted: its events (index (order_id, id)) times the\n-- endpoints, each pair looked up by the unique (endpoint_id, event_id), so a page costs what the\n-- order's events and the endpoints number, never what webhook_deliveries holds (it has no order index).\nSELECT delivery.id, endpoint.id AS endpoint_id, endpoint.url AS endpoint_url, event.id AS event_id, event.order_id,\n       event.type AS event_type, delivery.state, delivery.attempts, nullif(delivery.next_attempt_at, 'infinity') AS next_attempt_at,\n       delivery.last_error, delivery.delivered_at, delivery.created_at\nFROM order_events AS event\nCROSS JOIN webhook_endpoints AS endpoint\nJOIN webhook_deliveries AS delivery ON delivery.endpoint_id = endpoint.id AND delivery.event_id = event.id\nWHERE event.order_id = :orderId! AND endpoint.deleted_at IS NULL AND delivery.id > :after!\nORDER BY delivery.id\nLIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * -- An order's deliveries to the endpoints not deleted: its events (index (order_id, id)) times the
 * -- endpoints, each pair looked up by the unique (endpoint_id, event_id), so a page costs what the
 * -- order's events and the endpoints number, never what webhook_deliveries holds (it has no order index).
 * SELECT delivery.id, endpoint.id AS endpoint_id, endpoint.url AS endpoint_url, event.id AS event_id, event.order_id,
 *        event.type AS event_type, delivery.state, delivery.attempts, nullif(delivery.next_attempt_at, 'infinity') AS next_attempt_at,
 *        delivery.last_error, delivery.delivered_at, delivery.created_at
 * FROM order_events AS event
 * CROSS JOIN webhook_endpoints AS endpoint
 * JOIN webhook_deliveries AS delivery ON delivery.endpoint_id = endpoint.id AND delivery.event_id = event.id
 * WHERE event.order_id = :orderId! AND endpoint.deleted_at IS NULL AND delivery.id > :after!
 * ORDER BY delivery.id
 * LIMIT :limit!
 * ```
 */
export const listOrderDeliveries = new PreparedQuery<IListOrderDeliveriesParams,IListOrderDeliveriesResult>(listOrderDeliveriesIR);


