/** Types generated for queries found in "src/returns/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NumberOrString = number | string;

/** 'LockOrderForReturn' parameters type */
export interface ILockOrderForReturnParams {
  orderId: NumberOrString;
  windowSeconds: number;
}

/** 'LockOrderForReturn' return type */
export interface ILockOrderForReturnResult {
  customer_id: string;
  delivered_at: Date | null;
  id: string;
  within_window: boolean;
}

/** 'LockOrderForReturn' query type */
export interface ILockOrderForReturnQuery {
  params: ILockOrderForReturnParams;
  result: ILockOrderForReturnResult;
}

const lockOrderForReturnIR: any = {"usedParamSet":{"windowSeconds":true,"orderId":true},"params":[{"name":"windowSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":198,"b":212}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":267,"b":275}]}],"statement":"-- Serialises the returns of one order; the window is judged by the database's clock.\nSELECT id, customer_id, delivered_at,\n       (delivered_at IS NOT NULL AND delivered_at + make_interval(secs => :windowSeconds!) > now()) AS \"within_window!\"\nFROM orders\nWHERE id = :orderId!\nFOR UPDATE"};

/**
 * Query generated from SQL:
 * ```
 * -- Serialises the returns of one order; the window is judged by the database's clock.
 * SELECT id, customer_id, delivered_at,
 *        (delivered_at IS NOT NULL AND delivered_at + make_interval(secs => :windowSeconds!) > now()) AS "within_window!"
 * FROM orders
 * WHERE id = :orderId!
 * FOR UPDATE
 * ```
 */
export const lockOrderForReturn = new PreparedQuery<ILockOrderForReturnParams,ILockOrderForReturnResult>(lockOrderForReturnIR);


/** 'ListReturnableLines' parameters type */
export interface IListReturnableLinesParams {
  orderId: NumberOrString;
}

/** 'ListReturnableLines' return type */
export interface IListReturnableLinesResult {
  delivered_quantity: number;
  line_no: number;
  quantity: number;
  return_authorized_quantity: number;
  sku: string;
}

/** 'ListReturnableLines' query type */
export interface IListReturnableLinesQuery {
  params: IListReturnableLinesParams;
  result: IListReturnableLinesResult;
}

const listReturnableLinesIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":112,"b":120}]}],"statement":"SELECT line_no, sku, quantity, delivered_quantity, return_authorized_quantity\nFROM order_items\nWHERE order_id = :orderId!\nORDER BY line_no"};

/**
 * Query generated from SQL:
 * ```
 * SELECT line_no, sku, quantity, delivered_quantity, return_authorized_quantity
 * FROM order_items
 * WHERE order_id = :orderId!
 * ORDER BY line_no
 * ```
 */
export const listReturnableLines = new PreparedQuery<IListReturnableLinesParams,IListReturnableLinesResult>(listReturnableLinesIR);


/** 'InsertReturn' parameters type */
export interface IInsertReturnParams {
  orderId: NumberOrString;
  reason: string;
  requestedBy: string;
}

/** 'InsertReturn' return type */
export interface IInsertReturnResult {
  id: string;
}

/** 'InsertReturn' query type */
export interface IInsertReturnQuery {
  params: IInsertReturnParams;
  result: IInsertReturnResult;
}

const insertReturnIR: any = {"usedParamSet":{"orderId":true,"reason":true,"requestedBy":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":61,"b":69}]},{"name":"reason","required":true,"transform":{"type":"scalar"},"locs":[{"a":72,"b":79}]},{"name":"requestedBy","required":true,"transform":{"type":"scalar"},"locs":[{"a":82,"b":94}]}],"statement":"INSERT INTO returns (order_id, reason, requested_by)\nVALUES (:orderId!, :reason!, :requestedBy!)\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO returns (order_id, reason, requested_by)
 * VALUES (:orderId!, :reason!, :requestedBy!)
 * RETURNING id
 * ```
 */
export const insertReturn = new PreparedQuery<IInsertReturnParams,IInsertReturnResult>(insertReturnIR);


/** 'LockReturnId' parameters type */
export interface ILockReturnIdParams {
  id: NumberOrString;
}

/** 'LockReturnId' return type */
export interface ILockReturnIdResult {
  locked: boolean;
}

/** 'LockReturnId' query type */
export interface ILockReturnIdQuery {
  params: ILockReturnIdParams;
  result: ILockReturnIdResult;
}

const lockReturnIdIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":264,"b":267}]}],"statement":"-- Taken by the create right after its insert, held to COMMIT: the return's workflow, started before\n-- that commit, waits on it (LockReturnIdExclusively) to learn for certain whether the return exists.\nSELECT pg_advisory_xact_lock_shared(hashtext('returns.id'), (:id!::bigint % 2147483647)::int) IS NULL AS \"locked!\""};

/**
 * Query generated from SQL:
 * ```
 * -- Taken by the create right after its insert, held to COMMIT: the return's workflow, started before
 * -- that commit, waits on it (LockReturnIdExclusively) to learn for certain whether the return exists.
 * SELECT pg_advisory_xact_lock_shared(hashtext('returns.id'), (:id!::bigint % 2147483647)::int) IS NULL AS "locked!"
 * ```
 */
export const lockReturnId = new PreparedQuery<ILockReturnIdParams,ILockReturnIdResult>(lockReturnIdIR);


/** 'BoundLockWait' parameters type */
export interface IBoundLockWaitParams {
  timeout: string;
}

/** 'BoundLockWait' return type */
export interface IBoundLockWaitResult {
  set: string;
}

/** 'BoundLockWait' query type */
export interface IBoundLockWaitQuery {
  params: IBoundLockWaitParams;
  result: IBoundLockWaitResult;
}

const boundLockWaitIR: any = {"usedParamSet":{"timeout":true},"params":[{"name":"timeout","required":true,"transform":{"type":"scalar"},"locs":[{"a":137,"b":145}]}],"statement":"-- For the rest of the transaction: a lock not granted by then fails the statement (55P03), retryably.\nSELECT set_config('lock_timeout', :timeout!, true) AS \"set!\""};

/**
 * Query generated from SQL:
 * ```
 * -- For the rest of the transaction: a lock not granted by then fails the statement (55P03), retryably.
 * SELECT set_config('lock_timeout', :timeout!, true) AS "set!"
 * ```
 */
export const boundLockWait = new PreparedQuery<IBoundLockWaitParams,IBoundLockWaitResult>(boundLockWaitIR);


/** 'LockReturnIdExclusively' parameters type */
export interface ILockReturnIdExclusivelyParams {
  id: NumberOrString;
}

/** 'LockReturnIdExclusively' return type */
export interface ILockReturnIdExclusivelyResult {
  locked: boolean;
}

/** 'LockReturnIdExclusively' query type */
export interface ILockReturnIdExclusivelyQuery {
  params: ILockReturnIdExclusivelyParams;
  result: ILockReturnIdExclusivelyResult;
}

const lockReturnIdExclusivelyIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":54,"b":57}]}],"statement":"SELECT pg_advisory_xact_lock(hashtext('returns.id'), (:id!::bigint % 2147483647)::int) IS NULL AS \"locked!\""};

/**
 * Query generated from SQL:
 * ```
 * SELECT pg_advisory_xact_lock(hashtext('returns.id'), (:id!::bigint % 2147483647)::int) IS NULL AS "locked!"
 * ```
 */
export const lockReturnIdExclusively = new PreparedQuery<ILockReturnIdExclusivelyParams,ILockReturnIdExclusivelyResult>(lockReturnIdExclusivelyIR);


/** 'InsertReturnItem' parameters type */
export interface IInsertReturnItemParams {
  lineNo: number;
  orderId: NumberOrString;
  quantity: number;
  returnId: NumberOrString;
  sku: string;
}

/** 'InsertReturnItem' return type */
export type IInsertReturnItemResult = void;

/** 'InsertReturnItem' query type */
export interface IInsertReturnItemQuery {
  params: IInsertReturnItemParams;
  result: IInsertReturnItemResult;
}

const insertReturnItemIR: any = {"usedParamSet":{"returnId":true,"orderId":true,"lineNo":true,"sku":true,"quantity":true},"params":[{"name":"returnId","required":true,"transform":{"type":"scalar"},"locs":[{"a":79,"b":88}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":91,"b":99}]},{"name":"lineNo","required":true,"transform":{"type":"scalar"},"locs":[{"a":102,"b":109}]},{"name":"sku","required":true,"transform":{"type":"scalar"},"locs":[{"a":112,"b":116}]},{"name":"quantity","required":true,"transform":{"type":"scalar"},"locs":[{"a":119,"b":128}]}],"statement":"INSERT INTO return_items (return_id, order_id, line_no, sku, quantity)\nVALUES (:returnId!, :orderId!, :lineNo!, :sku!, :quantity!)"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO return_items (return_id, order_id, line_no, sku, quantity)
 * VALUES (:returnId!, :orderId!, :lineNo!, :sku!, :quantity!)
 * ```
 */
export const insertReturnItem = new PreparedQuery<IInsertReturnItemParams,IInsertReturnItemResult>(insertReturnItemIR);


/** 'AuthorizeReturnUnits' parameters type */
export interface IAuthorizeReturnUnitsParams {
  lineNo: number;
  orderId: NumberOrString;
  quantity: number;
}

/** 'AuthorizeReturnUnits' return type */
export type IAuthorizeReturnUnitsResult = void;

/** 'AuthorizeReturnUnits' query type */
export interface IAuthorizeReturnUnitsQuery {
  params: IAuthorizeReturnUnitsParams;
  result: IAuthorizeReturnUnitsResult;
}

const authorizeReturnUnitsIR: any = {"usedParamSet":{"quantity":true,"orderId":true,"lineNo":true},"params":[{"name":"quantity","required":true,"transform":{"type":"scalar"},"locs":[{"a":163,"b":172}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":191,"b":199}]},{"name":"lineNo","required":true,"transform":{"type":"scalar"},"locs":[{"a":215,"b":222}]}],"statement":"-- The CHECK on order_items refuses more than was delivered, whatever ran before.\nUPDATE order_items\nSET return_authorized_quantity = return_authorized_quantity + :quantity!\nWHERE order_id = :orderId! AND line_no = :lineNo!"};

/**
 * Query generated from SQL:
 * ```
 * -- The CHECK on order_items refuses more than was delivered, whatever ran before.
 * UPDATE order_items
 * SET return_authorized_quantity = return_authorized_quantity + :quantity!
 * WHERE order_id = :orderId! AND line_no = :lineNo!
 * ```
 */
export const authorizeReturnUnits = new PreparedQuery<IAuthorizeReturnUnitsParams,IAuthorizeReturnUnitsResult>(authorizeReturnUnitsIR);


/** 'FindReturn' parameters type */
export interface IFindReturnParams {
  id: NumberOrString;
}

/** 'FindReturn' return type */
export interface IFindReturnResult {
  created_at: Date;
  id: string;
  items: Json;
  label_tracking_number: string | null;
  order_id: string;
  reason: string;
  refund_amount: string | null;
  refund_id: string | null;
  requested_by: string;
  status: string;
  updated_at: Date;
}

/** 'FindReturn' query type */
export interface IFindReturnQuery {
  params: IFindReturnParams;
  result: IFindReturnResult;
}

const findReturnIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":530,"b":533}]}],"statement":"SELECT r.id, r.order_id, r.status, r.reason, r.requested_by, r.label_tracking_number, r.refund_amount, r.refund_id, r.created_at, r.updated_at,\n       (SELECT json_agg(json_build_object('line_no', i.line_no, 'sku', i.sku, 'quantity', i.quantity, 'received_quantity', i.received_quantity,\n                                          'resellable_quantity', i.resellable_quantity, 'refund_amount', i.refund_amount::text) ORDER BY i.line_no)\n        FROM return_items i WHERE i.return_id = r.id) AS \"items!\"\nFROM returns r\nWHERE r.id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT r.id, r.order_id, r.status, r.reason, r.requested_by, r.label_tracking_number, r.refund_amount, r.refund_id, r.created_at, r.updated_at,
 *        (SELECT json_agg(json_build_object('line_no', i.line_no, 'sku', i.sku, 'quantity', i.quantity, 'received_quantity', i.received_quantity,
 *                                           'resellable_quantity', i.resellable_quantity, 'refund_amount', i.refund_amount::text) ORDER BY i.line_no)
 *         FROM return_items i WHERE i.return_id = r.id) AS "items!"
 * FROM returns r
 * WHERE r.id = :id!
 * ```
 */
export const findReturn = new PreparedQuery<IFindReturnParams,IFindReturnResult>(findReturnIR);


/** 'ListReturnsOfOrder' parameters type */
export interface IListReturnsOfOrderParams {
  orderId: NumberOrString;
}

/** 'ListReturnsOfOrder' return type */
export interface IListReturnsOfOrderResult {
  created_at: Date;
  id: string;
  items: Json;
  label_tracking_number: string | null;
  order_id: string;
  reason: string;
  refund_amount: string | null;
  refund_id: string | null;
  requested_by: string;
  status: string;
  updated_at: Date;
}

/** 'ListReturnsOfOrder' query type */
export interface IListReturnsOfOrderQuery {
  params: IListReturnsOfOrderParams;
  result: IListReturnsOfOrderResult;
}

const listReturnsOfOrderIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":536,"b":544}]}],"statement":"SELECT r.id, r.order_id, r.status, r.reason, r.requested_by, r.label_tracking_number, r.refund_amount, r.refund_id, r.created_at, r.updated_at,\n       (SELECT json_agg(json_build_object('line_no', i.line_no, 'sku', i.sku, 'quantity', i.quantity, 'received_quantity', i.received_quantity,\n                                          'resellable_quantity', i.resellable_quantity, 'refund_amount', i.refund_amount::text) ORDER BY i.line_no)\n        FROM return_items i WHERE i.return_id = r.id) AS \"items!\"\nFROM returns r\nWHERE r.order_id = :orderId!\nORDER BY r.id"};

/**
 * Query generated from SQL:
 * ```
 * SELECT r.id, r.order_id, r.status, r.reason, r.requested_by, r.label_tracking_number, r.refund_amount, r.refund_id, r.created_at, r.updated_at,
 *        (SELECT json_agg(json_build_object('line_no', i.line_no, 'sku', i.sku, 'quantity', i.quantity, 'received_quantity', i.received_quantity,
 *                                           'resellable_quantity', i.resellable_quantity, 'refund_amount', i.refund_amount::text) ORDER BY i.line_no)
 *         FROM return_items i WHERE i.return_id = r.id) AS "items!"
 * FROM returns r
 * WHERE r.order_id = :orderId!
 * ORDER BY r.id
 * ```
 */
export const listReturnsOfOrder = new PreparedQuery<IListReturnsOfOrderParams,IListReturnsOfOrderResult>(listReturnsOfOrderIR);


/** 'FindReturnIdByLabel' parameters type */
export interface IFindReturnIdByLabelParams {
  trackingNumber: string;
}

/** 'FindReturnIdByLabel' return type */
export interface IFindReturnIdByLabelResult {
  id: string;
}

/** 'FindReturnIdByLabel' query type */
export interface IFindReturnIdByLabelQuery {
  params: IFindReturnIdByLabelParams;
  result: IFindReturnIdByLabelResult;
}

const findReturnIdByLabelIR: any = {"usedParamSet":{"trackingNumber":true},"params":[{"name":"trackingNumber","required":true,"transform":{"type":"scalar"},"locs":[{"a":151,"b":166}]}],"statement":"-- The return a carrier's report on a return parcel is about (returns_label_tracking_number_idx).\nSELECT id FROM returns WHERE label_tracking_number = :trackingNumber!"};

/**
 * Query generated from SQL:
 * ```
 * -- The return a carrier's report on a return parcel is about (returns_label_tracking_number_idx).
 * SELECT id FROM returns WHERE label_tracking_number = :trackingNumber!
 * ```
 */
export const findReturnIdByLabel = new PreparedQuery<IFindReturnIdByLabelParams,IFindReturnIdByLabelResult>(findReturnIdByLabelIR);


/** 'MoveReturn' parameters type */
export interface IMoveReturnParams {
  from: readonly (string)[];
  id: NumberOrString;
  to: string;
  trackingNumber?: string | null | void;
}

/** 'MoveReturn' return type */
export interface IMoveReturnResult {
  id: string;
  order_id: string;
}

/** 'MoveReturn' query type */
export interface IMoveReturnQuery {
  params: IMoveReturnParams;
  result: IMoveReturnResult;
}

const moveReturnIR: any = {"usedParamSet":{"to":true,"trackingNumber":true,"id":true,"from":true},"params":[{"name":"from","required":true,"transform":{"type":"array_spread"},"locs":[{"a":258,"b":263}]},{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":129,"b":132}]},{"name":"trackingNumber","required":false,"transform":{"type":"scalar"},"locs":[{"a":168,"b":182}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":239,"b":242}]}],"statement":"-- A conditional step of the return's life: returns nothing when it is not (or no longer) in `from`.\nUPDATE returns\nSET status = :to!, label_tracking_number = COALESCE(:trackingNumber, label_tracking_number), updated_at = now()\nWHERE id = :id! AND status IN :from!\nRETURNING id, order_id"};

/**
 * Query generated from SQL:
 * ```
 * -- A conditional step of the return's life: returns nothing when it is not (or no longer) in `from`.
 * UPDATE returns
 * SET status = :to!, label_tracking_number = COALESCE(:trackingNumber, label_tracking_number), updated_at = now()
 * WHERE id = :id! AND status IN :from!
 * RETURNING id, order_id
 * ```
 */
export const moveReturn = new PreparedQuery<IMoveReturnParams,IMoveReturnResult>(moveReturnIR);


/** 'ReleaseRejectedUnits' parameters type */
export interface IReleaseRejectedUnitsParams {
  returnId: NumberOrString;
}

/** 'ReleaseRejectedUnits' return type */
export type IReleaseRejectedUnitsResult = void;

/** 'ReleaseRejectedUnits' query type */
export interface IReleaseRejectedUnitsQuery {
  params: IReleaseRejectedUnitsParams;
  result: IReleaseRejectedUnitsResult;
}

const releaseRejectedUnitsIR: any = {"usedParamSet":{"returnId":true},"params":[{"name":"returnId","required":true,"transform":{"type":"scalar"},"locs":[{"a":223,"b":232}]}],"statement":"-- A rejected or expired return gives its units back to what may still be returned.\nUPDATE order_items i\nSET return_authorized_quantity = i.return_authorized_quantity - ri.quantity\nFROM return_items ri\nWHERE ri.return_id = :returnId! AND i.order_id = ri.order_id AND i.line_no = ri.line_no"};

/**
 * Query generated from SQL:
 * ```
 * -- A rejected or expired return gives its units back to what may still be returned.
 * UPDATE order_items i
 * SET return_authorized_quantity = i.return_authorized_quantity - ri.quantity
 * FROM return_items ri
 * WHERE ri.return_id = :returnId! AND i.order_id = ri.order_id AND i.line_no = ri.line_no
 * ```
 */
export const releaseRejectedUnits = new PreparedQuery<IReleaseRejectedUnitsParams,IReleaseRejectedUnitsResult>(releaseRejectedUnitsIR);


/** 'RecordReceivedLine' parameters type */
export interface IRecordReceivedLineParams {
  lineNo: number;
  received: number;
  resellable: number;
  returnId: NumberOrString;
}

/** 'RecordReceivedLine' return type */
export interface IRecordReceivedLineResult {
  line_no: number;
  order_id: string;
  quantity: number;
}

/** 'RecordReceivedLine' query type */
export interface IRecordReceivedLineQuery {
  params: IRecordReceivedLineParams;
  result: IRecordReceivedLineResult;
}

const recordReceivedLineIR: any = {"usedParamSet":{"received":true,"resellable":true,"returnId":true,"lineNo":true},"params":[{"name":"received","required":true,"transform":{"type":"scalar"},"locs":[{"a":118,"b":127}]},{"name":"resellable","required":true,"transform":{"type":"scalar"},"locs":[{"a":152,"b":163}]},{"name":"returnId","required":true,"transform":{"type":"scalar"},"locs":[{"a":183,"b":192}]},{"name":"lineNo","required":true,"transform":{"type":"scalar"},"locs":[{"a":208,"b":215}]}],"statement":"-- Once per line: a second receive finds it recorded and changes nothing.\nUPDATE return_items\nSET received_quantity = :received!, resellable_quantity = :resellable!\nWHERE return_id = :returnId! AND line_no = :lineNo! AND received_quantity IS NULL\nRETURNING order_id, line_no, quantity"};

/**
 * Query generated from SQL:
 * ```
 * -- Once per line: a second receive finds it recorded and changes nothing.
 * UPDATE return_items
 * SET received_quantity = :received!, resellable_quantity = :resellable!
 * WHERE return_id = :returnId! AND line_no = :lineNo! AND received_quantity IS NULL
 * RETURNING order_id, line_no, quantity
 * ```
 */
export const recordReceivedLine = new PreparedQuery<IRecordReceivedLineParams,IRecordReceivedLineResult>(recordReceivedLineIR);


/** 'ApplyReceivedToOrderLine' parameters type */
export interface IApplyReceivedToOrderLineParams {
  authorized: number;
  lineNo: number;
  orderId: NumberOrString;
  received: number;
}

/** 'ApplyReceivedToOrderLine' return type */
export type IApplyReceivedToOrderLineResult = void;

/** 'ApplyReceivedToOrderLine' query type */
export interface IApplyReceivedToOrderLineQuery {
  params: IApplyReceivedToOrderLineParams;
  result: IApplyReceivedToOrderLineResult;
}

const applyReceivedToOrderLineIR: any = {"usedParamSet":{"received":true,"authorized":true,"orderId":true,"lineNo":true},"params":[{"name":"received","required":true,"transform":{"type":"scalar"},"locs":[{"a":163,"b":172},{"a":253,"b":262}]},{"name":"authorized","required":true,"transform":{"type":"scalar"},"locs":[{"a":238,"b":249}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":282,"b":290}]},{"name":"lineNo","required":true,"transform":{"type":"scalar"},"locs":[{"a":306,"b":313}]}],"statement":"-- Units that did not arrive are no longer authorized for this return (they may be returned again).\nUPDATE order_items\nSET received_quantity = received_quantity + :received!,\n    return_authorized_quantity = return_authorized_quantity - (:authorized! - :received!)\nWHERE order_id = :orderId! AND line_no = :lineNo!"};

/**
 * Query generated from SQL:
 * ```
 * -- Units that did not arrive are no longer authorized for this return (they may be returned again).
 * UPDATE order_items
 * SET received_quantity = received_quantity + :received!,
 *     return_authorized_quantity = return_authorized_quantity - (:authorized! - :received!)
 * WHERE order_id = :orderId! AND line_no = :lineNo!
 * ```
 */
export const applyReceivedToOrderLine = new PreparedQuery<IApplyReceivedToOrderLineParams,IApplyReceivedToOrderLineResult>(applyReceivedToOrderLineIR);


/** 'LockReturn' parameters type */
export interface ILockReturnParams {
  id: NumberOrString;
}

/** 'LockReturn' return type */
export interface ILockReturnResult {
  id: string;
  order_id: string;
  refund_amount: string | null;
  status: string;
}

/** 'LockReturn' query type */
export interface ILockReturnQuery {
  params: ILockReturnParams;
  result: ILockReturnResult;
}

const lockReturnIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":67,"b":70}]}],"statement":"SELECT id, order_id, status, refund_amount\nFROM returns\nWHERE id = :id!\nFOR UPDATE"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, order_id, status, refund_amount
 * FROM returns
 * WHERE id = :id!
 * FOR UPDATE
 * ```
 */
export const lockReturn = new PreparedQuery<ILockReturnParams,ILockReturnResult>(lockReturnIR);


/** 'LockLinesOfReturn' parameters type */
export interface ILockLinesOfReturnParams {
  returnId: NumberOrString;
}

/** 'LockLinesOfReturn' return type */
export interface ILockLinesOfReturnResult {
  line_no: number;
  quantity: number;
  received_quantity: number | null;
  refunded_quantity: number;
  unit_price: string;
}

/** 'LockLinesOfReturn' query type */
export interface ILockLinesOfReturnQuery {
  params: ILockLinesOfReturnParams;
  result: ILockLinesOfReturnResult;
}

const lockLinesOfReturnIR: any = {"usedParamSet":{"returnId":true},"params":[{"name":"returnId","required":true,"transform":{"type":"scalar"},"locs":[{"a":385,"b":394}]}],"statement":"-- The order lines this return refunds, locked in line order, so that two returns of one line fix\n-- their units one after the other (the second starts where the first ended).\nSELECT ri.line_no, ri.received_quantity, oi.quantity, oi.unit_price, oi.refunded_quantity\nFROM return_items ri\nJOIN order_items oi ON oi.order_id = ri.order_id AND oi.line_no = ri.line_no\nWHERE ri.return_id = :returnId!\nORDER BY ri.line_no\nFOR UPDATE OF oi"};

/**
 * Query generated from SQL:
 * ```
 * -- The order lines this return refunds, locked in line order, so that two returns of one line fix
 * -- their units one after the other (the second starts where the first ended).
 * SELECT ri.line_no, ri.received_quantity, oi.quantity, oi.unit_price, oi.refunded_quantity
 * FROM return_items ri
 * JOIN order_items oi ON oi.order_id = ri.order_id AND oi.line_no = ri.line_no
 * WHERE ri.return_id = :returnId!
 * ORDER BY ri.line_no
 * FOR UPDATE OF oi
 * ```
 */
export const lockLinesOfReturn = new PreparedQuery<ILockLinesOfReturnParams,ILockLinesOfReturnResult>(lockLinesOfReturnIR);


/** 'FixLineRefund' parameters type */
export interface IFixLineRefundParams {
  amount: NumberOrString;
  lineNo: number;
  returnId: NumberOrString;
}

/** 'FixLineRefund' return type */
export type IFixLineRefundResult = void;

/** 'FixLineRefund' query type */
export interface IFixLineRefundQuery {
  params: IFixLineRefundParams;
  result: IFixLineRefundResult;
}

const fixLineRefundIR: any = {"usedParamSet":{"amount":true,"returnId":true,"lineNo":true},"params":[{"name":"amount","required":true,"transform":{"type":"scalar"},"locs":[{"a":40,"b":47}]},{"name":"returnId","required":true,"transform":{"type":"scalar"},"locs":[{"a":67,"b":76}]},{"name":"lineNo","required":true,"transform":{"type":"scalar"},"locs":[{"a":92,"b":99}]}],"statement":"UPDATE return_items SET refund_amount = :amount! WHERE return_id = :returnId! AND line_no = :lineNo!"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE return_items SET refund_amount = :amount! WHERE return_id = :returnId! AND line_no = :lineNo!
 * ```
 */
export const fixLineRefund = new PreparedQuery<IFixLineRefundParams,IFixLineRefundResult>(fixLineRefundIR);


/** 'AddRefundedUnits' parameters type */
export interface IAddRefundedUnitsParams {
  lineNo: number;
  orderId: NumberOrString;
  units: number;
}

/** 'AddRefundedUnits' return type */
export type IAddRefundedUnitsResult = void;

/** 'AddRefundedUnits' query type */
export interface IAddRefundedUnitsQuery {
  params: IAddRefundedUnitsParams;
  result: IAddRefundedUnitsResult;
}

const addRefundedUnitsIR: any = {"usedParamSet":{"units":true,"orderId":true,"lineNo":true},"params":[{"name":"units","required":true,"transform":{"type":"scalar"},"locs":[{"a":63,"b":69}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":88,"b":96}]},{"name":"lineNo","required":true,"transform":{"type":"scalar"},"locs":[{"a":112,"b":119}]}],"statement":"UPDATE order_items SET refunded_quantity = refunded_quantity + :units! WHERE order_id = :orderId! AND line_no = :lineNo!"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE order_items SET refunded_quantity = refunded_quantity + :units! WHERE order_id = :orderId! AND line_no = :lineNo!
 * ```
 */
export const addRefundedUnits = new PreparedQuery<IAddRefundedUnitsParams,IAddRefundedUnitsResult>(addRefundedUnitsIR);


/** 'FixReturnRefund' parameters type */
export interface IFixReturnRefundParams {
  amount: NumberOrString;
  id: NumberOrString;
}

/** 'FixReturnRefund' return type */
export type IFixReturnRefundResult = void;

/** 'FixReturnRefund' query type */
export interface IFixReturnRefundQuery {
  params: IFixReturnRefundParams;
  result: IFixReturnRefundResult;
}

const fixReturnRefundIR: any = {"usedParamSet":{"amount":true,"id":true},"params":[{"name":"amount","required":true,"transform":{"type":"scalar"},"locs":[{"a":35,"b":42}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":75,"b":78}]}],"statement":"UPDATE returns SET refund_amount = :amount!, updated_at = now() WHERE id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE returns SET refund_amount = :amount!, updated_at = now() WHERE id = :id!
 * ```
 */
export const fixReturnRefund = new PreparedQuery<IFixReturnRefundParams,IFixReturnRefundResult>(fixReturnRefundIR);


/** 'MarkReturnRefunded' parameters type */
export interface IMarkReturnRefundedParams {
  id: NumberOrString;
  refundId?: string | null | void;
}

/** 'MarkReturnRefunded' return type */
export interface IMarkReturnRefundedResult {
  order_id: string;
  refund_amount: string | null;
}

/** 'MarkReturnRefunded' query type */
export interface IMarkReturnRefundedQuery {
  params: IMarkReturnRefundedParams;
  result: IMarkReturnRefundedResult;
}

const markReturnRefundedIR: any = {"usedParamSet":{"refundId":true,"id":true},"params":[{"name":"refundId","required":false,"transform":{"type":"scalar"},"locs":[{"a":226,"b":234}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":267,"b":270}]}],"statement":"-- Once: a retry finds it refunded and adds nothing to the order's total. From received, or from\n-- refund_failed when an operator's retry of a declined refund went through.\nUPDATE returns\nSET status = 'refunded', refund_id = :refundId, updated_at = now()\nWHERE id = :id! AND status IN ('received', 'refund_failed')\nRETURNING order_id, refund_amount"};

/**
 * Query generated from SQL:
 * ```
 * -- Once: a retry finds it refunded and adds nothing to the order's total. From received, or from
 * -- refund_failed when an operator's retry of a declined refund went through.
 * UPDATE returns
 * SET status = 'refunded', refund_id = :refundId, updated_at = now()
 * WHERE id = :id! AND status IN ('received', 'refund_failed')
 * RETURNING order_id, refund_amount
 * ```
 */
export const markReturnRefunded = new PreparedQuery<IMarkReturnRefundedParams,IMarkReturnRefundedResult>(markReturnRefundedIR);


/** 'AddToOrderRefunded' parameters type */
export interface IAddToOrderRefundedParams {
  amount: NumberOrString;
  orderId: NumberOrString;
}

/** 'AddToOrderRefunded' return type */
export type IAddToOrderRefundedResult = void;

/** 'AddToOrderRefunded' query type */
export interface IAddToOrderRefundedQuery {
  params: IAddToOrderRefundedParams;
  result: IAddToOrderRefundedResult;
}

const addToOrderRefundedIR: any = {"usedParamSet":{"amount":true,"orderId":true},"params":[{"name":"amount","required":true,"transform":{"type":"scalar"},"locs":[{"a":54,"b":61}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":94,"b":102}]}],"statement":"UPDATE orders SET refunded_amount = refunded_amount + :amount!, updated_at = now() WHERE id = :orderId!"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE orders SET refunded_amount = refunded_amount + :amount!, updated_at = now() WHERE id = :orderId!
 * ```
 */
export const addToOrderRefunded = new PreparedQuery<IAddToOrderRefundedParams,IAddToOrderRefundedResult>(addToOrderRefundedIR);


/** 'ResellableOfReturn' parameters type */
export interface IResellableOfReturnParams {
  returnId: NumberOrString;
}

/** 'ResellableOfReturn' return type */
export interface IResellableOfReturnResult {
  quantity: number;
  sku: string;
}

/** 'ResellableOfReturn' query type */
export interface IResellableOfReturnQuery {
  params: IResellableOfReturnParams;
  result: IResellableOfReturnResult;
}

const resellableOfReturnIR: any = {"usedParamSet":{"returnId":true},"params":[{"name":"returnId","required":true,"transform":{"type":"scalar"},"locs":[{"a":83,"b":92}]}],"statement":"SELECT sku, resellable_quantity AS \"quantity!\"\nFROM return_items\nWHERE return_id = :returnId! AND resellable_quantity > 0\nORDER BY line_no"};

/**
 * Query generated from SQL:
 * ```
 * SELECT sku, resellable_quantity AS "quantity!"
 * FROM return_items
 * WHERE return_id = :returnId! AND resellable_quantity > 0
 * ORDER BY line_no
 * ```
 */
export const resellableOfReturn = new PreparedQuery<IResellableOfReturnParams,IResellableOfReturnResult>(resellableOfReturnIR);


/** 'ListReturns' parameters type */
export interface IListReturnsParams {
  after: NumberOrString;
  limit: NumberOrString;
}

/** 'ListReturns' return type */
export interface IListReturnsResult {
  created_at: Date;
  id: string;
  items: Json;
  label_tracking_number: string | null;
  order_id: string;
  reason: string;
  refund_amount: string | null;
  refund_id: string | null;
  requested_by: string;
  status: string;
  updated_at: Date;
}

/** 'ListReturns' query type */
export interface IListReturnsQuery {
  params: IListReturnsParams;
  result: IListReturnsResult;
}

const listReturnsIR: any = {"usedParamSet":{"after":true,"limit":true},"params":[{"name":"after","required":true,"transform":{"type":"scalar"},"locs":[{"a":678,"b":684}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":706,"b":712}]}],"statement":"-- Two statements rather than one with `:status IS NULL OR …`: a prepared statement's generic plan\n-- could then use returns_status_id for neither.\nSELECT r.id, r.order_id, r.status, r.reason, r.requested_by, r.label_tracking_number, r.refund_amount, r.refund_id, r.created_at, r.updated_at,\n       (SELECT json_agg(json_build_object('line_no', i.line_no, 'sku', i.sku, 'quantity', i.quantity, 'received_quantity', i.received_quantity,\n                                          'resellable_quantity', i.resellable_quantity, 'refund_amount', i.refund_amount::text) ORDER BY i.line_no)\n        FROM return_items i WHERE i.return_id = r.id) AS \"items!\"\nFROM returns r\nWHERE r.id > :after!\nORDER BY r.id\nLIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * -- Two statements rather than one with `:status IS NULL OR …`: a prepared statement's generic plan
 * -- could then use returns_status_id for neither.
 * SELECT r.id, r.order_id, r.status, r.reason, r.requested_by, r.label_tracking_number, r.refund_amount, r.refund_id, r.created_at, r.updated_at,
 *        (SELECT json_agg(json_build_object('line_no', i.line_no, 'sku', i.sku, 'quantity', i.quantity, 'received_quantity', i.received_quantity,
 *                                           'resellable_quantity', i.resellable_quantity, 'refund_amount', i.refund_amount::text) ORDER BY i.line_no)
 *         FROM return_items i WHERE i.return_id = r.id) AS "items!"
 * FROM returns r
 * WHERE r.id > :after!
 * ORDER BY r.id
 * LIMIT :limit!
 * ```
 */
export const listReturns = new PreparedQuery<IListReturnsParams,IListReturnsResult>(listReturnsIR);


/** 'ListReturnsInStatus' parameters type */
export interface IListReturnsInStatusParams {
  after: NumberOrString;
  limit: NumberOrString;
  status: string;
}

/** 'ListReturnsInStatus' return type */
export interface IListReturnsInStatusResult {
  created_at: Date;
  id: string;
  items: Json;
  label_tracking_number: string | null;
  order_id: string;
  reason: string;
  refund_amount: string | null;
  refund_id: string | null;
  requested_by: string;
  status: string;
  updated_at: Date;
}

/** 'ListReturnsInStatus' query type */
export interface IListReturnsInStatusQuery {
  params: IListReturnsInStatusParams;
  result: IListReturnsInStatusResult;
}

const listReturnsInStatusIR: any = {"usedParamSet":{"status":true,"after":true,"limit":true},"params":[{"name":"status","required":true,"transform":{"type":"scalar"},"locs":[{"a":534,"b":541}]},{"name":"after","required":true,"transform":{"type":"scalar"},"locs":[{"a":554,"b":560}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":582,"b":588}]}],"statement":"SELECT r.id, r.order_id, r.status, r.reason, r.requested_by, r.label_tracking_number, r.refund_amount, r.refund_id, r.created_at, r.updated_at,\n       (SELECT json_agg(json_build_object('line_no', i.line_no, 'sku', i.sku, 'quantity', i.quantity, 'received_quantity', i.received_quantity,\n                                          'resellable_quantity', i.resellable_quantity, 'refund_amount', i.refund_amount::text) ORDER BY i.line_no)\n        FROM return_items i WHERE i.return_id = r.id) AS \"items!\"\nFROM returns r\nWHERE r.status = :status! AND r.id > :after!\nORDER BY r.id\nLIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT r.id, r.order_id, r.status, r.reason, r.requested_by, r.label_tracking_number, r.refund_amount, r.refund_id, r.created_at, r.updated_at,
 *        (SELECT json_agg(json_build_object('line_no', i.line_no, 'sku', i.sku, 'quantity', i.quantity, 'received_quantity', i.received_quantity,
 *                                           'resellable_quantity', i.resellable_quantity, 'refund_amount', i.refund_amount::text) ORDER BY i.line_no)
 *         FROM return_items i WHERE i.return_id = r.id) AS "items!"
 * FROM returns r
 * WHERE r.status = :status! AND r.id > :after!
 * ORDER BY r.id
 * LIMIT :limit!
 * ```
 */
export const listReturnsInStatus = new PreparedQuery<IListReturnsInStatusParams,IListReturnsInStatusResult>(listReturnsInStatusIR);


