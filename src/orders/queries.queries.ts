/** Types generated for queries found in "src/orders/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type order_status = 'cancelled' | 'completed' | 'failed' | 'pending' | 'processing' | 'shipped';

export type saga_stage = 'authorizing_payment' | 'awaiting_delivery' | 'awaiting_review' | 'booking_shipment' | 'capturing_payment' | 'compensating' | 'delivery_stalled' | 'done' | 'handing_over' | 'reserving_inventory' | 'screening' | 'validating' | 'waiting';

export type DateOrString = Date | string;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NumberOrString = number | string;

export type NumberOrStringArray = (NumberOrString)[];

export type numberArray = (number)[];

export type stringArray = (string)[];

/** 'ReserveOrderId' parameters type */
export type IReserveOrderIdParams = void;

/** 'ReserveOrderId' return type */
export interface IReserveOrderIdResult {
  id: string;
}

/** 'ReserveOrderId' query type */
export interface IReserveOrderIdQuery {
  params: IReserveOrderIdParams;
  result: IReserveOrderIdResult;
}

const reserveOrderIdIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT nextval(pg_get_serial_sequence('orders', 'id')) AS \"id!\""};

/**
 * Query generated from SQL:
 * ```
 * SELECT nextval(pg_get_serial_sequence('orders', 'id')) AS "id!"
 * ```
 */
export const reserveOrderId = new PreparedQuery<IReserveOrderIdParams,IReserveOrderIdResult>(reserveOrderIdIR);


/** 'LockOrderId' parameters type */
export interface ILockOrderIdParams {
  id: NumberOrString;
}

/** 'LockOrderId' return type */
export interface ILockOrderIdResult {
  locked: boolean;
}

/** 'LockOrderId' query type */
export interface ILockOrderIdQuery {
  params: ILockOrderIdParams;
  result: ILockOrderIdResult;
}

const lockOrderIdIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":175,"b":178}]}],"statement":"-- Shared by creates, exclusive for the workflow deciding an id was abandoned; held to the end of the transaction.\nSELECT pg_advisory_xact_lock_shared(hashtext('orders.id'), (:id!::bigint % 2147483647)::int) IS NULL AS \"locked!\""};

/**
 * Query generated from SQL:
 * ```
 * -- Shared by creates, exclusive for the workflow deciding an id was abandoned; held to the end of the transaction.
 * SELECT pg_advisory_xact_lock_shared(hashtext('orders.id'), (:id!::bigint % 2147483647)::int) IS NULL AS "locked!"
 * ```
 */
export const lockOrderId = new PreparedQuery<ILockOrderIdParams,ILockOrderIdResult>(lockOrderIdIR);


/** 'LockOrderIdExclusively' parameters type */
export interface ILockOrderIdExclusivelyParams {
  id: NumberOrString;
}

/** 'LockOrderIdExclusively' return type */
export interface ILockOrderIdExclusivelyResult {
  locked: boolean;
}

/** 'LockOrderIdExclusively' query type */
export interface ILockOrderIdExclusivelyQuery {
  params: ILockOrderIdExclusivelyParams;
  result: ILockOrderIdExclusivelyResult;
}

const lockOrderIdExclusivelyIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":53,"b":56}]}],"statement":"SELECT pg_advisory_xact_lock(hashtext('orders.id'), (:id!::bigint % 2147483647)::int) IS NULL AS \"locked!\""};

/**
 * Query generated from SQL:
 * ```
 * SELECT pg_advisory_xact_lock(hashtext('orders.id'), (:id!::bigint % 2147483647)::int) IS NULL AS "locked!"
 * ```
 */
export const lockOrderIdExclusively = new PreparedQuery<ILockOrderIdExclusivelyParams,ILockOrderIdExclusivelyResult>(lockOrderIdExclusivelyIR);


/** 'AbandonOrderId' parameters type */
export interface IAbandonOrderIdParams {
  id: NumberOrString;
}

/** 'AbandonOrderId' return type */
export interface IAbandonOrderIdResult {
  id: string;
}

/** 'AbandonOrderId' query type */
export interface IAbandonOrderIdQuery {
  params: IAbandonOrderIdParams;
  result: IAbandonOrderIdResult;
}

const abandonOrderIdIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":142,"b":145},{"a":205,"b":208}]}],"statement":"-- Only when the order does not exist (checked after the exclusive lock: no create is in flight).\nINSERT INTO abandoned_order_ids (id)\nSELECT :id!::bigint\nWHERE NOT EXISTS (SELECT 1 FROM orders WHERE id = :id!::bigint)\nON CONFLICT (id) DO NOTHING\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * -- Only when the order does not exist (checked after the exclusive lock: no create is in flight).
 * INSERT INTO abandoned_order_ids (id)
 * SELECT :id!::bigint
 * WHERE NOT EXISTS (SELECT 1 FROM orders WHERE id = :id!::bigint)
 * ON CONFLICT (id) DO NOTHING
 * RETURNING id
 * ```
 */
export const abandonOrderId = new PreparedQuery<IAbandonOrderIdParams,IAbandonOrderIdResult>(abandonOrderIdIR);


/** 'InsertOrder' parameters type */
export interface IInsertOrderParams {
  customerId: NumberOrString;
  eventDetails: Json;
  eventSource: string;
  eventType: string;
  id: NumberOrString;
  items: Json;
  paymentMethod: string;
  shippingAddress?: Json | null | void;
  totalAmount: NumberOrString;
}

/** 'InsertOrder' return type */
export interface IInsertOrderResult {
  authorization_expires_at: Date | null;
  cancellable: boolean;
  completed_steps: stringArray;
  created_at: Date;
  customer_id: string;
  delivered_at: Date | null;
  id: string;
  payment_method: string;
  refunded_amount: string;
  review_deadline: Date | null;
  shipping_address: Json | null;
  stage: saga_stage;
  status: order_status;
  status_reason: string | null;
  total_amount: string;
  updated_at: Date;
  version: number;
}

/** 'InsertOrder' query type */
export interface IInsertOrderQuery {
  params: IInsertOrderParams;
  result: IInsertOrderResult;
}

const insertOrderIR: any = {"usedParamSet":{"id":true,"customerId":true,"totalAmount":true,"paymentMethod":true,"shippingAddress":true,"items":true,"eventType":true,"eventSource":true,"eventDetails":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":504,"b":507},{"a":640,"b":643}]},{"name":"customerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":510,"b":521}]},{"name":"totalAmount","required":true,"transform":{"type":"scalar"},"locs":[{"a":524,"b":536}]},{"name":"paymentMethod","required":true,"transform":{"type":"scalar"},"locs":[{"a":539,"b":553}]},{"name":"shippingAddress","required":false,"transform":{"type":"scalar"},"locs":[{"a":556,"b":571}]},{"name":"items","required":true,"transform":{"type":"scalar"},"locs":[{"a":1097,"b":1103}]},{"name":"eventType","required":true,"transform":{"type":"scalar"},"locs":[{"a":1281,"b":1291}]},{"name":"eventSource","required":true,"transform":{"type":"scalar"},"locs":[{"a":1294,"b":1306}]},{"name":"eventDetails","required":true,"transform":{"type":"scalar"},"locs":[{"a":1309,"b":1322}]}],"statement":"-- The order, its items and its order.created event in one statement (one round trip). Nothing when\n-- the id was abandoned by its workflow (the create then rolls back). The items come as one JSON\n-- array, so the text, and its prepared statement, is the same for any number of lines; unit prices\n-- travel as JSON strings and are read as NUMERIC, exactly.\nWITH inserted AS (\n    INSERT INTO orders (id, customer_id, total_amount, payment_method, shipping_address)\n    OVERRIDING SYSTEM VALUE\n    SELECT :id!, :customerId!, :totalAmount!, :paymentMethod!, :shippingAddress\n    WHERE NOT EXISTS (SELECT 1 FROM abandoned_order_ids WHERE id = :id!)\n    RETURNING id, customer_id, status, status_reason, total_amount, payment_method, version, created_at, updated_at, stage, completed_steps, cancellable, review_deadline, authorization_expires_at, shipping_address, delivered_at, refunded_amount\n), lines AS (\n    INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price)\n    SELECT inserted.id, line.line_no, line.sku, line.quantity, line.unit_price\n    FROM inserted, jsonb_to_recordset(:items!::jsonb) AS line(line_no int, sku text, quantity int, unit_price numeric)\n), created AS (\n    INSERT INTO order_events (order_id, type, source, details)\n    SELECT inserted.id, :eventType!, :eventSource!, :eventDetails! FROM inserted\n)\nSELECT id, customer_id, status, status_reason, total_amount, payment_method, version, created_at, updated_at, stage, completed_steps, cancellable, review_deadline, authorization_expires_at, shipping_address, delivered_at, refunded_amount\nFROM inserted"};

/**
 * Query generated from SQL:
 * ```
 * -- The order, its items and its order.created event in one statement (one round trip). Nothing when
 * -- the id was abandoned by its workflow (the create then rolls back). The items come as one JSON
 * -- array, so the text, and its prepared statement, is the same for any number of lines; unit prices
 * -- travel as JSON strings and are read as NUMERIC, exactly.
 * WITH inserted AS (
 *     INSERT INTO orders (id, customer_id, total_amount, payment_method, shipping_address)
 *     OVERRIDING SYSTEM VALUE
 *     SELECT :id!, :customerId!, :totalAmount!, :paymentMethod!, :shippingAddress
 *     WHERE NOT EXISTS (SELECT 1 FROM abandoned_order_ids WHERE id = :id!)
 *     RETURNING id, customer_id, status, status_reason, total_amount, payment_method, version, created_at, updated_at, stage, completed_steps, cancellable, review_deadline, authorization_expires_at, shipping_address, delivered_at, refunded_amount
 * ), lines AS (
 *     INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price)
 *     SELECT inserted.id, line.line_no, line.sku, line.quantity, line.unit_price
 *     FROM inserted, jsonb_to_recordset(:items!::jsonb) AS line(line_no int, sku text, quantity int, unit_price numeric)
 * ), created AS (
 *     INSERT INTO order_events (order_id, type, source, details)
 *     SELECT inserted.id, :eventType!, :eventSource!, :eventDetails! FROM inserted
 * )
 * SELECT id, customer_id, status, status_reason, total_amount, payment_method, version, created_at, updated_at, stage, completed_steps, cancellable, review_deadline, authorization_expires_at, shipping_address, delivered_at, refunded_amount
 * FROM inserted
 * ```
 */
export const insertOrder = new PreparedQuery<IInsertOrderParams,IInsertOrderResult>(insertOrderIR);


/** 'FindOrder' parameters type */
export interface IFindOrderParams {
  id: NumberOrString;
}

/** 'FindOrder' return type */
export interface IFindOrderResult {
  authorization_expires_at: Date | null;
  cancellable: boolean;
  completed_steps: stringArray;
  created_at: Date;
  customer_id: string;
  delivered_at: Date | null;
  id: string;
  items: Json;
  payment_method: string;
  refunded_amount: string;
  review_deadline: Date | null;
  shipments: Json;
  shipping_address: Json | null;
  stage: saga_stage;
  status: order_status;
  status_reason: string | null;
  total_amount: string;
  updated_at: Date;
  version: number;
}

/** 'FindOrder' query type */
export interface IFindOrderQuery {
  params: IFindOrderParams;
  result: IFindOrderResult;
}

const findOrderIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":1063,"b":1066}]}],"statement":"-- The order, its items, its progress and its shipments (booked, then tracked; one per stock location\n-- since workflow version 5) in one round trip: the read path of GET /orders/{id}.\nSELECT o.id, o.customer_id, o.status, o.status_reason, o.total_amount, o.payment_method, o.version, o.created_at, o.updated_at,\n       o.stage, o.completed_steps, o.cancellable, o.review_deadline, o.authorization_expires_at, o.shipping_address, o.delivered_at, o.refunded_amount,\n       COALESCE((SELECT json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity, 'unit_price', i.unit_price::text) ORDER BY i.line_no)\n                 FROM order_items i WHERE i.order_id = o.id), '[]'::json) AS \"items!\",\n       COALESCE((SELECT json_agg(json_build_object('id', s.id, 'location', s.location, 'carrier', s.carrier, 'tracking_number', s.tracking_number,\n                                                   'status', s.status, 'items', s.parcels) ORDER BY s.id)\n                 FROM shipments s WHERE s.order_id = o.id), '[]'::json) AS \"shipments!\"\nFROM orders o\nWHERE o.id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * -- The order, its items, its progress and its shipments (booked, then tracked; one per stock location
 * -- since workflow version 5) in one round trip: the read path of GET /orders/{id}.
 * SELECT o.id, o.customer_id, o.status, o.status_reason, o.total_amount, o.payment_method, o.version, o.created_at, o.updated_at,
 *        o.stage, o.completed_steps, o.cancellable, o.review_deadline, o.authorization_expires_at, o.shipping_address, o.delivered_at, o.refunded_amount,
 *        COALESCE((SELECT json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity, 'unit_price', i.unit_price::text) ORDER BY i.line_no)
 *                  FROM order_items i WHERE i.order_id = o.id), '[]'::json) AS "items!",
 *        COALESCE((SELECT json_agg(json_build_object('id', s.id, 'location', s.location, 'carrier', s.carrier, 'tracking_number', s.tracking_number,
 *                                                    'status', s.status, 'items', s.parcels) ORDER BY s.id)
 *                  FROM shipments s WHERE s.order_id = o.id), '[]'::json) AS "shipments!"
 * FROM orders o
 * WHERE o.id = :id!
 * ```
 */
export const findOrder = new PreparedQuery<IFindOrderParams,IFindOrderResult>(findOrderIR);


/** 'LockOrder' parameters type */
export interface ILockOrderParams {
  id: NumberOrString;
}

/** 'LockOrder' return type */
export interface ILockOrderResult {
  authorization_expires_at: Date | null;
  cancellable: boolean;
  completed_steps: stringArray;
  created_at: Date;
  customer_id: string;
  delivered_at: Date | null;
  id: string;
  payment_method: string;
  refunded_amount: string;
  review_deadline: Date | null;
  shipping_address: Json | null;
  stage: saga_stage;
  status: order_status;
  status_reason: string | null;
  total_amount: string;
  updated_at: Date;
  version: number;
}

/** 'LockOrder' query type */
export interface ILockOrderQuery {
  params: ILockOrderParams;
  result: ILockOrderResult;
}

const lockOrderIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":261,"b":264}]}],"statement":"SELECT id, customer_id, status, status_reason, total_amount, payment_method, version, created_at, updated_at, stage, completed_steps, cancellable, review_deadline, authorization_expires_at, shipping_address, delivered_at, refunded_amount\nFROM orders\nWHERE id = :id!\nFOR UPDATE"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, customer_id, status, status_reason, total_amount, payment_method, version, created_at, updated_at, stage, completed_steps, cancellable, review_deadline, authorization_expires_at, shipping_address, delivered_at, refunded_amount
 * FROM orders
 * WHERE id = :id!
 * FOR UPDATE
 * ```
 */
export const lockOrder = new PreparedQuery<ILockOrderParams,ILockOrderResult>(lockOrderIR);


/** 'UpdateOrder' parameters type */
export interface IUpdateOrderParams {
  id: NumberOrString;
  status: order_status;
  totalAmount: NumberOrString;
}

/** 'UpdateOrder' return type */
export interface IUpdateOrderResult {
  authorization_expires_at: Date | null;
  cancellable: boolean;
  completed_steps: stringArray;
  created_at: Date;
  customer_id: string;
  delivered_at: Date | null;
  id: string;
  payment_method: string;
  refunded_amount: string;
  review_deadline: Date | null;
  shipping_address: Json | null;
  stage: saga_stage;
  status: order_status;
  status_reason: string | null;
  total_amount: string;
  updated_at: Date;
  version: number;
}

/** 'UpdateOrder' query type */
export interface IUpdateOrderQuery {
  params: IUpdateOrderParams;
  result: IUpdateOrderResult;
}

const updateOrderIR: any = {"usedParamSet":{"status":true,"totalAmount":true,"id":true},"params":[{"name":"status","required":true,"transform":{"type":"scalar"},"locs":[{"a":27,"b":34}]},{"name":"totalAmount","required":true,"transform":{"type":"scalar"},"locs":[{"a":52,"b":64}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":120,"b":123}]}],"statement":"UPDATE orders\nSET status = :status!, total_amount = :totalAmount!, version = version + 1, updated_at = now()\nWHERE id = :id!\nRETURNING id, customer_id, status, status_reason, total_amount, payment_method, version, created_at, updated_at, stage, completed_steps, cancellable, review_deadline, authorization_expires_at, shipping_address, delivered_at, refunded_amount"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE orders
 * SET status = :status!, total_amount = :totalAmount!, version = version + 1, updated_at = now()
 * WHERE id = :id!
 * RETURNING id, customer_id, status, status_reason, total_amount, payment_method, version, created_at, updated_at, stage, completed_steps, cancellable, review_deadline, authorization_expires_at, shipping_address, delivered_at, refunded_amount
 * ```
 */
export const updateOrder = new PreparedQuery<IUpdateOrderParams,IUpdateOrderResult>(updateOrderIR);


/** 'TransitionOrder' parameters type */
export interface ITransitionOrderParams {
  allowedFrom: readonly (order_status)[];
  eventDetails: Json;
  eventSource: string;
  id: NumberOrString;
  reason?: string | null | void;
  to: order_status;
}

/** 'TransitionOrder' return type */
export interface ITransitionOrderResult {
  authorization_expires_at: Date | null;
  cancellable: boolean;
  completed_steps: stringArray;
  created_at: Date;
  customer_id: string;
  delivered_at: Date | null;
  id: string;
  payment_method: string;
  refunded_amount: string;
  review_deadline: Date | null;
  shipping_address: Json | null;
  stage: saga_stage;
  status: order_status;
  status_reason: string | null;
  total_amount: string;
  updated_at: Date;
  version: number;
}

/** 'TransitionOrder' query type */
export interface ITransitionOrderQuery {
  params: ITransitionOrderParams;
  result: ITransitionOrderResult;
}

const transitionOrderIR: any = {"usedParamSet":{"id":true,"allowedFrom":true,"to":true,"reason":true,"eventSource":true,"eventDetails":true},"params":[{"name":"allowedFrom","required":true,"transform":{"type":"array_spread"},"locs":[{"a":83,"b":95}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":64,"b":67}]},{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":159,"b":162}]},{"name":"reason","required":false,"transform":{"type":"scalar"},"locs":[{"a":181,"b":187}]},{"name":"eventSource","required":true,"transform":{"type":"scalar"},"locs":[{"a":852,"b":864}]},{"name":"eventDetails","required":true,"transform":{"type":"scalar"},"locs":[{"a":983,"b":996}]}],"statement":"WITH previous AS (\n    SELECT id, status FROM orders WHERE id = :id! AND status IN :allowedFrom! FOR UPDATE\n), changed AS (\n    UPDATE orders\n    SET status = :to!, status_reason = :reason, version = orders.version + 1, updated_at = now()\n    FROM previous\n    WHERE orders.id = previous.id\n    RETURNING orders.id, orders.customer_id, orders.status, orders.status_reason, orders.total_amount,\n              orders.payment_method, orders.version, orders.created_at, orders.updated_at,\n              orders.stage, orders.completed_steps, orders.cancellable, orders.review_deadline, orders.authorization_expires_at, orders.shipping_address, orders.delivered_at, orders.refunded_amount,\n              previous.status AS previous_status\n), recorded AS (\n    INSERT INTO order_events (order_id, type, source, details)\n    SELECT id, 'order.status_changed', :eventSource!,\n           jsonb_strip_nulls(jsonb_build_object('from', previous_status, 'to', status, 'reason', status_reason)) || :eventDetails!::jsonb\n    FROM changed\n)\nSELECT id, customer_id, status, status_reason, total_amount, payment_method, version, created_at, updated_at, stage, completed_steps, cancellable, review_deadline, authorization_expires_at, shipping_address, delivered_at, refunded_amount FROM changed"};

/**
 * Query generated from SQL:
 * ```
 * WITH previous AS (
 *     SELECT id, status FROM orders WHERE id = :id! AND status IN :allowedFrom! FOR UPDATE
 * ), changed AS (
 *     UPDATE orders
 *     SET status = :to!, status_reason = :reason, version = orders.version + 1, updated_at = now()
 *     FROM previous
 *     WHERE orders.id = previous.id
 *     RETURNING orders.id, orders.customer_id, orders.status, orders.status_reason, orders.total_amount,
 *               orders.payment_method, orders.version, orders.created_at, orders.updated_at,
 *               orders.stage, orders.completed_steps, orders.cancellable, orders.review_deadline, orders.authorization_expires_at, orders.shipping_address, orders.delivered_at, orders.refunded_amount,
 *               previous.status AS previous_status
 * ), recorded AS (
 *     INSERT INTO order_events (order_id, type, source, details)
 *     SELECT id, 'order.status_changed', :eventSource!,
 *            jsonb_strip_nulls(jsonb_build_object('from', previous_status, 'to', status, 'reason', status_reason)) || :eventDetails!::jsonb
 *     FROM changed
 * )
 * SELECT id, customer_id, status, status_reason, total_amount, payment_method, version, created_at, updated_at, stage, completed_steps, cancellable, review_deadline, authorization_expires_at, shipping_address, delivered_at, refunded_amount FROM changed
 * ```
 */
export const transitionOrder = new PreparedQuery<ITransitionOrderParams,ITransitionOrderResult>(transitionOrderIR);


/** 'FindOpenReturn' parameters type */
export interface IFindOpenReturnParams {
  orderId: NumberOrString;
}

/** 'FindOpenReturn' return type */
export interface IFindOpenReturnResult {
  id: string;
  status: string;
}

/** 'FindOpenReturn' query type */
export interface IFindOpenReturnQuery {
  params: IFindOpenReturnParams;
  result: IFindOpenReturnResult;
}

const findOpenReturnIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":400,"b":408}]}],"statement":"-- A return not yet in a final state (refunded, rejected, expired: src/returns/return.ts) still owes the customer\n-- its refund, refund_failed included (the provider declined it; it is owed all the same); deleting the\n-- order would cascade it away. Returns of an order are created under the\n-- order's row lock, so under that lock no new one appears.\nSELECT id, status FROM returns\nWHERE order_id = :orderId! AND status NOT IN ('refunded', 'rejected', 'expired')\nORDER BY id\nLIMIT 1"};

