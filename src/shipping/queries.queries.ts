/** Types generated for queries found in "src/shipping/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NumberOrString = number | string;

/** 'FindShipmentByKey' parameters type */
export interface IFindShipmentByKeyParams {
  idempotencyKey: string;
}

/** 'FindShipmentByKey' return type */
export interface IFindShipmentByKeyResult {
  carrier: string;
  id: string;
  idempotency_key: string;
  order_id: string;
  parcels: Json;
  status: string;
  tracking_number: string;
}

/** 'FindShipmentByKey' query type */
export interface IFindShipmentByKeyQuery {
  params: IFindShipmentByKeyParams;
  result: IFindShipmentByKeyResult;
}

const findShipmentByKeyIR: any = {"usedParamSet":{"idempotencyKey":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":119,"b":134}]}],"statement":"SELECT id, idempotency_key, order_id, carrier, tracking_number, status, parcels\nFROM shipments\nWHERE idempotency_key = :idempotencyKey!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, idempotency_key, order_id, carrier, tracking_number, status, parcels
 * FROM shipments
 * WHERE idempotency_key = :idempotencyKey!
 * ```
 */
export const findShipmentByKey = new PreparedQuery<IFindShipmentByKeyParams,IFindShipmentByKeyResult>(findShipmentByKeyIR);


/** 'InsertShipment' parameters type */
export interface IInsertShipmentParams {
  carrier: string;
  idempotencyKey: string;
  orderId: NumberOrString;
  parcels: Json;
}

/** 'InsertShipment' return type */
export interface IInsertShipmentResult {
  carrier: string;
  id: string;
  idempotency_key: string;
  order_id: string;
  parcels: Json;
  status: string;
  tracking_number: string;
}

/** 'InsertShipment' query type */
export interface IInsertShipmentQuery {
  params: IInsertShipmentParams;
  result: IInsertShipmentResult;
}

const insertShipmentIR: any = {"usedParamSet":{"idempotencyKey":true,"orderId":true,"carrier":true,"parcels":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":175,"b":190}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":193,"b":201}]},{"name":"carrier","required":true,"transform":{"type":"scalar"},"locs":[{"a":204,"b":212}]},{"name":"parcels","required":true,"transform":{"type":"scalar"},"locs":[{"a":215,"b":223}]}],"statement":"-- Books a shipment for a new key; returns nothing when the key exists (the caller reads it then).\nINSERT INTO shipments (idempotency_key, order_id, carrier, parcels)\nVALUES (:idempotencyKey!, :orderId!, :carrier!, :parcels!)\nON CONFLICT (idempotency_key) DO NOTHING\nRETURNING id, idempotency_key, order_id, carrier, tracking_number, status, parcels"};

/**
 * Query generated from SQL:
 * ```
 * -- Books a shipment for a new key; returns nothing when the key exists (the caller reads it then).
 * INSERT INTO shipments (idempotency_key, order_id, carrier, parcels)
 * VALUES (:idempotencyKey!, :orderId!, :carrier!, :parcels!)
 * ON CONFLICT (idempotency_key) DO NOTHING
 * RETURNING id, idempotency_key, order_id, carrier, tracking_number, status, parcels
 * ```
 */
export const insertShipment = new PreparedQuery<IInsertShipmentParams,IInsertShipmentResult>(insertShipmentIR);


/** 'FindOwnedShipment' parameters type */
export interface IFindOwnedShipmentParams {
  idempotencyKey: string;
  orderId: NumberOrString;
}

/** 'FindOwnedShipment' return type */
export interface IFindOwnedShipmentResult {
  carrier: string;
  id: string;
  idempotency_key: string;
  order_id: string;
  parcels: Json;
  status: string;
  tracking_number: string;
}

/** 'FindOwnedShipment' query type */
export interface IFindOwnedShipmentQuery {
  params: IFindOwnedShipmentParams;
  result: IFindOwnedShipmentResult;
}

const findOwnedShipmentIR: any = {"usedParamSet":{"idempotencyKey":true,"orderId":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":119,"b":134}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":151,"b":159}]}],"statement":"SELECT id, idempotency_key, order_id, carrier, tracking_number, status, parcels\nFROM shipments\nWHERE idempotency_key = :idempotencyKey! AND order_id = :orderId!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, idempotency_key, order_id, carrier, tracking_number, status, parcels
 * FROM shipments
 * WHERE idempotency_key = :idempotencyKey! AND order_id = :orderId!
 * ```
 */
export const findOwnedShipment = new PreparedQuery<IFindOwnedShipmentParams,IFindOwnedShipmentResult>(findOwnedShipmentIR);


/** 'TransitionShipment' parameters type */
export interface ITransitionShipmentParams {
  idempotencyKey: string;
  orderId: NumberOrString;
  to: string;
}

/** 'TransitionShipment' return type */
export interface ITransitionShipmentResult {
  carrier: string;
  id: string;
  idempotency_key: string;
  order_id: string;
  parcels: Json;
  status: string;
  tracking_number: string;
}

/** 'TransitionShipment' query type */
export interface ITransitionShipmentQuery {
  params: ITransitionShipmentParams;
  result: ITransitionShipmentResult;
}

const transitionShipmentIR: any = {"usedParamSet":{"to":true,"idempotencyKey":true,"orderId":true},"params":[{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":210,"b":213}]},{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":259,"b":274}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":291,"b":299}]}],"statement":"-- Moves a booked shipment of this order to `to`; a concurrent transition waits for the row lock and\n-- then finds it no longer booked, so exactly one of handOver and cancel wins.\nUPDATE shipments\nSET status = :to!, updated_at = now()\nWHERE idempotency_key = :idempotencyKey! AND order_id = :orderId! AND status = 'booked'\nRETURNING id, idempotency_key, order_id, carrier, tracking_number, status, parcels"};

/**
 * Query generated from SQL:
 * ```
 * -- Moves a booked shipment of this order to `to`; a concurrent transition waits for the row lock and
 * -- then finds it no longer booked, so exactly one of handOver and cancel wins.
 * UPDATE shipments
 * SET status = :to!, updated_at = now()
 * WHERE idempotency_key = :idempotencyKey! AND order_id = :orderId! AND status = 'booked'
 * RETURNING id, idempotency_key, order_id, carrier, tracking_number, status, parcels
 * ```
 */
export const transitionShipment = new PreparedQuery<ITransitionShipmentParams,ITransitionShipmentResult>(transitionShipmentIR);


