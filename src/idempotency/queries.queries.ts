/** Types generated for queries found in "src/idempotency/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** 'ClaimKey' parameters type */
export interface IClaimKeyParams {
  key: string;
  lockSeconds: number;
  owner: string;
  requestHash: string;
  scope: string;
  ttlSeconds: number;
}

/** 'ClaimKey' return type */
export interface IClaimKeyResult {
  key: string;
}

/** 'ClaimKey' query type */
export interface IClaimKeyQuery {
  params: IClaimKeyParams;
  result: IClaimKeyResult;
}

const claimKeyIR: any = {"usedParamSet":{"scope":true,"key":true,"requestHash":true,"owner":true,"lockSeconds":true,"ttlSeconds":true},"params":[{"name":"scope","required":true,"transform":{"type":"scalar"},"locs":[{"a":104,"b":110}]},{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":113,"b":117}]},{"name":"requestHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":120,"b":132}]},{"name":"owner","required":true,"transform":{"type":"scalar"},"locs":[{"a":135,"b":141}]},{"name":"lockSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":189,"b":201}]},{"name":"ttlSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":235,"b":246}]}],"statement":"INSERT INTO idempotency_keys (scope, key, request_hash, owner, state, locked_until, expires_at)\nVALUES (:scope!, :key!, :requestHash!, :owner!, 'in_progress', now() + make_interval(secs => :lockSeconds!), now() + make_interval(secs => :ttlSeconds!))\nON CONFLICT (scope, key) DO UPDATE\nSET request_hash = EXCLUDED.request_hash,\n    owner = EXCLUDED.owner,\n    state = 'in_progress',\n    locked_until = EXCLUDED.locked_until,\n    expires_at = EXCLUDED.expires_at,\n    response_status = NULL,\n    response_headers = NULL,\n    response_body = NULL,\n    created_at = now()\nWHERE idempotency_keys.expires_at < now()\n   OR (idempotency_keys.state = 'in_progress'\n       AND idempotency_keys.locked_until < now()\n       AND idempotency_keys.request_hash = EXCLUDED.request_hash)\nRETURNING key"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO idempotency_keys (scope, key, request_hash, owner, state, locked_until, expires_at)
 * VALUES (:scope!, :key!, :requestHash!, :owner!, 'in_progress', now() + make_interval(secs => :lockSeconds!), now() + make_interval(secs => :ttlSeconds!))
 * ON CONFLICT (scope, key) DO UPDATE
 * SET request_hash = EXCLUDED.request_hash,
 *     owner = EXCLUDED.owner,
 *     state = 'in_progress',
 *     locked_until = EXCLUDED.locked_until,
 *     expires_at = EXCLUDED.expires_at,
 *     response_status = NULL,
 *     response_headers = NULL,
 *     response_body = NULL,
 *     created_at = now()
 * WHERE idempotency_keys.expires_at < now()
 *    OR (idempotency_keys.state = 'in_progress'
 *        AND idempotency_keys.locked_until < now()
 *        AND idempotency_keys.request_hash = EXCLUDED.request_hash)
 * RETURNING key
 * ```
 */
export const claimKey = new PreparedQuery<IClaimKeyParams,IClaimKeyResult>(claimKeyIR);


/** 'FindKey' parameters type */
export interface IFindKeyParams {
  key: string;
  scope: string;
}

/** 'FindKey' return type */
export interface IFindKeyResult {
  request_hash: string;
  response_body: string | null;
  response_headers: Json | null;
  response_status: number | null;
  state: string;
}

/** 'FindKey' query type */
export interface IFindKeyQuery {
  params: IFindKeyParams;
  result: IFindKeyResult;
}

const findKeyIR: any = {"usedParamSet":{"scope":true,"key":true},"params":[{"name":"scope","required":true,"transform":{"type":"scalar"},"locs":[{"a":113,"b":119}]},{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":131,"b":135}]}],"statement":"SELECT request_hash, state, response_status, response_headers, response_body\nFROM idempotency_keys\nWHERE scope = :scope! AND key = :key!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT request_hash, state, response_status, response_headers, response_body
 * FROM idempotency_keys
 * WHERE scope = :scope! AND key = :key!
 * ```
 */
export const findKey = new PreparedQuery<IFindKeyParams,IFindKeyResult>(findKeyIR);


/** 'CompleteKey' parameters type */
export interface ICompleteKeyParams {
  body: string;
  headers: Json;
  key: string;
  owner: string;
  scope: string;
  status: number;
}

/** 'CompleteKey' return type */
export interface ICompleteKeyResult {
  key: string;
}

/** 'CompleteKey' query type */
export interface ICompleteKeyQuery {
  params: ICompleteKeyParams;
  result: ICompleteKeyResult;
}

const completeKeyIR: any = {"usedParamSet":{"status":true,"headers":true,"body":true,"scope":true,"key":true,"owner":true},"params":[{"name":"status","required":true,"transform":{"type":"scalar"},"locs":[{"a":89,"b":96}]},{"name":"headers","required":true,"transform":{"type":"scalar"},"locs":[{"a":118,"b":126}]},{"name":"body","required":true,"transform":{"type":"scalar"},"locs":[{"a":145,"b":150}]},{"name":"scope","required":true,"transform":{"type":"scalar"},"locs":[{"a":166,"b":172}]},{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":184,"b":188}]},{"name":"owner","required":true,"transform":{"type":"scalar"},"locs":[{"a":228,"b":234}]}],"statement":"UPDATE idempotency_keys\nSET state = 'completed', locked_until = now(), response_status = :status!, response_headers = :headers!, response_body = :body!\nWHERE scope = :scope! AND key = :key! AND state = 'in_progress' AND owner = :owner!\nRETURNING key"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE idempotency_keys
 * SET state = 'completed', locked_until = now(), response_status = :status!, response_headers = :headers!, response_body = :body!
 * WHERE scope = :scope! AND key = :key! AND state = 'in_progress' AND owner = :owner!
 * RETURNING key
 * ```
 */
export const completeKey = new PreparedQuery<ICompleteKeyParams,ICompleteKeyResult>(completeKeyIR);


/** 'ReleaseKey' parameters type */
export interface IReleaseKeyParams {
  key: string;
  owner: string;
  scope: string;
}

/** 'ReleaseKey' return type */
export type IReleaseKeyResult = void;

/** 'ReleaseKey' query type */
export interface IReleaseKeyQuery {
  params: IReleaseKeyParams;
  result: IReleaseKeyResult;
}

const releaseKeyIR: any = {"usedParamSet":{"scope":true,"key":true,"owner":true},"params":[{"name":"scope","required":true,"transform":{"type":"scalar"},"locs":[{"a":43,"b":49}]},{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":61,"b":65}]},{"name":"owner","required":true,"transform":{"type":"scalar"},"locs":[{"a":105,"b":111}]}],"statement":"DELETE FROM idempotency_keys\nWHERE scope = :scope! AND key = :key! AND state = 'in_progress' AND owner = :owner!"};

/**
 * Query generated from SQL:
 * ```
 * DELETE FROM idempotency_keys
 * WHERE scope = :scope! AND key = :key! AND state = 'in_progress' AND owner = :owner!
 * ```
 */
export const releaseKey = new PreparedQuery<IReleaseKeyParams,IReleaseKeyResult>(releaseKeyIR);


/** 'PurgeExpiredKeys' parameters type */
export type IPurgeExpiredKeysParams = void;

/** 'PurgeExpiredKeys' return type */
export type IPurgeExpiredKeysResult = void;

/** 'PurgeExpiredKeys' query type */
export interface IPurgeExpiredKeysQuery {
  params: IPurgeExpiredKeysParams;
  result: IPurgeExpiredKeysResult;
}

const purgeExpiredKeysIR: any = {"usedParamSet":{},"params":[],"statement":"DELETE FROM idempotency_keys WHERE expires_at < now()"};

/**
 * Query generated from SQL:
 * ```
 * DELETE FROM idempotency_keys WHERE expires_at < now()
 * ```
 */
export const purgeExpiredKeys = new PreparedQuery<IPurgeExpiredKeysParams,IPurgeExpiredKeysResult>(purgeExpiredKeysIR);


