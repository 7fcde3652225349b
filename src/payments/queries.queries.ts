/** Types generated for queries found in "src/payments/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type NumberOrString = number | string;

/** 'FindAuthorizationByKey' parameters type */
export interface IFindAuthorizationByKeyParams {
  idempotencyKey: string;
}

/** 'FindAuthorizationByKey' return type */
export interface IFindAuthorizationByKeyResult {
  amount: string;
  decline_code: string | null;
  expires_at: Date;
  id: string;
  idempotency_key: string;
  order_id: string;
  payment_method: string;
  state: string;
}

/** 'FindAuthorizationByKey' query type */
export interface IFindAuthorizationByKeyQuery {
  params: IFindAuthorizationByKeyParams;
  result: IFindAuthorizationByKeyResult;
}

const findAuthorizationByKeyIR: any = {"usedParamSet":{"idempotencyKey":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":146,"b":161}]}],"statement":"SELECT id, idempotency_key, order_id, amount, payment_method, state, decline_code, expires_at\nFROM payment_authorizations\nWHERE idempotency_key = :idempotencyKey!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, idempotency_key, order_id, amount, payment_method, state, decline_code, expires_at
 * FROM payment_authorizations
 * WHERE idempotency_key = :idempotencyKey!
 * ```
 */
export const findAuthorizationByKey = new PreparedQuery<IFindAuthorizationByKeyParams,IFindAuthorizationByKeyResult>(findAuthorizationByKeyIR);


/** 'InsertAuthorization' parameters type */
export interface IInsertAuthorizationParams {
  amount: NumberOrString;
  declineCode?: string | null | void;
  idempotencyKey: string;
  orderId: NumberOrString;
  paymentMethod: string;
  state: string;
  ttlSeconds: number;
}

/** 'InsertAuthorization' return type */
export interface IInsertAuthorizationResult {
  amount: string;
  decline_code: string | null;
  expires_at: Date;
  id: string;
  idempotency_key: string;
  order_id: string;
  payment_method: string;
  state: string;
}

/** 'InsertAuthorization' query type */
export interface IInsertAuthorizationQuery {
  params: IInsertAuthorizationParams;
  result: IInsertAuthorizationResult;
}

const insertAuthorizationIR: any = {"usedParamSet":{"idempotencyKey":true,"orderId":true,"amount":true,"paymentMethod":true,"state":true,"declineCode":true,"ttlSeconds":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":234,"b":249}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":252,"b":260}]},{"name":"amount","required":true,"transform":{"type":"scalar"},"locs":[{"a":263,"b":270}]},{"name":"paymentMethod","required":true,"transform":{"type":"scalar"},"locs":[{"a":273,"b":287}]},{"name":"state","required":true,"transform":{"type":"scalar"},"locs":[{"a":290,"b":296}]},{"name":"declineCode","required":false,"transform":{"type":"scalar"},"locs":[{"a":299,"b":310}]},{"name":"ttlSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":343,"b":354}]}],"statement":"-- Inserts the decision for a new key; returns nothing when the key exists (the caller reads it\n-- then).\nINSERT INTO payment_authorizations (idempotency_key, order_id, amount, payment_method, state, decline_code, expires_at)\nVALUES (:idempotencyKey!, :orderId!, :amount!, :paymentMethod!, :state!, :declineCode, now() + make_interval(secs => :ttlSeconds!))\nON CONFLICT (idempotency_key) DO NOTHING\nRETURNING id, idempotency_key, order_id, amount, payment_method, state, decline_code, expires_at"};

/**
 * Query generated from SQL:
 * ```
 * -- Inserts the decision for a new key; returns nothing when the key exists (the caller reads it
 * -- then).
 * INSERT INTO payment_authorizations (idempotency_key, order_id, amount, payment_method, state, decline_code, expires_at)
 * VALUES (:idempotencyKey!, :orderId!, :amount!, :paymentMethod!, :state!, :declineCode, now() + make_interval(secs => :ttlSeconds!))
 * ON CONFLICT (idempotency_key) DO NOTHING
 * RETURNING id, idempotency_key, order_id, amount, payment_method, state, decline_code, expires_at
 * ```
 */
export const insertAuthorization = new PreparedQuery<IInsertAuthorizationParams,IInsertAuthorizationResult>(insertAuthorizationIR);


/** 'LockAuthorization' parameters type */
export interface ILockAuthorizationParams {
  id: NumberOrString;
}

/** 'LockAuthorization' return type */
export interface ILockAuthorizationResult {
  amount: string;
  expired: boolean;
  expires_at: Date;
  id: string;
  order_id: string;
  state: string;
}

/** 'LockAuthorization' query type */
export interface ILockAuthorizationQuery {
  params: ILockAuthorizationParams;
  result: ILockAuthorizationResult;
}

const lockAuthorizationIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":211,"b":214}]}],"statement":"-- Serialises captures and voids of one authorization; `expired` by the database's clock.\nSELECT id, order_id, amount, state, expires_at, expires_at <= now() AS \"expired!\"\nFROM payment_authorizations\nWHERE id = :id!\nFOR UPDATE"};

/**
 * Query generated from SQL:
 * ```
 * -- Serialises captures and voids of one authorization; `expired` by the database's clock.
 * SELECT id, order_id, amount, state, expires_at, expires_at <= now() AS "expired!"
 * FROM payment_authorizations
 * WHERE id = :id!
 * FOR UPDATE
 * ```
 */
export const lockAuthorization = new PreparedQuery<ILockAuthorizationParams,ILockAuthorizationResult>(lockAuthorizationIR);


/** 'MarkAuthorizationCaptured' parameters type */
export interface IMarkAuthorizationCapturedParams {
  id: NumberOrString;
}

/** 'MarkAuthorizationCaptured' return type */
export type IMarkAuthorizationCapturedResult = void;

/** 'MarkAuthorizationCaptured' query type */
export interface IMarkAuthorizationCapturedQuery {
  params: IMarkAuthorizationCapturedParams;
  result: IMarkAuthorizationCapturedResult;
}

const markAuthorizationCapturedIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":84,"b":87}]}],"statement":"UPDATE payment_authorizations\nSET state = 'captured', updated_at = now()\nWHERE id = :id! AND state = 'authorized'"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE payment_authorizations
 * SET state = 'captured', updated_at = now()
 * WHERE id = :id! AND state = 'authorized'
 * ```
 */
export const markAuthorizationCaptured = new PreparedQuery<IMarkAuthorizationCapturedParams,IMarkAuthorizationCapturedResult>(markAuthorizationCapturedIR);


/** 'VoidAuthorization' parameters type */
export interface IVoidAuthorizationParams {
  idempotencyKey: string;
  orderId: NumberOrString;
}

/** 'VoidAuthorization' return type */
export interface IVoidAuthorizationResult {
  id: string;
}

/** 'VoidAuthorization' query type */
export interface IVoidAuthorizationQuery {
  params: IVoidAuthorizationParams;
  result: IVoidAuthorizationResult;
}

const voidAuthorizationIR: any = {"usedParamSet":{"idempotencyKey":true,"orderId":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":255,"b":270}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":287,"b":295}]}],"statement":"-- Voids only a live or expired, uncaptured authorization of this order; concurrent captures and\n-- voids wait for the row lock and then see the state it left.\nUPDATE payment_authorizations\nSET state = 'voided', updated_at = now()\nWHERE idempotency_key = :idempotencyKey! AND order_id = :orderId! AND state = 'authorized'\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * -- Voids only a live or expired, uncaptured authorization of this order; concurrent captures and
 * -- voids wait for the row lock and then see the state it left.
 * UPDATE payment_authorizations
 * SET state = 'voided', updated_at = now()
 * WHERE idempotency_key = :idempotencyKey! AND order_id = :orderId! AND state = 'authorized'
 * RETURNING id
 * ```
 */
export const voidAuthorization = new PreparedQuery<IVoidAuthorizationParams,IVoidAuthorizationResult>(voidAuthorizationIR);


/** 'FindOwnedAuthorizationState' parameters type */
export interface IFindOwnedAuthorizationStateParams {
  idempotencyKey: string;
  orderId: NumberOrString;
}

/** 'FindOwnedAuthorizationState' return type */
export interface IFindOwnedAuthorizationStateResult {
  state: string;
}

/** 'FindOwnedAuthorizationState' query type */
export interface IFindOwnedAuthorizationStateQuery {
  params: IFindOwnedAuthorizationStateParams;
  result: IFindOwnedAuthorizationStateResult;
}

const findOwnedAuthorizationStateIR: any = {"usedParamSet":{"idempotencyKey":true,"orderId":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":65,"b":80}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":97,"b":105}]}],"statement":"SELECT state\nFROM payment_authorizations\nWHERE idempotency_key = :idempotencyKey! AND order_id = :orderId!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT state
 * FROM payment_authorizations
 * WHERE idempotency_key = :idempotencyKey! AND order_id = :orderId!
 * ```
 */
