/** Types generated for queries found in "src/webhooks/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NumberOrString = number | string;

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
  id: string;
  secret: string;
  url: string;
}

/** 'InsertEndpoint' query type */
export interface IInsertEndpointQuery {
  params: IInsertEndpointParams;
  result: IInsertEndpointResult;
}

const insertEndpointIR: any = {"usedParamSet":{"url":true,"secret":true,"description":true},"params":[{"name":"url","required":true,"transform":{"type":"scalar"},"locs":[{"a":65,"b":69}]},{"name":"secret","required":true,"transform":{"type":"scalar"},"locs":[{"a":72,"b":79}]},{"name":"description","required":false,"transform":{"type":"scalar"},"locs":[{"a":82,"b":93}]}],"statement":"INSERT INTO webhook_endpoints (url, secret, description)\nVALUES (:url!, :secret!, :description)\nRETURNING id, url, secret, description, created_at"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO webhook_endpoints (url, secret, description)
 * VALUES (:url!, :secret!, :description)
 * RETURNING id, url, secret, description, created_at
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
  id: string;
  url: string;
}

/** 'FindEndpoint' query type */
export interface IFindEndpointQuery {
  params: IFindEndpointParams;
  result: IFindEndpointResult;
}

const findEndpointIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":74,"b":77}]}],"statement":"SELECT id, url, description, created_at\nFROM webhook_endpoints\nWHERE id = :id! AND deleted_at IS NULL"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, url, description, created_at
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
  id: string;
  url: string;
}

/** 'ListEndpoints' query type */
export interface IListEndpointsQuery {
  params: IListEndpointsParams;
  result: IListEndpointsResult;
}

