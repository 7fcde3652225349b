/** Types generated for queries found in "src/shipping/return-labels.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NumberOrString = number | string;

/** 'InsertReturnLabel' parameters type */
export interface IInsertReturnLabelParams {
  carrier: string;
  idempotencyKey: string;
  orderId: NumberOrString;
  parcels: Json;
}

/** 'InsertReturnLabel' return type */
export interface IInsertReturnLabelResult {
  carrier: string;
  id: string;
  order_id: string;
  tracking_number: string;
}

/** 'InsertReturnLabel' query type */
export interface IInsertReturnLabelQuery {
  params: IInsertReturnLabelParams;
  result: IInsertReturnLabelResult;
}

const insertReturnLabelIR: any = {"usedParamSet":{"idempotencyKey":true,"orderId":true,"carrier":true,"parcels":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":165,"b":180}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":183,"b":191}]},{"name":"carrier","required":true,"transform":{"type":"scalar"},"locs":[{"a":194,"b":202}]},{"name":"parcels","required":true,"transform":{"type":"scalar"},"locs":[{"a":205,"b":213}]}],"statement":"-- One statement: racing issues with one key insert one row, and the losers read it.\nINSERT INTO return_labels (idempotency_key, order_id, carrier, parcels)\nVALUES (:idempotencyKey!, :orderId!, :carrier!, :parcels!::jsonb)\nON CONFLICT (idempotency_key) DO NOTHING\nRETURNING id, order_id, carrier, tracking_number"};

/**
 * Query generated from SQL:
 * ```
 * -- One statement: racing issues with one key insert one row, and the losers read it.
 * INSERT INTO return_labels (idempotency_key, order_id, carrier, parcels)
 * VALUES (:idempotencyKey!, :orderId!, :carrier!, :parcels!::jsonb)
 * ON CONFLICT (idempotency_key) DO NOTHING
 * RETURNING id, order_id, carrier, tracking_number
 * ```
 */
export const insertReturnLabel = new PreparedQuery<IInsertReturnLabelParams,IInsertReturnLabelResult>(insertReturnLabelIR);


/** 'FindReturnLabelByKey' parameters type */
export interface IFindReturnLabelByKeyParams {
  idempotencyKey: string;
}

/** 'FindReturnLabelByKey' return type */
export interface IFindReturnLabelByKeyResult {
  carrier: string;
  id: string;
  order_id: string;
  tracking_number: string;
}

/** 'FindReturnLabelByKey' query type */
export interface IFindReturnLabelByKeyQuery {
  params: IFindReturnLabelByKeyParams;
  result: IFindReturnLabelByKeyResult;
}

const findReturnLabelByKeyIR: any = {"usedParamSet":{"idempotencyKey":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":89,"b":104}]}],"statement":"SELECT id, order_id, carrier, tracking_number\nFROM return_labels\nWHERE idempotency_key = :idempotencyKey!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, order_id, carrier, tracking_number
 * FROM return_labels
 * WHERE idempotency_key = :idempotencyKey!
 * ```
 */
export const findReturnLabelByKey = new PreparedQuery<IFindReturnLabelByKeyParams,IFindReturnLabelByKeyResult>(findReturnLabelByKeyIR);


/** 'ScheduleReturnParcelEvents' parameters type */
export interface IScheduleReturnParcelEventsParams {
  events: readonly ({
    returnLabelId: NumberOrString,
    kind: string,
    dueAt: DateOrString
  })[];
}

/** 'ScheduleReturnParcelEvents' return type */
export type IScheduleReturnParcelEventsResult = void;

/** 'ScheduleReturnParcelEvents' query type */
export interface IScheduleReturnParcelEventsQuery {
  params: IScheduleReturnParcelEventsParams;
  result: IScheduleReturnParcelEventsResult;
}

const scheduleReturnParcelEventsIR: any = {"usedParamSet":{"events":true},"params":[{"name":"events","required":false,"transform":{"type":"pick_array_spread","keys":[{"name":"returnLabelId","required":true},{"name":"kind","required":true},{"name":"dueAt","required":true}]},"locs":[{"a":171,"b":177}]}],"statement":"-- The local carrier's plan for a customer's return parcel, written once when its label is issued.\nINSERT INTO local_carrier_events (return_label_id, kind, due_at)\nVALUES :events\nON CONFLICT (return_label_id, kind) DO NOTHING"};

/**
 * Query generated from SQL:
 * ```
 * -- The local carrier's plan for a customer's return parcel, written once when its label is issued.
 * INSERT INTO local_carrier_events (return_label_id, kind, due_at)
 * VALUES :events
 * ON CONFLICT (return_label_id, kind) DO NOTHING
 * ```
 */
export const scheduleReturnParcelEvents = new PreparedQuery<IScheduleReturnParcelEventsParams,IScheduleReturnParcelEventsResult>(scheduleReturnParcelEventsIR);


