/** Types generated for queries found in "src/shipping/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NumberOrString = number | string;

/** 'FindShipmentByKey' parameters type */
export interface IFindShipmentByKeyParams {
  idempotencyKey: string;
}

/** 'FindShipmentByKey' return type */
export interface IFindShipmentByKeyResult {
  address: Json | null;
  carrier: string;
  id: string;
  idempotency_key: string;
  location: string | null;
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

const findShipmentByKeyIR: any = {"usedParamSet":{"idempotencyKey":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":138,"b":153}]}],"statement":"SELECT id, idempotency_key, order_id, carrier, tracking_number, status, parcels, address, location\nFROM shipments\nWHERE idempotency_key = :idempotencyKey!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, idempotency_key, order_id, carrier, tracking_number, status, parcels, address, location
 * FROM shipments
 * WHERE idempotency_key = :idempotencyKey!
 * ```
 */
export const findShipmentByKey = new PreparedQuery<IFindShipmentByKeyParams,IFindShipmentByKeyResult>(findShipmentByKeyIR);


/** 'InsertShipment' parameters type */
export interface IInsertShipmentParams {
  address?: Json | null | void;
  carrier: string;
  idempotencyKey: string;
  location?: string | null | void;
  orderId: NumberOrString;
  parcels: Json;
}

/** 'InsertShipment' return type */
export interface IInsertShipmentResult {
  address: Json | null;
  carrier: string;
  id: string;
  idempotency_key: string;
  location: string | null;
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

const insertShipmentIR: any = {"usedParamSet":{"idempotencyKey":true,"orderId":true,"carrier":true,"parcels":true,"address":true,"location":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":194,"b":209}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":212,"b":220}]},{"name":"carrier","required":true,"transform":{"type":"scalar"},"locs":[{"a":223,"b":231}]},{"name":"parcels","required":true,"transform":{"type":"scalar"},"locs":[{"a":234,"b":242}]},{"name":"address","required":false,"transform":{"type":"scalar"},"locs":[{"a":245,"b":252}]},{"name":"location","required":false,"transform":{"type":"scalar"},"locs":[{"a":255,"b":263}]}],"statement":"-- Books a shipment for a new key; returns nothing when the key exists (the caller reads it then).\nINSERT INTO shipments (idempotency_key, order_id, carrier, parcels, address, location)\nVALUES (:idempotencyKey!, :orderId!, :carrier!, :parcels!, :address, :location)\nON CONFLICT (idempotency_key) DO NOTHING\nRETURNING id, idempotency_key, order_id, carrier, tracking_number, status, parcels, address, location"};

/**
 * Query generated from SQL:
 * ```
 * -- Books a shipment for a new key; returns nothing when the key exists (the caller reads it then).
 * INSERT INTO shipments (idempotency_key, order_id, carrier, parcels, address, location)
 * VALUES (:idempotencyKey!, :orderId!, :carrier!, :parcels!, :address, :location)
 * ON CONFLICT (idempotency_key) DO NOTHING
 * RETURNING id, idempotency_key, order_id, carrier, tracking_number, status, parcels, address, location
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
  address: Json | null;
  carrier: string;
  id: string;
  idempotency_key: string;
  location: string | null;
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

const findOwnedShipmentIR: any = {"usedParamSet":{"idempotencyKey":true,"orderId":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":138,"b":153}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":170,"b":178}]}],"statement":"SELECT id, idempotency_key, order_id, carrier, tracking_number, status, parcels, address, location\nFROM shipments\nWHERE idempotency_key = :idempotencyKey! AND order_id = :orderId!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, idempotency_key, order_id, carrier, tracking_number, status, parcels, address, location
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
  address: Json | null;
  carrier: string;
  id: string;
  idempotency_key: string;
  location: string | null;
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

const transitionShipmentIR: any = {"usedParamSet":{"to":true,"idempotencyKey":true,"orderId":true},"params":[{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":210,"b":213}]},{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":259,"b":274}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":291,"b":299}]}],"statement":"-- Moves a booked shipment of this order to `to`; a concurrent transition waits for the row lock and\n-- then finds it no longer booked, so exactly one of handOver and cancel wins.\nUPDATE shipments\nSET status = :to!, updated_at = now()\nWHERE idempotency_key = :idempotencyKey! AND order_id = :orderId! AND status = 'booked'\nRETURNING id, idempotency_key, order_id, carrier, tracking_number, status, parcels, address, location"};

/**
 * Query generated from SQL:
 * ```
 * -- Moves a booked shipment of this order to `to`; a concurrent transition waits for the row lock and
 * -- then finds it no longer booked, so exactly one of handOver and cancel wins.
 * UPDATE shipments
 * SET status = :to!, updated_at = now()
 * WHERE idempotency_key = :idempotencyKey! AND order_id = :orderId! AND status = 'booked'
 * RETURNING id, idempotency_key, order_id, carrier, tracking_number, status, parcels, address, location
 * ```
 */
export const transitionShipment = new PreparedQuery<ITransitionShipmentParams,ITransitionShipmentResult>(transitionShipmentIR);


/** 'FindTrackedShipment' parameters type */
export interface IFindTrackedShipmentParams {
  carrier: string;
  trackingNumber: string;
}

/** 'FindTrackedShipment' return type */
export interface IFindTrackedShipmentResult {
  address: Json | null;
  carrier: string;
  delivered_at: Date | null;
  id: string;
  last_carrier_event_at: Date | null;
  order_id: string;
  parcels: Json;
  status: string;
  tracking_number: string;
}

/** 'FindTrackedShipment' query type */
export interface IFindTrackedShipmentQuery {
  params: IFindTrackedShipmentParams;
  result: IFindTrackedShipmentResult;
}

const findTrackedShipmentIR: any = {"usedParamSet":{"carrier":true,"trackingNumber":true},"params":[{"name":"carrier","required":true,"transform":{"type":"scalar"},"locs":[{"a":140,"b":148}]},{"name":"trackingNumber","required":true,"transform":{"type":"scalar"},"locs":[{"a":172,"b":187}]}],"statement":"SELECT id, order_id, carrier, tracking_number, status, address, parcels, delivered_at, last_carrier_event_at\nFROM shipments\nWHERE carrier = :carrier! AND tracking_number = :trackingNumber!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, order_id, carrier, tracking_number, status, address, parcels, delivered_at, last_carrier_event_at
 * FROM shipments
 * WHERE carrier = :carrier! AND tracking_number = :trackingNumber!
 * ```
 */
export const findTrackedShipment = new PreparedQuery<IFindTrackedShipmentParams,IFindTrackedShipmentResult>(findTrackedShipmentIR);


/** 'AdvanceShipment' parameters type */
export interface IAdvanceShipmentParams {
  id: NumberOrString;
  occurredAt: DateOrString;
  to: string;
}

/** 'AdvanceShipment' return type */
export interface IAdvanceShipmentResult {
  id: string;
  order_id: string;
  status: string;
}

/** 'AdvanceShipment' query type */
export interface IAdvanceShipmentQuery {
  params: IAdvanceShipmentParams;
  result: IAdvanceShipmentResult;
}

const advanceShipmentIR: any = {"usedParamSet":{"to":true,"occurredAt":true,"id":true},"params":[{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":302,"b":305},{"a":337,"b":340},{"a":617,"b":620}]},{"name":"occurredAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":361,"b":372},{"a":452,"b":463}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":514,"b":517}]}],"statement":"-- Applies a carrier's state only when it is further along (shipment_status_rank, migration 0013):\n-- a late or repeated event matches nothing, and the first final state reported stays. A shipment\n-- not handed over (booked, cancelled) is not moved by a carrier's report.\nUPDATE shipments\nSET status = :to!,\n    delivered_at = CASE WHEN :to! = 'delivered' THEN :occurredAt!::timestamptz END,\n    last_carrier_event_at = GREATEST(last_carrier_event_at, :occurredAt!::timestamptz),\n    updated_at = now()\nWHERE id = :id! AND status NOT IN ('booked', 'cancelled') AND shipment_status_rank(status) < shipment_status_rank(:to!)\nRETURNING id, order_id, status"};

/**
 * Query generated from SQL:
 * ```
 * -- Applies a carrier's state only when it is further along (shipment_status_rank, migration 0013):
 * -- a late or repeated event matches nothing, and the first final state reported stays. A shipment
 * -- not handed over (booked, cancelled) is not moved by a carrier's report.
 * UPDATE shipments
 * SET status = :to!,
 *     delivered_at = CASE WHEN :to! = 'delivered' THEN :occurredAt!::timestamptz END,
 *     last_carrier_event_at = GREATEST(last_carrier_event_at, :occurredAt!::timestamptz),
 *     updated_at = now()
 * WHERE id = :id! AND status NOT IN ('booked', 'cancelled') AND shipment_status_rank(status) < shipment_status_rank(:to!)
 * RETURNING id, order_id, status
 * ```
 */
export const advanceShipment = new PreparedQuery<IAdvanceShipmentParams,IAdvanceShipmentResult>(advanceShipmentIR);


/** 'FindTrackedReturnLabel' parameters type */
export interface IFindTrackedReturnLabelParams {
  carrier: string;
  trackingNumber: string;
}

/** 'FindTrackedReturnLabel' return type */
export interface IFindTrackedReturnLabelResult {
  carrier: string;
  delivered_at: Date | null;
  id: string;
  order_id: string;
  status: string;
  tracking_number: string;
}

/** 'FindTrackedReturnLabel' query type */
export interface IFindTrackedReturnLabelQuery {
  params: IFindTrackedReturnLabelParams;
  result: IFindTrackedReturnLabelResult;
}

const findTrackedReturnLabelIR: any = {"usedParamSet":{"carrier":true,"trackingNumber":true},"params":[{"name":"carrier","required":true,"transform":{"type":"scalar"},"locs":[{"a":103,"b":111}]},{"name":"trackingNumber","required":true,"transform":{"type":"scalar"},"locs":[{"a":135,"b":150}]}],"statement":"SELECT id, order_id, carrier, tracking_number, status, delivered_at\nFROM return_labels\nWHERE carrier = :carrier! AND tracking_number = :trackingNumber!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, order_id, carrier, tracking_number, status, delivered_at
 * FROM return_labels
 * WHERE carrier = :carrier! AND tracking_number = :trackingNumber!
 * ```
 */
export const findTrackedReturnLabel = new PreparedQuery<IFindTrackedReturnLabelParams,IFindTrackedReturnLabelResult>(findTrackedReturnLabelIR);


/** 'AdvanceReturnLabel' parameters type */
export interface IAdvanceReturnLabelParams {
  id: NumberOrString;
  occurredAt: DateOrString;
  to: string;
}

/** 'AdvanceReturnLabel' return type */
export interface IAdvanceReturnLabelResult {
  id: string;
  status: string;
}

/** 'AdvanceReturnLabel' query type */
export interface IAdvanceReturnLabelQuery {
  params: IAdvanceReturnLabelParams;
  result: IAdvanceReturnLabelResult;
}

const advanceReturnLabelIR: any = {"usedParamSet":{"to":true,"occurredAt":true,"id":true},"params":[{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":304,"b":307},{"a":339,"b":342},{"a":580,"b":583},{"a":590,"b":593}]},{"name":"occurredAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":363,"b":374},{"a":454,"b":465}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":516,"b":519}]}],"statement":"-- A return parcel moves as a shipment does, only further along, but for one thing: delivered (it is\n-- in our warehouse, seen by our people) overrides an earlier lost or damaged, since the goods and\n-- the customer's refund are here; any other first final state stays.\nUPDATE return_labels\nSET status = :to!,\n    delivered_at = CASE WHEN :to! = 'delivered' THEN :occurredAt!::timestamptz END,\n    last_carrier_event_at = GREATEST(last_carrier_event_at, :occurredAt!::timestamptz),\n    updated_at = now()\nWHERE id = :id!\n  AND (shipment_status_rank(status) < shipment_status_rank(:to!) OR (:to! = 'delivered' AND status <> 'delivered'))\nRETURNING id, status"};

/**
 * Query generated from SQL:
 * ```
 * -- A return parcel moves as a shipment does, only further along, but for one thing: delivered (it is
 * -- in our warehouse, seen by our people) overrides an earlier lost or damaged, since the goods and
 * -- the customer's refund are here; any other first final state stays.
 * UPDATE return_labels
 * SET status = :to!,
 *     delivered_at = CASE WHEN :to! = 'delivered' THEN :occurredAt!::timestamptz END,
 *     last_carrier_event_at = GREATEST(last_carrier_event_at, :occurredAt!::timestamptz),
 *     updated_at = now()
 * WHERE id = :id!
 *   AND (shipment_status_rank(status) < shipment_status_rank(:to!) OR (:to! = 'delivered' AND status <> 'delivered'))
 * RETURNING id, status
 * ```
 */
export const advanceReturnLabel = new PreparedQuery<IAdvanceReturnLabelParams,IAdvanceReturnLabelResult>(advanceReturnLabelIR);


/** 'TouchReturnLabel' parameters type */
export interface ITouchReturnLabelParams {
  id: NumberOrString;
  occurredAt: DateOrString;
}

/** 'TouchReturnLabel' return type */
export type ITouchReturnLabelResult = void;

/** 'TouchReturnLabel' query type */
export interface ITouchReturnLabelQuery {
  params: ITouchReturnLabelParams;
  result: ITouchReturnLabelResult;
}

const touchReturnLabelIR: any = {"usedParamSet":{"occurredAt":true,"id":true},"params":[{"name":"occurredAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":81,"b":92}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":119,"b":122}]}],"statement":"UPDATE return_labels\nSET last_carrier_event_at = GREATEST(last_carrier_event_at, :occurredAt!::timestamptz)\nWHERE id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE return_labels
 * SET last_carrier_event_at = GREATEST(last_carrier_event_at, :occurredAt!::timestamptz)
 * WHERE id = :id!
 * ```
 */
export const touchReturnLabel = new PreparedQuery<ITouchReturnLabelParams,ITouchReturnLabelResult>(touchReturnLabelIR);


/** 'TouchShipment' parameters type */
export interface ITouchShipmentParams {
  id: NumberOrString;
  occurredAt: DateOrString;
}

/** 'TouchShipment' return type */
export type ITouchShipmentResult = void;

/** 'TouchShipment' query type */
export interface ITouchShipmentQuery {
  params: ITouchShipmentParams;
  result: ITouchShipmentResult;
}

const touchShipmentIR: any = {"usedParamSet":{"occurredAt":true,"id":true},"params":[{"name":"occurredAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":154,"b":165}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":192,"b":195}]}],"statement":"-- An event that does not move the shipment still says the carrier is alive.\nUPDATE shipments\nSET last_carrier_event_at = GREATEST(last_carrier_event_at, :occurredAt!::timestamptz)\nWHERE id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * -- An event that does not move the shipment still says the carrier is alive.
 * UPDATE shipments
 * SET last_carrier_event_at = GREATEST(last_carrier_event_at, :occurredAt!::timestamptz)
 * WHERE id = :id!
 * ```
 */
export const touchShipment = new PreparedQuery<ITouchShipmentParams,ITouchShipmentResult>(touchShipmentIR);


/** 'InsertCarrierEvent' parameters type */
export interface IInsertCarrierEventParams {
  carrier: string;
  eventId: string;
  kind: string;
  occurredAt: DateOrString;
  returnLabelId?: NumberOrString | null | void;
  shipmentId?: NumberOrString | null | void;
  trackingNumber: string;
}

/** 'InsertCarrierEvent' return type */
export interface IInsertCarrierEventResult {
  id: string;
}

/** 'InsertCarrierEvent' query type */
export interface IInsertCarrierEventQuery {
  params: IInsertCarrierEventParams;
  result: IInsertCarrierEventResult;
}

const insertCarrierEventIR: any = {"usedParamSet":{"carrier":true,"eventId":true,"shipmentId":true,"returnLabelId":true,"trackingNumber":true,"kind":true,"occurredAt":true},"params":[{"name":"carrier","required":true,"transform":{"type":"scalar"},"locs":[{"a":189,"b":197}]},{"name":"eventId","required":true,"transform":{"type":"scalar"},"locs":[{"a":200,"b":208}]},{"name":"shipmentId","required":false,"transform":{"type":"scalar"},"locs":[{"a":211,"b":221}]},{"name":"returnLabelId","required":false,"transform":{"type":"scalar"},"locs":[{"a":224,"b":237}]},{"name":"trackingNumber","required":true,"transform":{"type":"scalar"},"locs":[{"a":240,"b":255}]},{"name":"kind","required":true,"transform":{"type":"scalar"},"locs":[{"a":258,"b":263}]},{"name":"occurredAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":266,"b":277}]}],"statement":"-- About a shipment or a return label (exactly one of the two ids).\nINSERT INTO carrier_events (carrier, event_id, shipment_id, return_label_id, tracking_number, kind, occurred_at)\nVALUES (:carrier!, :eventId!, :shipmentId, :returnLabelId, :trackingNumber!, :kind!, :occurredAt!::timestamptz)\nON CONFLICT (carrier, event_id) DO NOTHING\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * -- About a shipment or a return label (exactly one of the two ids).
 * INSERT INTO carrier_events (carrier, event_id, shipment_id, return_label_id, tracking_number, kind, occurred_at)
 * VALUES (:carrier!, :eventId!, :shipmentId, :returnLabelId, :trackingNumber!, :kind!, :occurredAt!::timestamptz)
 * ON CONFLICT (carrier, event_id) DO NOTHING
 * RETURNING id
 * ```
 */
export const insertCarrierEvent = new PreparedQuery<IInsertCarrierEventParams,IInsertCarrierEventResult>(insertCarrierEventIR);


/** 'FindCarrierEvent' parameters type */
export interface IFindCarrierEventParams {
  carrier: string;
  eventId: string;
}

/** 'FindCarrierEvent' return type */
export interface IFindCarrierEventResult {
  carrier: string;
  event_id: string;
  id: string;
  kind: string;
  occurred_at: Date;
  received_at: Date;
  shipment_id: string | null;
  tracking_number: string;
}

/** 'FindCarrierEvent' query type */
export interface IFindCarrierEventQuery {
  params: IFindCarrierEventParams;
  result: IFindCarrierEventResult;
}

const findCarrierEventIR: any = {"usedParamSet":{"carrier":true,"eventId":true},"params":[{"name":"carrier","required":true,"transform":{"type":"scalar"},"locs":[{"a":127,"b":135}]},{"name":"eventId","required":true,"transform":{"type":"scalar"},"locs":[{"a":152,"b":160}]}],"statement":"SELECT id, carrier, event_id, shipment_id, tracking_number, kind, occurred_at, received_at\nFROM carrier_events\nWHERE carrier = :carrier! AND event_id = :eventId!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, carrier, event_id, shipment_id, tracking_number, kind, occurred_at, received_at
 * FROM carrier_events
 * WHERE carrier = :carrier! AND event_id = :eventId!
 * ```
 */
export const findCarrierEvent = new PreparedQuery<IFindCarrierEventParams,IFindCarrierEventResult>(findCarrierEventIR);


/** 'ScheduleLocalCarrierEvents' parameters type */
export interface IScheduleLocalCarrierEventsParams {
  events: readonly ({
    shipmentId: NumberOrString,
    kind: string,
    dueAt: DateOrString
  })[];
}

/** 'ScheduleLocalCarrierEvents' return type */
export type IScheduleLocalCarrierEventsResult = void;

/** 'ScheduleLocalCarrierEvents' query type */
export interface IScheduleLocalCarrierEventsQuery {
  params: IScheduleLocalCarrierEventsParams;
  result: IScheduleLocalCarrierEventsResult;
}

const scheduleLocalCarrierEventsIR: any = {"usedParamSet":{"events":true},"params":[{"name":"events","required":false,"transform":{"type":"pick_array_spread","keys":[{"name":"shipmentId","required":true},{"name":"kind","required":true},{"name":"dueAt","required":true}]},"locs":[{"a":172,"b":178}]}],"statement":"-- The local carrier's plan for a parcel, written once at hand-over (a retried hand-over adds nothing).\nINSERT INTO local_carrier_events (shipment_id, kind, due_at)\nVALUES :events\nON CONFLICT (shipment_id, kind) DO NOTHING"};

/**
 * Query generated from SQL:
 * ```
 * -- The local carrier's plan for a parcel, written once at hand-over (a retried hand-over adds nothing).
 * INSERT INTO local_carrier_events (shipment_id, kind, due_at)
 * VALUES :events
 * ON CONFLICT (shipment_id, kind) DO NOTHING
 * ```
 */
export const scheduleLocalCarrierEvents = new PreparedQuery<IScheduleLocalCarrierEventsParams,IScheduleLocalCarrierEventsResult>(scheduleLocalCarrierEventsIR);


/** 'ClaimDueLocalCarrierEvents' parameters type */
export interface IClaimDueLocalCarrierEventsParams {
  limit: NumberOrString;
}

/** 'ClaimDueLocalCarrierEvents' return type */
export interface IClaimDueLocalCarrierEventsResult {
  attempts: number;
  carrier: string;
  due_at: Date;
  id: string;
  kind: string;
  tracking_number: string;
}

/** 'ClaimDueLocalCarrierEvents' query type */
export interface IClaimDueLocalCarrierEventsQuery {
  params: IClaimDueLocalCarrierEventsParams;
  result: IClaimDueLocalCarrierEventsResult;
}

const claimDueLocalCarrierEventsIR: any = {"usedParamSet":{"limit":true},"params":[{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":569,"b":575}]}],"statement":"-- Due events, oldest first; SKIP LOCKED lets two API processes share the work without posting one twice at once.\n-- A planned event is about a shipment or a return parcel (a return label).\nSELECT e.id, e.kind, e.due_at, e.attempts,\n       COALESCE(s.carrier, l.carrier) AS \"carrier!\", COALESCE(s.tracking_number, l.tracking_number) AS \"tracking_number!\"\nFROM local_carrier_events e\n    LEFT JOIN shipments s ON s.id = e.shipment_id\n    LEFT JOIN return_labels l ON l.id = e.return_label_id\nWHERE e.posted_at IS NULL AND e.due_at <= now()\nORDER BY e.due_at, e.id\nLIMIT :limit!\nFOR UPDATE OF e SKIP LOCKED"};

/**
 * Query generated from SQL:
 * ```
 * -- Due events, oldest first; SKIP LOCKED lets two API processes share the work without posting one twice at once.
 * -- A planned event is about a shipment or a return parcel (a return label).
 * SELECT e.id, e.kind, e.due_at, e.attempts,
 *        COALESCE(s.carrier, l.carrier) AS "carrier!", COALESCE(s.tracking_number, l.tracking_number) AS "tracking_number!"
 * FROM local_carrier_events e
 *     LEFT JOIN shipments s ON s.id = e.shipment_id
 *     LEFT JOIN return_labels l ON l.id = e.return_label_id
 * WHERE e.posted_at IS NULL AND e.due_at <= now()
 * ORDER BY e.due_at, e.id
 * LIMIT :limit!
 * FOR UPDATE OF e SKIP LOCKED
 * ```
 */
export const claimDueLocalCarrierEvents = new PreparedQuery<IClaimDueLocalCarrierEventsParams,IClaimDueLocalCarrierEventsResult>(claimDueLocalCarrierEventsIR);


/** 'MarkLocalCarrierEventPosted' parameters type */
export interface IMarkLocalCarrierEventPostedParams {
  id: NumberOrString;
}

/** 'MarkLocalCarrierEventPosted' return type */
export type IMarkLocalCarrierEventPostedResult = void;

/** 'MarkLocalCarrierEventPosted' query type */
export interface IMarkLocalCarrierEventPostedQuery {
  params: IMarkLocalCarrierEventPostedParams;
  result: IMarkLocalCarrierEventPostedResult;
}

const markLocalCarrierEventPostedIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":105,"b":108}]}],"statement":"UPDATE local_carrier_events SET posted_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE local_carrier_events SET posted_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = :id!
 * ```
 */
export const markLocalCarrierEventPosted = new PreparedQuery<IMarkLocalCarrierEventPostedParams,IMarkLocalCarrierEventPostedResult>(markLocalCarrierEventPostedIR);


/** 'MarkLocalCarrierEventFailed' parameters type */
export interface IMarkLocalCarrierEventFailedParams {
  error: string;
  id: NumberOrString;
}

/** 'MarkLocalCarrierEventFailed' return type */
export type IMarkLocalCarrierEventFailedResult = void;

/** 'MarkLocalCarrierEventFailed' query type */
export interface IMarkLocalCarrierEventFailedQuery {
  params: IMarkLocalCarrierEventFailedParams;
  result: IMarkLocalCarrierEventFailedResult;
}

const markLocalCarrierEventFailedIR: any = {"usedParamSet":{"error":true,"id":true},"params":[{"name":"error","required":true,"transform":{"type":"scalar"},"locs":[{"a":158,"b":164}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":275,"b":278}]}],"statement":"-- Tried again after a back-off that grows with the attempts (capped at a minute).\nUPDATE local_carrier_events\nSET attempts = attempts + 1, last_error = left(:error!, 500),\n    due_at = now() + make_interval(secs => LEAST(60, 0.2 * power(2, LEAST(attempts, 10))))\nWHERE id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * -- Tried again after a back-off that grows with the attempts (capped at a minute).
 * UPDATE local_carrier_events
 * SET attempts = attempts + 1, last_error = left(:error!, 500),
 *     due_at = now() + make_interval(secs => LEAST(60, 0.2 * power(2, LEAST(attempts, 10))))
 * WHERE id = :id!
 * ```
 */
export const markLocalCarrierEventFailed = new PreparedQuery<IMarkLocalCarrierEventFailedParams,IMarkLocalCarrierEventFailedResult>(markLocalCarrierEventFailedIR);