const listEndpointsIR: any = {"usedParamSet":{"after":true,"limit":true},"params":[{"name":"after","required":true,"transform":{"type":"scalar"},"locs":[{"a":97,"b":103}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":123,"b":129}]}],"statement":"SELECT id, url, description, created_at\nFROM webhook_endpoints\nWHERE deleted_at IS NULL AND id > :after!\nORDER BY id\nLIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, url, description, created_at
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

const claimDueDeliveriesIR: any = {"usedParamSet":{"limit":true,"leaseSeconds":true},"params":[{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":995,"b":1001}]},{"name":"leaseSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":1170,"b":1183}]}],"statement":"-- Claims up to the limit due deliveries for one attempt each: the attempt count goes up (it is the\n-- claim token) and the delivery is leased for a while, after which another\n-- dispatcher may retry it (a crashed dispatcher loses nothing). A delivery is due only when no\n-- earlier event of the same order is still pending for the same endpoint: that keeps order per order.\nWITH due AS (\n    SELECT delivery.id\n    FROM webhook_deliveries AS delivery\n    JOIN webhook_endpoints AS endpoint ON endpoint.id = delivery.endpoint_id AND endpoint.deleted_at IS NULL\n    WHERE delivery.state = 'pending'\n      AND delivery.next_attempt_at <= now()\n      AND NOT EXISTS (\n          SELECT 1 FROM webhook_deliveries AS earlier\n          WHERE earlier.endpoint_id = delivery.endpoint_id\n            AND earlier.order_id = delivery.order_id\n            AND earlier.state = 'pending'\n            AND earlier.event_id < delivery.event_id\n      )\n    ORDER BY delivery.next_attempt_at, delivery.id\n    LIMIT :limit!\n    FOR UPDATE OF delivery SKIP LOCKED\n)\nUPDATE webhook_deliveries AS claimed\nSET attempts = claimed.attempts + 1,\n    next_attempt_at = now() + make_interval(secs => :leaseSeconds!)\nFROM due, webhook_endpoints AS endpoint, order_events AS event\nWHERE claimed.id = due.id AND endpoint.id = claimed.endpoint_id AND event.id = claimed.event_id\nRETURNING claimed.id, claimed.attempts, claimed.endpoint_id, endpoint.url, endpoint.secret,\n          event.id AS event_id, event.order_id, event.type, event.source, event.details, event.created_at"};

/**
 * Query generated from SQL:
 * ```
 * -- Claims up to the limit due deliveries for one attempt each: the attempt count goes up (it is the
 * -- claim token) and the delivery is leased for a while, after which another
 * -- dispatcher may retry it (a crashed dispatcher loses nothing). A delivery is due only when no
 * -- earlier event of the same order is still pending for the same endpoint: that keeps order per order.
 * WITH due AS (
 *     SELECT delivery.id
 *     FROM webhook_deliveries AS delivery
 *     JOIN webhook_endpoints AS endpoint ON endpoint.id = delivery.endpoint_id AND endpoint.deleted_at IS NULL
 *     WHERE delivery.state = 'pending'
 *       AND delivery.next_attempt_at <= now()
 *       AND NOT EXISTS (
 *           SELECT 1 FROM webhook_deliveries AS earlier
 *           WHERE earlier.endpoint_id = delivery.endpoint_id
 *             AND earlier.order_id = delivery.order_id
 *             AND earlier.state = 'pending'
 *             AND earlier.event_id < delivery.event_id
 *       )
 *     ORDER BY delivery.next_attempt_at, delivery.id
 *     LIMIT :limit!
 *     FOR UPDATE OF delivery SKIP LOCKED
 * )
 * UPDATE webhook_deliveries AS claimed
 * SET attempts = claimed.attempts + 1,
 *     next_attempt_at = now() + make_interval(secs => :leaseSeconds!)
 * FROM due, webhook_endpoints AS endpoint, order_events AS event
 * WHERE claimed.id = due.id AND endpoint.id = claimed.endpoint_id AND event.id = claimed.event_id
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

const completeDeliveryIR: any = {"usedParamSet":{"id":true,"attemptedAt":true,"durationMs":true,"responseStatus":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":196,"b":199},{"a":353,"b":356}]},{"name":"attemptedAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":202,"b":214}]},{"name":"durationMs","required":true,"transform":{"type":"scalar"},"locs":[{"a":217,"b":228}]},{"name":"responseStatus","required":true,"transform":{"type":"scalar"},"locs":[{"a":231,"b":246}]}],"statement":"-- Records a successful attempt and marks the delivery delivered.\nWITH attempt AS (\n    INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, duration_ms, response_status)\n    VALUES (:id!, :attemptedAt!, :durationMs!, :responseStatus!)\n)\nUPDATE webhook_deliveries\nSET state = 'delivered', delivered_at = now(), last_error = NULL\nWHERE id = :id! AND state = 'pending'\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * -- Records a successful attempt and marks the delivery delivered.
 * WITH attempt AS (
 *     INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, duration_ms, response_status)
 *     VALUES (:id!, :attemptedAt!, :durationMs!, :responseStatus!)
 * )
 * UPDATE webhook_deliveries
 * SET state = 'delivered', delivered_at = now(), last_error = NULL
 * WHERE id = :id! AND state = 'pending'
 * RETURNING id
 * ```
 */
export const completeDelivery = new PreparedQuery<ICompleteDeliveryParams,ICompleteDeliveryResult>(completeDeliveryIR);


/** 'FailDelivery' parameters type */
export interface IFailDeliveryParams {
  attempt: number;
  attemptedAt: DateOrString;
  durationMs: number;
  error: string;
  id: NumberOrString;
  responseStatus?: number | null | void;
  retryInSeconds: number;
}

/** 'FailDelivery' return type */
export interface IFailDeliveryResult {
  id: string;
}

/** 'FailDelivery' query type */
export interface IFailDeliveryQuery {
  params: IFailDeliveryParams;
  result: IFailDeliveryResult;
}

const failDeliveryIR: any = {"usedParamSet":{"id":true,"attemptedAt":true,"durationMs":true,"responseStatus":true,"error":true,"retryInSeconds":true,"attempt":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":289,"b":292},{"a":481,"b":484}]},{"name":"attemptedAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":295,"b":307}]},{"name":"durationMs","required":true,"transform":{"type":"scalar"},"locs":[{"a":310,"b":321}]},{"name":"responseStatus","required":false,"transform":{"type":"scalar"},"locs":[{"a":324,"b":338}]},{"name":"error","required":true,"transform":{"type":"scalar"},"locs":[{"a":341,"b":347},{"a":462,"b":468}]},{"name":"retryInSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":430,"b":445}]},{"name":"attempt","required":true,"transform":{"type":"scalar"},"locs":[{"a":523,"b":531}]}],"statement":"-- Records a failed attempt and schedules the next one, unless the delivery was claimed again\n-- meanwhile (its lease ran out) or is no longer pending.\nWITH attempt AS (\n    INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, duration_ms, response_status, error)\n    VALUES (:id!, :attemptedAt!, :durationMs!, :responseStatus, :error!)\n)\nUPDATE webhook_deliveries\nSET next_attempt_at = now() + make_interval(secs => :retryInSeconds!), last_error = :error!\nWHERE id = :id! AND state = 'pending' AND attempts = :attempt!\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * -- Records a failed attempt and schedules the next one, unless the delivery was claimed again
 * -- meanwhile (its lease ran out) or is no longer pending.
 * WITH attempt AS (
 *     INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, duration_ms, response_status, error)
 *     VALUES (:id!, :attemptedAt!, :durationMs!, :responseStatus, :error!)
 * )
 * UPDATE webhook_deliveries
 * SET next_attempt_at = now() + make_interval(secs => :retryInSeconds!), last_error = :error!
 * WHERE id = :id! AND state = 'pending' AND attempts = :attempt!
 * RETURNING id
 * ```
 */
export const failDelivery = new PreparedQuery<IFailDeliveryParams,IFailDeliveryResult>(failDeliveryIR);


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
  next_attempt_at: Date;
  order_id: string;
  state: string;
}

/** 'ListDeliveries' query type */
export interface IListDeliveriesQuery {
  params: IListDeliveriesParams;
  result: IListDeliveriesResult;
}

const listDeliveriesIR: any = {"usedParamSet":{"endpointId":true,"after":true,"limit":true},"params":[{"name":"endpointId","required":true,"transform":{"type":"scalar"},"locs":[{"a":340,"b":351}]},{"name":"after","required":true,"transform":{"type":"scalar"},"locs":[{"a":371,"b":377}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":406,"b":412}]}],"statement":"SELECT delivery.id, delivery.event_id, delivery.order_id, event.type AS event_type, delivery.state,\n       delivery.attempts, delivery.next_attempt_at, delivery.last_error, delivery.delivered_at, delivery.created_at\nFROM webhook_deliveries AS delivery\nJOIN order_events AS event ON event.id = delivery.event_id\nWHERE delivery.endpoint_id = :endpointId! AND delivery.id > :after!\nORDER BY delivery.id\nLIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT delivery.id, delivery.event_id, delivery.order_id, event.type AS event_type, delivery.state,
 *        delivery.attempts, delivery.next_attempt_at, delivery.last_error, delivery.delivered_at, delivery.created_at
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