/**
 * Query generated from SQL:
 * ```
 * -- A return not yet in a final state (refunded, rejected, expired: src/returns/return.ts) still owes the customer
 * -- its refund, refund_failed included (the provider declined it; it is owed all the same); deleting the
 * -- order would cascade it away. Returns of an order are created under the
 * -- order's row lock, so under that lock no new one appears.
 * SELECT id, status FROM returns
 * WHERE order_id = :orderId! AND status NOT IN ('refunded', 'rejected', 'expired')
 * ORDER BY id
 * LIMIT 1
 * ```
 */
export const findOpenReturn = new PreparedQuery<IFindOpenReturnParams,IFindOpenReturnResult>(findOpenReturnIR);


/** 'DeleteOrder' parameters type */
export interface IDeleteOrderParams {
  id: NumberOrString;
}

/** 'DeleteOrder' return type */
export interface IDeleteOrderResult {
  id: string;
}

/** 'DeleteOrder' query type */
export interface IDeleteOrderQuery {
  params: IDeleteOrderParams;
  result: IDeleteOrderResult;
}

const deleteOrderIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":114,"b":117}]}],"statement":"-- Deletes nothing while a return is in flight, whatever the caller checked before.\nDELETE FROM orders\nWHERE id = :id!\n  AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.order_id = orders.id AND r.status NOT IN ('refunded', 'rejected', 'expired'))\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * -- Deletes nothing while a return is in flight, whatever the caller checked before.
 * DELETE FROM orders
 * WHERE id = :id!
 *   AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.order_id = orders.id AND r.status NOT IN ('refunded', 'rejected', 'expired'))
 * RETURNING id
 * ```
 */
export const deleteOrder = new PreparedQuery<IDeleteOrderParams,IDeleteOrderResult>(deleteOrderIR);


/** 'ListOrders' parameters type */
export interface IListOrdersParams {
  after: NumberOrString;
  customerId?: NumberOrString | null | void;
  limit: NumberOrString;
  stage?: saga_stage | null | void;
  status?: order_status | null | void;
}

/** 'ListOrders' return type */
export interface IListOrdersResult {
  authorization_expires_at: Date | null;
  cancellable: boolean;
  completed_steps: stringArray;
  created_at: Date;
  customer_id: string;
  delivered_at: Date | null;
  id: string;
  items: Json;
  payment_method: string;
  refunded_amount: string;
  review_deadline: Date | null;
  shipping_address: Json | null;
  stage: saga_stage;
  status: order_status;
  status_reason: string | null;
  total_amount: string;
  updated_at: Date;
  version: number;
}

/** 'ListOrders' query type */
export interface IListOrdersQuery {
  params: IListOrdersParams;
  result: IListOrdersResult;
}

const listOrdersIR: any = {"usedParamSet":{"after":true,"customerId":true,"status":true,"stage":true,"limit":true},"params":[{"name":"after","required":true,"transform":{"type":"scalar"},"locs":[{"a":581,"b":587}]},{"name":"customerId","required":false,"transform":{"type":"scalar"},"locs":[{"a":596,"b":606},{"a":643,"b":653}]},{"name":"status","required":false,"transform":{"type":"scalar"},"locs":[{"a":663,"b":669},{"a":707,"b":713}]},{"name":"stage","required":false,"transform":{"type":"scalar"},"locs":[{"a":723,"b":728},{"a":763,"b":768}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":791,"b":797}]}],"statement":"-- A page with its items, in one round trip.\nSELECT o.id, o.customer_id, o.status, o.status_reason, o.total_amount, o.payment_method, o.version, o.created_at, o.updated_at,\n       o.stage, o.completed_steps, o.cancellable, o.review_deadline, o.authorization_expires_at, o.shipping_address, o.delivered_at, o.refunded_amount,\n       COALESCE((SELECT json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity, 'unit_price', i.unit_price::text) ORDER BY i.line_no)\n                 FROM order_items i WHERE i.order_id = o.id), '[]'::json) AS \"items!\"\nFROM orders o\nWHERE o.id > :after!\n  AND (:customerId::bigint IS NULL OR o.customer_id = :customerId)\n  AND (:status::order_status IS NULL OR o.status = :status)\n  AND (:stage::saga_stage IS NULL OR o.stage = :stage)\nORDER BY o.id\nLIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * -- A page with its items, in one round trip.
 * SELECT o.id, o.customer_id, o.status, o.status_reason, o.total_amount, o.payment_method, o.version, o.created_at, o.updated_at,
 *        o.stage, o.completed_steps, o.cancellable, o.review_deadline, o.authorization_expires_at, o.shipping_address, o.delivered_at, o.refunded_amount,
 *        COALESCE((SELECT json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity, 'unit_price', i.unit_price::text) ORDER BY i.line_no)
 *                  FROM order_items i WHERE i.order_id = o.id), '[]'::json) AS "items!"
 * FROM orders o
 * WHERE o.id > :after!
 *   AND (:customerId::bigint IS NULL OR o.customer_id = :customerId)
 *   AND (:status::order_status IS NULL OR o.status = :status)
 *   AND (:stage::saga_stage IS NULL OR o.stage = :stage)
 * ORDER BY o.id
 * LIMIT :limit!
 * ```
 */
export const listOrders = new PreparedQuery<IListOrdersParams,IListOrdersResult>(listOrdersIR);


/** 'ListReviewQueue' parameters type */
export interface IListReviewQueueParams {
  limit: NumberOrString;
}

/** 'ListReviewQueue' return type */
export interface IListReviewQueueResult {
  authorization_expires_at: Date | null;
  cancellable: boolean;
  completed_steps: stringArray;
  created_at: Date;
  customer_id: string;
  delivered_at: Date | null;
  id: string;
  items: Json;
  payment_method: string;
  refunded_amount: string;
  review_deadline: Date | null;
  shipping_address: Json | null;
  stage: saga_stage;
  status: order_status;
  status_reason: string | null;
  total_amount: string;
  updated_at: Date;
  version: number;
}

/** 'ListReviewQueue' query type */
export interface IListReviewQueueQuery {
  params: IListReviewQueueParams;
  result: IListReviewQueueResult;
}