export const findOwnedAuthorizationState = new PreparedQuery<IFindOwnedAuthorizationStateParams,IFindOwnedAuthorizationStateResult>(findOwnedAuthorizationStateIR);


/** 'FindCaptureByKey' parameters type */
export interface IFindCaptureByKeyParams {
  idempotencyKey: string;
}

/** 'FindCaptureByKey' return type */
export interface IFindCaptureByKeyResult {
  amount: string;
  authorization_id: string;
  failure_code: string | null;
  id: string;
  idempotency_key: string;
  order_id: string;
  state: string;
}

/** 'FindCaptureByKey' query type */
export interface IFindCaptureByKeyQuery {
  params: IFindCaptureByKeyParams;
  result: IFindCaptureByKeyResult;
}

const findCaptureByKeyIR: any = {"usedParamSet":{"idempotencyKey":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":148,"b":163}]}],"statement":"SELECT c.id, c.idempotency_key, c.authorization_id, c.order_id, c.amount, c.state, c.failure_code\nFROM payment_captures c\nWHERE c.idempotency_key = :idempotencyKey!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT c.id, c.idempotency_key, c.authorization_id, c.order_id, c.amount, c.state, c.failure_code
 * FROM payment_captures c
 * WHERE c.idempotency_key = :idempotencyKey!
 * ```
 */
export const findCaptureByKey = new PreparedQuery<IFindCaptureByKeyParams,IFindCaptureByKeyResult>(findCaptureByKeyIR);


/** 'FindSucceededCaptureOfAuthorization' parameters type */
export interface IFindSucceededCaptureOfAuthorizationParams {
  authorizationId: NumberOrString;
}

/** 'FindSucceededCaptureOfAuthorization' return type */
export interface IFindSucceededCaptureOfAuthorizationResult {
  id: string;
  idempotency_key: string;
}

/** 'FindSucceededCaptureOfAuthorization' query type */
export interface IFindSucceededCaptureOfAuthorizationQuery {
  params: IFindSucceededCaptureOfAuthorizationParams;
  result: IFindSucceededCaptureOfAuthorizationResult;
}

const findSucceededCaptureOfAuthorizationIR: any = {"usedParamSet":{"authorizationId":true},"params":[{"name":"authorizationId","required":true,"transform":{"type":"scalar"},"locs":[{"a":74,"b":90}]}],"statement":"SELECT id, idempotency_key\nFROM payment_captures\nWHERE authorization_id = :authorizationId! AND state = 'succeeded'"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, idempotency_key
 * FROM payment_captures
 * WHERE authorization_id = :authorizationId! AND state = 'succeeded'
 * ```
 */
export const findSucceededCaptureOfAuthorization = new PreparedQuery<IFindSucceededCaptureOfAuthorizationParams,IFindSucceededCaptureOfAuthorizationResult>(findSucceededCaptureOfAuthorizationIR);


/** 'InsertCapture' parameters type */
export interface IInsertCaptureParams {
  amount: NumberOrString;
  authorizationId: NumberOrString;
  failureCode?: string | null | void;
  idempotencyKey: string;
  orderId: NumberOrString;
  state: string;
}

/** 'InsertCapture' return type */
export interface IInsertCaptureResult {
  amount: string;
  authorization_id: string;
  failure_code: string | null;
  id: string;
  idempotency_key: string;
  order_id: string;
  state: string;
}

/** 'InsertCapture' query type */
export interface IInsertCaptureQuery {
  params: IInsertCaptureParams;
  result: IInsertCaptureResult;
}

const insertCaptureIR: any = {"usedParamSet":{"idempotencyKey":true,"authorizationId":true,"orderId":true,"amount":true,"state":true,"failureCode":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":211,"b":226}]},{"name":"authorizationId","required":true,"transform":{"type":"scalar"},"locs":[{"a":229,"b":245}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":248,"b":256}]},{"name":"amount","required":true,"transform":{"type":"scalar"},"locs":[{"a":259,"b":266}]},{"name":"state","required":true,"transform":{"type":"scalar"},"locs":[{"a":269,"b":275}]},{"name":"failureCode","required":false,"transform":{"type":"scalar"},"locs":[{"a":278,"b":289}]}],"statement":"-- Returns nothing when the key was taken meanwhile (a concurrent call for another authorization).\nINSERT INTO payment_captures (idempotency_key, authorization_id, order_id, amount, state, failure_code)\nVALUES (:idempotencyKey!, :authorizationId!, :orderId!, :amount!, :state!, :failureCode)\nON CONFLICT (idempotency_key) DO NOTHING\nRETURNING id, idempotency_key, authorization_id, order_id, amount, state, failure_code"};

/**
 * Query generated from SQL:
 * ```
 * -- Returns nothing when the key was taken meanwhile (a concurrent call for another authorization).
 * INSERT INTO payment_captures (idempotency_key, authorization_id, order_id, amount, state, failure_code)
 * VALUES (:idempotencyKey!, :authorizationId!, :orderId!, :amount!, :state!, :failureCode)
 * ON CONFLICT (idempotency_key) DO NOTHING
 * RETURNING id, idempotency_key, authorization_id, order_id, amount, state, failure_code
 * ```
 */
export const insertCapture = new PreparedQuery<IInsertCaptureParams,IInsertCaptureResult>(insertCaptureIR);


/** 'LockOwnedCapture' parameters type */
export interface ILockOwnedCaptureParams {
  captureKey: string;
  orderId: NumberOrString;
}

/** 'LockOwnedCapture' return type */
export interface ILockOwnedCaptureResult {
  amount: string;
  id: string;
  order_id: string;
  refund_held: string;
}

/** 'LockOwnedCapture' query type */
export interface ILockOwnedCaptureQuery {
  params: ILockOwnedCaptureParams;
  result: ILockOwnedCaptureResult;
}

const lockOwnedCaptureIR: any = {"usedParamSet":{"captureKey":true,"orderId":true},"params":[{"name":"captureKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":287,"b":298}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":315,"b":323}]}],"statement":"-- The successful capture made with this key for this order, locked so that refunds of it serialise;\n-- refund_held is what its pending and succeeded refunds hold (kept by a trigger, migration 0014).\nSELECT id, order_id, amount, refund_held\nFROM payment_captures\nWHERE idempotency_key = :captureKey! AND order_id = :orderId! AND state = 'succeeded'\nFOR UPDATE"};

/**
 * Query generated from SQL:
 * ```
 * -- The successful capture made with this key for this order, locked so that refunds of it serialise;
 * -- refund_held is what its pending and succeeded refunds hold (kept by a trigger, migration 0014).
 * SELECT id, order_id, amount, refund_held
 * FROM payment_captures
 * WHERE idempotency_key = :captureKey! AND order_id = :orderId! AND state = 'succeeded'
 * FOR UPDATE
 * ```
 */
export const lockOwnedCapture = new PreparedQuery<ILockOwnedCaptureParams,ILockOwnedCaptureResult>(lockOwnedCaptureIR);


/** 'FindRefundByKey' parameters type */
export interface IFindRefundByKeyParams {
  idempotencyKey: string;
}

/** 'FindRefundByKey' return type */
export interface IFindRefundByKeyResult {
  amount: string;
  capture_key: string;
  failure_code: string | null;
  id: string;
  order_id: string;
  state: string;
}

/** 'FindRefundByKey' query type */
export interface IFindRefundByKeyQuery {
  params: IFindRefundByKeyParams;
  result: IFindRefundByKeyResult;
}

const findRefundByKeyIR: any = {"usedParamSet":{"idempotencyKey":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":189,"b":204}]}],"statement":"SELECT r.id, r.order_id, r.amount, r.state, r.failure_code, c.idempotency_key AS capture_key\nFROM payment_refunds r\nJOIN payment_captures c ON c.id = r.capture_id\nWHERE r.idempotency_key = :idempotencyKey!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT r.id, r.order_id, r.amount, r.state, r.failure_code, c.idempotency_key AS capture_key
 * FROM payment_refunds r
 * JOIN payment_captures c ON c.id = r.capture_id
 * WHERE r.idempotency_key = :idempotencyKey!
 * ```
 */
export const findRefundByKey = new PreparedQuery<IFindRefundByKeyParams,IFindRefundByKeyResult>(findRefundByKeyIR);


/** 'InsertRefund' parameters type */
export interface IInsertRefundParams {
  amount: NumberOrString;
  captureId: NumberOrString;
  failureCode?: string | null | void;
  idempotencyKey: string;
  orderId: NumberOrString;
  state: string;
}

/** 'InsertRefund' return type */
export interface IInsertRefundResult {
  id: string;
}

/** 'InsertRefund' query type */
export interface IInsertRefundQuery {
  params: IInsertRefundParams;
  result: IInsertRefundResult;
}

const insertRefundIR: any = {"usedParamSet":{"idempotencyKey":true,"captureId":true,"orderId":true,"amount":true,"state":true,"failureCode":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":199,"b":214}]},{"name":"captureId","required":true,"transform":{"type":"scalar"},"locs":[{"a":217,"b":227}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":230,"b":238}]},{"name":"amount","required":true,"transform":{"type":"scalar"},"locs":[{"a":241,"b":248}]},{"name":"state","required":true,"transform":{"type":"scalar"},"locs":[{"a":251,"b":257}]},{"name":"failureCode","required":false,"transform":{"type":"scalar"},"locs":[{"a":260,"b":271}]}],"statement":"-- Returns nothing when the key was taken meanwhile (a concurrent refund of another capture).\nINSERT INTO payment_refunds (idempotency_key, capture_id, order_id, amount, state, failure_code)\nVALUES (:idempotencyKey!, :captureId!, :orderId!, :amount!, :state!, :failureCode)\nON CONFLICT (idempotency_key) DO NOTHING\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * -- Returns nothing when the key was taken meanwhile (a concurrent refund of another capture).
 * INSERT INTO payment_refunds (idempotency_key, capture_id, order_id, amount, state, failure_code)
 * VALUES (:idempotencyKey!, :captureId!, :orderId!, :amount!, :state!, :failureCode)
 * ON CONFLICT (idempotency_key) DO NOTHING
 * RETURNING id
 * ```
 */
export const insertRefund = new PreparedQuery<IInsertRefundParams,IInsertRefundResult>(insertRefundIR);


/** 'SettleRefund' parameters type */
export interface ISettleRefundParams {
  id: NumberOrString;
}

/** 'SettleRefund' return type */
export type ISettleRefundResult = void;

/** 'SettleRefund' query type */
export interface ISettleRefundQuery {
  params: ISettleRefundParams;
  result: ISettleRefundResult;
}

const settleRefundIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":168,"b":171}]}],"statement":"-- The money went back: a pending refund succeeds (once; a settled one is left as it is).\nUPDATE payment_refunds\nSET state = 'succeeded', updated_at = now()\nWHERE id = :id! AND state = 'pending'"};

/**
 * Query generated from SQL:
 * ```
 * -- The money went back: a pending refund succeeds (once; a settled one is left as it is).
 * UPDATE payment_refunds
 * SET state = 'succeeded', updated_at = now()
 * WHERE id = :id! AND state = 'pending'
 * ```
 */
export const settleRefund = new PreparedQuery<ISettleRefundParams,ISettleRefundResult>(settleRefundIR);


/** 'OrderPaymentTotals' parameters type */
export interface IOrderPaymentTotalsParams {
  orderId: NumberOrString;
}

/** 'OrderPaymentTotals' return type */
export interface IOrderPaymentTotalsResult {
  authorized: string;
  captured: string;
  order_id: string;
  refunded: string;
}

/** 'OrderPaymentTotals' query type */
export interface IOrderPaymentTotalsQuery {
  params: IOrderPaymentTotalsParams;
  result: IOrderPaymentTotalsResult;
}

const orderPaymentTotalsIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":153,"b":161}]}],"statement":"SELECT order_id AS \"order_id!\", authorized AS \"authorized!\", captured AS \"captured!\", refunded AS \"refunded!\"\nFROM order_payment_totals\nWHERE order_id = :orderId!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT order_id AS "order_id!", authorized AS "authorized!", captured AS "captured!", refunded AS "refunded!"
 * FROM order_payment_totals
 * WHERE order_id = :orderId!
 * ```
 */
export const orderPaymentTotals = new PreparedQuery<IOrderPaymentTotalsParams,IOrderPaymentTotalsResult>(orderPaymentTotalsIR);


/** 'InsertVoidedTombstone' parameters type */
export interface IInsertVoidedTombstoneParams {
  idempotencyKey: string;
  orderId: NumberOrString;
}

/** 'InsertVoidedTombstone' return type */
export interface IInsertVoidedTombstoneResult {
  id: string;
}

/** 'InsertVoidedTombstone' query type */
export interface IInsertVoidedTombstoneQuery {
  params: IInsertVoidedTombstoneParams;
  result: IInsertVoidedTombstoneResult;
}

const insertVoidedTombstoneIR: any = {"usedParamSet":{"idempotencyKey":true,"orderId":true},"params":[{"name":"idempotencyKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":318,"b":333}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":336,"b":344}]}],"statement":"-- A void that finds no authorization under its key leaves one, already voided: an authorize attempt\n-- still running at the provider (it outlived its timeout) then finds the key taken and holds nothing.\nINSERT INTO payment_authorizations (idempotency_key, order_id, amount, payment_method, state, expires_at)\nVALUES (:idempotencyKey!, :orderId!, 0, '', 'voided', now())\nON CONFLICT (idempotency_key) DO NOTHING\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * -- A void that finds no authorization under its key leaves one, already voided: an authorize attempt
 * -- still running at the provider (it outlived its timeout) then finds the key taken and holds nothing.
 * INSERT INTO payment_authorizations (idempotency_key, order_id, amount, payment_method, state, expires_at)
 * VALUES (:idempotencyKey!, :orderId!, 0, '', 'voided', now())
 * ON CONFLICT (idempotency_key) DO NOTHING
 * RETURNING id
 * ```
 */
export const insertVoidedTombstone = new PreparedQuery<IInsertVoidedTombstoneParams,IInsertVoidedTombstoneResult>(insertVoidedTombstoneIR);