const listReviewQueueIR: any = {"usedParamSet":{"limit":true},"params":[{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":855,"b":861}]}],"statement":"-- Walks orders_awaiting_review_idx (migration 0010): only the orders awaiting review, and of those only\n-- the ones still in flight (a row finished before RecordProgress had its guard may still say awaiting_review).\nSELECT o.id, o.customer_id, o.status, o.status_reason, o.total_amount, o.payment_method, o.version, o.created_at, o.updated_at,\n       o.stage, o.completed_steps, o.cancellable, o.review_deadline, o.authorization_expires_at, o.shipping_address, o.delivered_at, o.refunded_amount,\n       COALESCE((SELECT json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity, 'unit_price', i.unit_price::text) ORDER BY i.line_no)\n                 FROM order_items i WHERE i.order_id = o.id), '[]'::json) AS \"items!\"\nFROM orders o\nWHERE o.stage = 'awaiting_review' AND o.status IN ('pending', 'processing')\nORDER BY o.review_deadline, o.id\nLIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * -- Walks orders_awaiting_review_idx (migration 0010): only the orders awaiting review, and of those only
 * -- the ones still in flight (a row finished before RecordProgress had its guard may still say awaiting_review).
 * SELECT o.id, o.customer_id, o.status, o.status_reason, o.total_amount, o.payment_method, o.version, o.created_at, o.updated_at,
 *        o.stage, o.completed_steps, o.cancellable, o.review_deadline, o.authorization_expires_at, o.shipping_address, o.delivered_at, o.refunded_amount,
 *        COALESCE((SELECT json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity, 'unit_price', i.unit_price::text) ORDER BY i.line_no)
 *                  FROM order_items i WHERE i.order_id = o.id), '[]'::json) AS "items!"
 * FROM orders o
 * WHERE o.stage = 'awaiting_review' AND o.status IN ('pending', 'processing')
 * ORDER BY o.review_deadline, o.id
 * LIMIT :limit!
 * ```
 */
export const listReviewQueue = new PreparedQuery<IListReviewQueueParams,IListReviewQueueResult>(listReviewQueueIR);


/** 'AppendOrderEvent' parameters type */
export interface IAppendOrderEventParams {
  dedupeKey?: string | null | void;
  details: Json;
  orderId: NumberOrString;
  source: string;
  type: string;
}

/** 'AppendOrderEvent' return type */
export interface IAppendOrderEventResult {
  id: string;
}

/** 'AppendOrderEvent' query type */
export interface IAppendOrderEventQuery {
  params: IAppendOrderEventParams;
  result: IAppendOrderEventResult;
}

const appendOrderEventIR: any = {"usedParamSet":{"orderId":true,"type":true,"source":true,"details":true,"dedupeKey":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":79,"b":87}]},{"name":"type","required":true,"transform":{"type":"scalar"},"locs":[{"a":90,"b":95}]},{"name":"source","required":true,"transform":{"type":"scalar"},"locs":[{"a":98,"b":105}]},{"name":"details","required":true,"transform":{"type":"scalar"},"locs":[{"a":108,"b":116}]},{"name":"dedupeKey","required":false,"transform":{"type":"scalar"},"locs":[{"a":119,"b":128}]}],"statement":"INSERT INTO order_events (order_id, type, source, details, dedupe_key)\nVALUES (:orderId!, :type!, :source!, :details!, :dedupeKey)\nON CONFLICT (order_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO order_events (order_id, type, source, details, dedupe_key)
 * VALUES (:orderId!, :type!, :source!, :details!, :dedupeKey)
 * ON CONFLICT (order_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
 * RETURNING id
 * ```
 */
export const appendOrderEvent = new PreparedQuery<IAppendOrderEventParams,IAppendOrderEventResult>(appendOrderEventIR);


/** 'InsertOrderItems' parameters type */
export interface IInsertOrderItemsParams {
  items: readonly ({
    orderId: NumberOrString,
    lineNo: number,
    sku: string,
    quantity: number,
    unitPrice: NumberOrString
  })[];
}

/** 'InsertOrderItems' return type */
export type IInsertOrderItemsResult = void;

/** 'InsertOrderItems' query type */
export interface IInsertOrderItemsQuery {
  params: IInsertOrderItemsParams;
  result: IInsertOrderItemsResult;
}

const insertOrderItemsIR: any = {"usedParamSet":{"items":true},"params":[{"name":"items","required":false,"transform":{"type":"pick_array_spread","keys":[{"name":"orderId","required":true},{"name":"lineNo","required":true},{"name":"sku","required":true},{"name":"quantity","required":true},{"name":"unitPrice","required":true}]},"locs":[{"a":78,"b":83}]}],"statement":"INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price)\nVALUES :items"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price)
 * VALUES :items
 * ```
 */
export const insertOrderItems = new PreparedQuery<IInsertOrderItemsParams,IInsertOrderItemsResult>(insertOrderItemsIR);


/** 'FindOrderItems' parameters type */
export interface IFindOrderItemsParams {
  orderIds: NumberOrStringArray;
}

/** 'FindOrderItems' return type */
export interface IFindOrderItemsResult {
  line_no: number;
  order_id: string;
  quantity: number;
  sku: string;
  unit_price: string;
}

/** 'FindOrderItems' query type */
export interface IFindOrderItemsQuery {
  params: IFindOrderItemsParams;
  result: IFindOrderItemsResult;
}

const findOrderItemsIR: any = {"usedParamSet":{"orderIds":true},"params":[{"name":"orderIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":90,"b":99}]}],"statement":"SELECT order_id, line_no, sku, quantity, unit_price\nFROM order_items\nWHERE order_id = ANY(:orderIds!::bigint[])\nORDER BY order_id, line_no"};

/**
 * Query generated from SQL:
 * ```
 * SELECT order_id, line_no, sku, quantity, unit_price
 * FROM order_items
 * WHERE order_id = ANY(:orderIds!::bigint[])
 * ORDER BY order_id, line_no
 * ```
 */
export const findOrderItems = new PreparedQuery<IFindOrderItemsParams,IFindOrderItemsResult>(findOrderItemsIR);


/** 'ListOrderEvents' parameters type */
export interface IListOrderEventsParams {
  after: NumberOrString;
  limit: NumberOrString;
  orderId: NumberOrString;
}

/** 'ListOrderEvents' return type */
export interface IListOrderEventsResult {
  created_at: Date;
  details: Json;
  id: string;
  order_id: string;
  source: string;
  type: string;
}

/** 'ListOrderEvents' query type */
export interface IListOrderEventsQuery {
  params: IListOrderEventsParams;
  result: IListOrderEventsResult;
}

const listOrderEventsIR: any = {"usedParamSet":{"orderId":true,"after":true,"limit":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":90,"b":98}]},{"name":"after","required":true,"transform":{"type":"scalar"},"locs":[{"a":109,"b":115}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":135,"b":141}]}],"statement":"SELECT id, order_id, type, source, details, created_at\nFROM order_events\nWHERE order_id = :orderId! AND id > :after!\nORDER BY id\nLIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, order_id, type, source, details, created_at
 * FROM order_events
 * WHERE order_id = :orderId! AND id > :after!
 * ORDER BY id
 * LIMIT :limit!
 * ```
 */
export const listOrderEvents = new PreparedQuery<IListOrderEventsParams,IListOrderEventsResult>(listOrderEventsIR);


/** 'CountRecentOrdersOfCustomer' parameters type */
export interface ICountRecentOrdersOfCustomerParams {
  orderId: NumberOrString;
  withinSeconds: number;
}

/** 'CountRecentOrdersOfCustomer' return type */
export interface ICountRecentOrdersOfCustomerResult {
  count: number;
}

/** 'CountRecentOrdersOfCustomer' query type */
export interface ICountRecentOrdersOfCustomerQuery {
  params: ICountRecentOrdersOfCustomerParams;
  result: ICountRecentOrdersOfCustomerResult;
}

const countRecentOrdersOfCustomerIR: any = {"usedParamSet":{"orderId":true,"withinSeconds":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":82,"b":90}]},{"name":"withinSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":276,"b":290}]}],"statement":"SELECT count(*)::int AS \"count!\"\nFROM orders earlier, orders this\nWHERE this.id = :orderId!\n  AND earlier.customer_id = this.customer_id\n  AND earlier.id <> this.id\n  AND earlier.created_at <= this.created_at\n  AND earlier.created_at > this.created_at - make_interval(secs => :withinSeconds!)"};

/**
 * Query generated from SQL:
 * ```
 * SELECT count(*)::int AS "count!"
 * FROM orders earlier, orders this
 * WHERE this.id = :orderId!
 *   AND earlier.customer_id = this.customer_id
 *   AND earlier.id <> this.id
 *   AND earlier.created_at <= this.created_at
 *   AND earlier.created_at > this.created_at - make_interval(secs => :withinSeconds!)
 * ```
 */
export const countRecentOrdersOfCustomer = new PreparedQuery<ICountRecentOrdersOfCustomerParams,ICountRecentOrdersOfCustomerResult>(countRecentOrdersOfCustomerIR);


/** 'RecordProgress' parameters type */
export interface IRecordProgressParams {
  authorizationExpiresAt?: DateOrString | null | void;
  cancellable?: boolean | null | void;
  completedStep?: string | null | void;
  id: NumberOrString;
  reviewDeadline?: DateOrString | null | void;
  stage?: saga_stage | null | void;
}

/** 'RecordProgress' return type */
export type IRecordProgressResult = void;

/** 'RecordProgress' query type */
export interface IRecordProgressQuery {
  params: IRecordProgressParams;
  result: IRecordProgressResult;
}

const recordProgressIR: any = {"usedParamSet":{"stage":true,"completedStep":true,"cancellable":true,"reviewDeadline":true,"authorizationExpiresAt":true,"id":true},"params":[{"name":"stage","required":false,"transform":{"type":"scalar"},"locs":[{"a":323,"b":328}]},{"name":"completedStep","required":false,"transform":{"type":"scalar"},"locs":[{"a":391,"b":404},{"a":423,"b":436},{"a":521,"b":534}]},{"name":"cancellable","required":false,"transform":{"type":"scalar"},"locs":[{"a":578,"b":589}]},{"name":"reviewDeadline","required":false,"transform":{"type":"scalar"},"locs":[{"a":646,"b":660}]},{"name":"authorizationExpiresAt","required":false,"transform":{"type":"scalar"},"locs":[{"a":734,"b":756}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":809,"b":812}]}],"statement":"-- A step's mark on the order's progress; repeating it changes nothing (steps may run twice). Only while\n-- the order is in flight: a late attempt (one that outlived its timeout) cannot move a finished order's\n-- stage back, so the final mark ('done') is written before the final status.\nUPDATE orders\nSET stage = COALESCE(:stage::saga_stage, stage),\n    completed_steps = CASE\n        WHEN :completedStep::text IS NULL OR :completedStep::text = ANY (completed_steps) THEN completed_steps\n        ELSE completed_steps || :completedStep::text\n    END,\n    cancellable = COALESCE(:cancellable::boolean, cancellable),\n    review_deadline = COALESCE(:reviewDeadline::timestamptz, review_deadline),\n    authorization_expires_at = COALESCE(:authorizationExpiresAt::timestamptz, authorization_expires_at)\nWHERE id = :id! AND status IN ('pending', 'processing', 'shipped')"};

/**
 * Query generated from SQL:
 * ```
 * -- A step's mark on the order's progress; repeating it changes nothing (steps may run twice). Only while
 * -- the order is in flight: a late attempt (one that outlived its timeout) cannot move a finished order's
 * -- stage back, so the final mark ('done') is written before the final status.
 * UPDATE orders
 * SET stage = COALESCE(:stage::saga_stage, stage),
 *     completed_steps = CASE
 *         WHEN :completedStep::text IS NULL OR :completedStep::text = ANY (completed_steps) THEN completed_steps
 *         ELSE completed_steps || :completedStep::text
 *     END,
 *     cancellable = COALESCE(:cancellable::boolean, cancellable),
 *     review_deadline = COALESCE(:reviewDeadline::timestamptz, review_deadline),
 *     authorization_expires_at = COALESCE(:authorizationExpiresAt::timestamptz, authorization_expires_at)
 * WHERE id = :id! AND status IN ('pending', 'processing', 'shipped')
 * ```
 */
export const recordProgress = new PreparedQuery<IRecordProgressParams,IRecordProgressResult>(recordProgressIR);


/** 'CountOrdersByStatus' parameters type */
export type ICountOrdersByStatusParams = void;

/** 'CountOrdersByStatus' return type */
export interface ICountOrdersByStatusResult {
  count: string;
  status: order_status;
}

/** 'CountOrdersByStatus' query type */
export interface ICountOrdersByStatusQuery {
  params: ICountOrdersByStatusParams;
  result: ICountOrdersByStatusResult;
}

const countOrdersByStatusIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT status, sum(count)::bigint AS \"count!\" FROM order_status_counts GROUP BY status"};

/**
 * Query generated from SQL:
 * ```
 * SELECT status, sum(count)::bigint AS "count!" FROM order_status_counts GROUP BY status
 * ```
 */
export const countOrdersByStatus = new PreparedQuery<ICountOrdersByStatusParams,ICountOrdersByStatusResult>(countOrdersByStatusIR);


/** 'RecordFullRefund' parameters type */
export interface IRecordFullRefundParams {
  id: NumberOrString;
}

/** 'RecordFullRefund' return type */
export type IRecordFullRefundResult = void;

/** 'RecordFullRefund' query type */
export interface IRecordFullRefundQuery {
  params: IRecordFullRefundParams;
  result: IRecordFullRefundResult;
}

const recordFullRefundIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":213,"b":216}]}],"statement":"-- The saga's refund compensation returned what was left of the capture: all of it, since nothing\n-- is returned (and refunded in part) before delivery.\nUPDATE orders SET refunded_amount = total_amount WHERE id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * -- The saga's refund compensation returned what was left of the capture: all of it, since nothing
 * -- is returned (and refunded in part) before delivery.
 * UPDATE orders SET refunded_amount = total_amount WHERE id = :id!
 * ```
 */
export const recordFullRefund = new PreparedQuery<IRecordFullRefundParams,IRecordFullRefundResult>(recordFullRefundIR);


/** 'MarkItemsShipped' parameters type */
export interface IMarkItemsShippedParams {
  orderId: NumberOrString;
}

/** 'MarkItemsShipped' return type */
export type IMarkItemsShippedResult = void;

/** 'MarkItemsShipped' query type */
export interface IMarkItemsShippedQuery {
  params: IMarkItemsShippedParams;
  result: IMarkItemsShippedResult;
}

const markItemsShippedIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":141,"b":149}]}],"statement":"-- The whole order left with the carrier (one shipment per order today).\nUPDATE order_items SET shipped_quantity = quantity WHERE order_id = :orderId!"};

/**
 * Query generated from SQL:
 * ```
 * -- The whole order left with the carrier (one shipment per order today).
 * UPDATE order_items SET shipped_quantity = quantity WHERE order_id = :orderId!
 * ```
 */
export const markItemsShipped = new PreparedQuery<IMarkItemsShippedParams,IMarkItemsShippedResult>(markItemsShippedIR);


/** 'MarkDelivered' parameters type */
export interface IMarkDeliveredParams {
  deliveredAt: DateOrString;
  orderId: NumberOrString;
}

/** 'MarkDelivered' return type */
export type IMarkDeliveredResult = void;

/** 'MarkDelivered' query type */
export interface IMarkDeliveredQuery {
  params: IMarkDeliveredParams;
  result: IMarkDeliveredResult;
}

const markDeliveredIR: any = {"usedParamSet":{"orderId":true,"deliveredAt":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":185,"b":193},{"a":292,"b":300}]},{"name":"deliveredAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":253,"b":265}]}],"statement":"-- What was shipped arrived; the order's delivered_at is the carrier's time, set once.\nWITH lines AS (\n    UPDATE order_items SET delivered_quantity = shipped_quantity WHERE order_id = :orderId!\n)\nUPDATE orders SET delivered_at = COALESCE(delivered_at, :deliveredAt!::timestamptz) WHERE id = :orderId!"};

/**
 * Query generated from SQL:
 * ```
 * -- What was shipped arrived; the order's delivered_at is the carrier's time, set once.
 * WITH lines AS (
 *     UPDATE order_items SET delivered_quantity = shipped_quantity WHERE order_id = :orderId!
 * )
 * UPDATE orders SET delivered_at = COALESCE(delivered_at, :deliveredAt!::timestamptz) WHERE id = :orderId!
 * ```
 */
export const markDelivered = new PreparedQuery<IMarkDeliveredParams,IMarkDeliveredResult>(markDeliveredIR);


/** 'MarkLinesDelivered' parameters type */
export interface IMarkLinesDeliveredParams {
  deliveredAt: DateOrString;
  orderId: NumberOrString;
  quantities: numberArray;
  skus: stringArray;
}

/** 'MarkLinesDelivered' return type */
export type IMarkLinesDeliveredResult = void;

/** 'MarkLinesDelivered' query type */
export interface IMarkLinesDeliveredQuery {
  params: IMarkLinesDeliveredParams;
  result: IMarkLinesDeliveredResult;
}

const markLinesDeliveredIR: any = {"usedParamSet":{"skus":true,"quantities":true,"orderId":true,"deliveredAt":true},"params":[{"name":"skus","required":true,"transform":{"type":"scalar"},"locs":[{"a":294,"b":299}]},{"name":"quantities","required":true,"transform":{"type":"scalar"},"locs":[{"a":310,"b":321}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":375,"b":383},{"a":500,"b":508}]},{"name":"deliveredAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":461,"b":473}]}],"statement":"-- Version 5: each line counts the units of its order's parcels that arrived (the others were lost,\n-- damaged or returned); the order's delivered_at is the carrier's time of the last one, set once.\nWITH changed AS (\n    UPDATE order_items i SET delivered_quantity = d.quantity\n    FROM unnest(:skus!::text[], :quantities!::int[]) AS d (sku, quantity)\n    WHERE i.order_id = :orderId! AND i.sku = d.sku\n)\nUPDATE orders SET delivered_at = COALESCE(delivered_at, :deliveredAt!::timestamptz) WHERE id = :orderId!"};

/**
 * Query generated from SQL:
 * ```
 * -- Version 5: each line counts the units of its order's parcels that arrived (the others were lost,
 * -- damaged or returned); the order's delivered_at is the carrier's time of the last one, set once.
 * WITH changed AS (
 *     UPDATE order_items i SET delivered_quantity = d.quantity
 *     FROM unnest(:skus!::text[], :quantities!::int[]) AS d (sku, quantity)
 *     WHERE i.order_id = :orderId! AND i.sku = d.sku
 * )
 * UPDATE orders SET delivered_at = COALESCE(delivered_at, :deliveredAt!::timestamptz) WHERE id = :orderId!
 * ```
 */
export const markLinesDelivered = new PreparedQuery<IMarkLinesDeliveredParams,IMarkLinesDeliveredResult>(markLinesDeliveredIR);


/** 'RecordParcelRefund' parameters type */
export interface IRecordParcelRefundParams {
  amount: NumberOrString;
  dedupeKey: string;
  details: Json;
  orderId: NumberOrString;
}

/** 'RecordParcelRefund' return type */
export interface IRecordParcelRefundResult {
  id: string;
}

/** 'RecordParcelRefund' query type */
export interface IRecordParcelRefundQuery {
  params: IRecordParcelRefundParams;
  result: IRecordParcelRefundResult;
}

const recordParcelRefundIR: any = {"usedParamSet":{"orderId":true,"details":true,"dedupeKey":true,"amount":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":272,"b":280},{"a":531,"b":539}]},{"name":"details","required":true,"transform":{"type":"scalar"},"locs":[{"a":315,"b":323}]},{"name":"dedupeKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":326,"b":336}]},{"name":"amount","required":true,"transform":{"type":"scalar"},"locs":[{"a":491,"b":498}]}],"statement":"-- Version 5: the part of one parcel that did not arrive went back, recorded once (its event's key):\n-- a retry inserts no event and adds nothing to refunded_amount.\nWITH recorded AS (\n    INSERT INTO order_events (order_id, type, source, details, dedupe_key)\n    VALUES (:orderId!, 'payment.refunded', 'workflow', :details!, :dedupeKey!)\n    ON CONFLICT (order_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING\n    RETURNING id\n)\nUPDATE orders SET refunded_amount = refunded_amount + :amount!, updated_at = now()\nWHERE id = :orderId! AND EXISTS (SELECT 1 FROM recorded)\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * -- Version 5: the part of one parcel that did not arrive went back, recorded once (its event's key):
 * -- a retry inserts no event and adds nothing to refunded_amount.
 * WITH recorded AS (
 *     INSERT INTO order_events (order_id, type, source, details, dedupe_key)
 *     VALUES (:orderId!, 'payment.refunded', 'workflow', :details!, :dedupeKey!)
 *     ON CONFLICT (order_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
 *     RETURNING id
 * )
 * UPDATE orders SET refunded_amount = refunded_amount + :amount!, updated_at = now()
 * WHERE id = :orderId! AND EXISTS (SELECT 1 FROM recorded)
 * RETURNING id
 * ```
 */
export const recordParcelRefund = new PreparedQuery<IRecordParcelRefundParams,IRecordParcelRefundResult>(recordParcelRefundIR);


/** 'FindShippedItems' parameters type */
export interface IFindShippedItemsParams {
  orderId: NumberOrString;
}

/** 'FindShippedItems' return type */
export interface IFindShippedItemsResult {
  shipped_quantity: number;
  sku: string;
}

/** 'FindShippedItems' query type */
export interface IFindShippedItemsQuery {
  params: IFindShippedItemsParams;
  result: IFindShippedItemsResult;
}

const findShippedItemsIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":63,"b":71}]}],"statement":"SELECT sku, shipped_quantity FROM order_items WHERE order_id = :orderId! AND shipped_quantity > 0 ORDER BY line_no"};

/**
 * Query generated from SQL:
 * ```
 * SELECT sku, shipped_quantity FROM order_items WHERE order_id = :orderId! AND shipped_quantity > 0 ORDER BY line_no
 * ```
 */
export const findShippedItems = new PreparedQuery<IFindShippedItemsParams,IFindShippedItemsResult>(findShippedItemsIR);


/** 'DeleteOrderItems' parameters type */
export interface IDeleteOrderItemsParams {
  orderId: NumberOrString;
}

/** 'DeleteOrderItems' return type */
export type IDeleteOrderItemsResult = void;

/** 'DeleteOrderItems' query type */
export interface IDeleteOrderItemsQuery {
  params: IDeleteOrderItemsParams;
  result: IDeleteOrderItemsResult;
}

const deleteOrderItemsIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":41,"b":49}]}],"statement":"DELETE FROM order_items WHERE order_id = :orderId!"};

/**
 * Query generated from SQL:
 * ```
 * DELETE FROM order_items WHERE order_id = :orderId!
 * ```
 */
export const deleteOrderItems = new PreparedQuery<IDeleteOrderItemsParams,IDeleteOrderItemsResult>(deleteOrderItemsIR);


/** 'ApplyOrderEdit' parameters type */
export interface IApplyOrderEditParams {
  expectedVersion: number;
  id: NumberOrString;
  shippingAddress?: Json | null | void;
  totalAmount: NumberOrString;
}

/** 'ApplyOrderEdit' return type */
export interface IApplyOrderEditResult {
  version: number;
}

/** 'ApplyOrderEdit' query type */
export interface IApplyOrderEditQuery {
  params: IApplyOrderEditParams;
  result: IApplyOrderEditResult;
}

const applyOrderEditIR: any = {"usedParamSet":{"totalAmount":true,"shippingAddress":true,"id":true,"expectedVersion":true},"params":[{"name":"totalAmount","required":true,"transform":{"type":"scalar"},"locs":[{"a":131,"b":143}]},{"name":"shippingAddress","required":false,"transform":{"type":"scalar"},"locs":[{"a":174,"b":189}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":264,"b":267}]},{"name":"expectedVersion","required":true,"transform":{"type":"scalar"},"locs":[{"a":283,"b":299}]}],"statement":"-- Only on the version the edit was made on: a second writer in between makes this match nothing.\nUPDATE orders\nSET total_amount = :totalAmount!, shipping_address = COALESCE(:shippingAddress, shipping_address), version = version + 1, updated_at = now()\nWHERE id = :id! AND version = :expectedVersion!\nRETURNING version"};

/**
 * Query generated from SQL:
 * ```
 * -- Only on the version the edit was made on: a second writer in between makes this match nothing.
 * UPDATE orders
 * SET total_amount = :totalAmount!, shipping_address = COALESCE(:shippingAddress, shipping_address), version = version + 1, updated_at = now()
 * WHERE id = :id! AND version = :expectedVersion!
 * RETURNING version
 * ```
 */
export const applyOrderEdit = new PreparedQuery<IApplyOrderEditParams,IApplyOrderEditResult>(applyOrderEditIR);


/** 'FindEditVersion' parameters type */
export interface IFindEditVersionParams {
  dedupeKey: string;
  orderId: NumberOrString;
}

/** 'FindEditVersion' return type */
export interface IFindEditVersionResult {
  version: number;
}

/** 'FindEditVersion' query type */
export interface IFindEditVersionQuery {
  params: IFindEditVersionParams;
  result: IFindEditVersionResult;
}

const findEditVersionIR: any = {"usedParamSet":{"orderId":true,"dedupeKey":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":174,"b":182}]},{"name":"dedupeKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":201,"b":211}]}],"statement":"-- The version an edit made, from its event: a retried apply finds it and changes nothing.\nSELECT (details->>'version')::int AS \"version!\" FROM order_events WHERE order_id = :orderId! AND dedupe_key = :dedupeKey!"};

/**
 * Query generated from SQL:
 * ```
 * -- The version an edit made, from its event: a retried apply finds it and changes nothing.
 * SELECT (details->>'version')::int AS "version!" FROM order_events WHERE order_id = :orderId! AND dedupe_key = :dedupeKey!
 * ```
 */
export const findEditVersion = new PreparedQuery<IFindEditVersionParams,IFindEditVersionResult>(findEditVersionIR);


/** 'MarkInTransitOnTimeline' parameters type */
export interface IMarkInTransitOnTimelineParams {
  orderId: NumberOrString;
}

/** 'MarkInTransitOnTimeline' return type */
export type IMarkInTransitOnTimelineResult = void;

/** 'MarkInTransitOnTimeline' query type */
export interface IMarkInTransitOnTimelineQuery {
  params: IMarkInTransitOnTimelineParams;
  result: IMarkInTransitOnTimelineResult;
}

const markInTransitOnTimelineIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":217,"b":225}]}],"statement":"-- Version 6's parcels, once handed over: an in-transit report about them is recorded on the\n-- timeline by the API, not signalled (migration 0020).\nUPDATE shipments SET in_transit_on_timeline = true\nWHERE order_id = :orderId! AND NOT in_transit_on_timeline"};

/**
 * Query generated from SQL:
 * ```
 * -- Version 6's parcels, once handed over: an in-transit report about them is recorded on the
 * -- timeline by the API, not signalled (migration 0020).
 * UPDATE shipments SET in_transit_on_timeline = true
 * WHERE order_id = :orderId! AND NOT in_transit_on_timeline
 * ```
 */
export const markInTransitOnTimeline = new PreparedQuery<IMarkInTransitOnTimelineParams,IMarkInTransitOnTimelineResult>(markInTransitOnTimelineIR);


/** 'LockOrderForParcelReport' parameters type */
export interface ILockOrderForParcelReportParams {
  orderId: NumberOrString;
  shipmentId: NumberOrString;
}

/** 'LockOrderForParcelReport' return type */
export interface ILockOrderForParcelReportResult {
  in_transit_on_timeline: boolean;
  stage: saga_stage;
  status: order_status;
}

/** 'LockOrderForParcelReport' query type */
export interface ILockOrderForParcelReportQuery {
  params: ILockOrderForParcelReportParams;
  result: ILockOrderForParcelReportResult;
}

const lockOrderForParcelReportIR: any = {"usedParamSet":{"orderId":true,"shipmentId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":285,"b":293}]},{"name":"shipmentId","required":true,"transform":{"type":"scalar"},"locs":[{"a":306,"b":317}]}],"statement":"-- A carrier's report about one of the order's parcels, with the order row locked (version 6's stall\n-- check takes the same lock, so a report and a stall never cross).\nSELECT o.status, o.stage, s.in_transit_on_timeline\nFROM orders o\nJOIN shipments s ON s.order_id = o.id\nWHERE o.id = :orderId! AND s.id = :shipmentId!\nFOR UPDATE OF o"};

/**
 * Query generated from SQL:
 * ```
 * -- A carrier's report about one of the order's parcels, with the order row locked (version 6's stall
 * -- check takes the same lock, so a report and a stall never cross).
 * SELECT o.status, o.stage, s.in_transit_on_timeline
 * FROM orders o
 * JOIN shipments s ON s.order_id = o.id
 * WHERE o.id = :orderId! AND s.id = :shipmentId!
 * FOR UPDATE OF o
 * ```
 */
export const lockOrderForParcelReport = new PreparedQuery<ILockOrderForParcelReportParams,ILockOrderForParcelReportResult>(lockOrderForParcelReportIR);


/** 'LastCarrierReports' parameters type */
export interface ILastCarrierReportsParams {
  shipmentIds: NumberOrStringArray;
}

/** 'LastCarrierReports' return type */
export interface ILastCarrierReportsResult {
  last_report_at: Date;
  now: Date;
  shipment_id: string;
}

/** 'LastCarrierReports' query type */
export interface ILastCarrierReportsQuery {
  params: ILastCarrierReportsParams;
  result: ILastCarrierReportsResult;
}

const lastCarrierReportsIR: any = {"usedParamSet":{"shipmentIds":true},"params":[{"name":"shipmentIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":407,"b":419}]}],"statement":"-- When each of these parcels was last heard of (a carrier event received), against the database's\n-- clock as it reads now: not now(), the transaction's start, which can be before the order lock was\n-- granted and before a report that committed meanwhile.\nSELECT shipment_id AS \"shipment_id!\", max(received_at) AS \"last_report_at!\", clock_timestamp() AS \"now!\"\nFROM carrier_events\nWHERE shipment_id = ANY (:shipmentIds!::bigint[])\nGROUP BY shipment_id"};

/**
 * Query generated from SQL:
 * ```
 * -- When each of these parcels was last heard of (a carrier event received), against the database's
 * -- clock as it reads now: not now(), the transaction's start, which can be before the order lock was
 * -- granted and before a report that committed meanwhile.
 * SELECT shipment_id AS "shipment_id!", max(received_at) AS "last_report_at!", clock_timestamp() AS "now!"
 * FROM carrier_events
 * WHERE shipment_id = ANY (:shipmentIds!::bigint[])
 * GROUP BY shipment_id
 * ```
 */
export const lastCarrierReports = new PreparedQuery<ILastCarrierReportsParams,ILastCarrierReportsResult>(lastCarrierReportsIR);


