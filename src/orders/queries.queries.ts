/** Types generated for queries found in "src/orders/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type order_status = 'cancelled' | 'completed' | 'pending' | 'processing';

export type NumberOrString = number | string;

/** 'InsertOrder' parameters type */
export interface IInsertOrderParams {
  customerId: NumberOrString;
  totalAmount: NumberOrString;
}

/** 'InsertOrder' return type */
export interface IInsertOrderResult {
  created_at: Date;
  customer_id: string;
  id: string;
  status: order_status;
  total_amount: string;
  updated_at: Date;
  version: number;
}

/** 'InsertOrder' query type */
export interface IInsertOrderQuery {
  params: IInsertOrderParams;
  result: IInsertOrderResult;
}

const insertOrderIR: any = {"usedParamSet":{"customerId":true,"totalAmount":true},"params":[{"name":"customerId","required":true,"transform":{"type":"scalar"},"locs":[{"a":55,"b":66}]},{"name":"totalAmount","required":true,"transform":{"type":"scalar"},"locs":[{"a":69,"b":81}]}],"statement":"INSERT INTO orders (customer_id, total_amount)\nVALUES (:customerId!, :totalAmount!)\nRETURNING id, customer_id, status, total_amount, version, created_at, updated_at"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO orders (customer_id, total_amount)
 * VALUES (:customerId!, :totalAmount!)
 * RETURNING id, customer_id, status, total_amount, version, created_at, updated_at
 * ```
 */
export const insertOrder = new PreparedQuery<IInsertOrderParams,IInsertOrderResult>(insertOrderIR);


/** 'FindOrder' parameters type */
export interface IFindOrderParams {
  id: NumberOrString;
}

/** 'FindOrder' return type */
export interface IFindOrderResult {
  created_at: Date;
  customer_id: string;
  id: string;
  status: order_status;
  total_amount: string;
  updated_at: Date;
  version: number;
}

/** 'FindOrder' query type */
export interface IFindOrderQuery {
  params: IFindOrderParams;
  result: IFindOrderResult;
}

const findOrderIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":101,"b":104}]}],"statement":"SELECT id, customer_id, status, total_amount, version, created_at, updated_at\nFROM orders\nWHERE id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, customer_id, status, total_amount, version, created_at, updated_at
 * FROM orders
 * WHERE id = :id!
 * ```
 */
export const findOrder = new PreparedQuery<IFindOrderParams,IFindOrderResult>(findOrderIR);


/** 'LockOrder' parameters type */
export interface ILockOrderParams {
  id: NumberOrString;
}

/** 'LockOrder' return type */
export interface ILockOrderResult {
  created_at: Date;
  customer_id: string;
  id: string;
  status: order_status;
  total_amount: string;
  updated_at: Date;
  version: number;
}

/** 'LockOrder' query type */
export interface ILockOrderQuery {
  params: ILockOrderParams;
  result: ILockOrderResult;
}

const lockOrderIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":101,"b":104}]}],"statement":"SELECT id, customer_id, status, total_amount, version, created_at, updated_at\nFROM orders\nWHERE id = :id!\nFOR UPDATE"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, customer_id, status, total_amount, version, created_at, updated_at
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
  created_at: Date;
  customer_id: string;
  id: string;
  status: order_status;
  total_amount: string;
  updated_at: Date;
  version: number;
}

/** 'UpdateOrder' query type */
export interface IUpdateOrderQuery {
  params: IUpdateOrderParams;
  result: IUpdateOrderResult;
}

const updateOrderIR: any = {"usedParamSet":{"status":true,"totalAmount":true,"id":true},"params":[{"name":"status","required":true,"transform":{"type":"scalar"},"locs":[{"a":27,"b":34}]},{"name":"totalAmount","required":true,"transform":{"type":"scalar"},"locs":[{"a":52,"b":64}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":120,"b":123}]}],"statement":"UPDATE orders\nSET status = :status!, total_amount = :totalAmount!, version = version + 1, updated_at = now()\nWHERE id = :id!\nRETURNING id, customer_id, status, total_amount, version, created_at, updated_at"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE orders
 * SET status = :status!, total_amount = :totalAmount!, version = version + 1, updated_at = now()
 * WHERE id = :id!
 * RETURNING id, customer_id, status, total_amount, version, created_at, updated_at
 * ```
 */
export const updateOrder = new PreparedQuery<IUpdateOrderParams,IUpdateOrderResult>(updateOrderIR);


/** 'TransitionOrder' parameters type */
export interface ITransitionOrderParams {
  allowedFrom: readonly (order_status)[];
  id: NumberOrString;
  to: order_status;
}

/** 'TransitionOrder' return type */
export interface ITransitionOrderResult {
  created_at: Date;
  customer_id: string;
  id: string;
  status: order_status;
  total_amount: string;
  updated_at: Date;
  version: number;
}

/** 'TransitionOrder' query type */
export interface ITransitionOrderQuery {
  params: ITransitionOrderParams;
  result: ITransitionOrderResult;
}

const transitionOrderIR: any = {"usedParamSet":{"to":true,"id":true,"allowedFrom":true},"params":[{"name":"allowedFrom","required":true,"transform":{"type":"array_spread"},"locs":[{"a":105,"b":117}]},{"name":"to","required":true,"transform":{"type":"scalar"},"locs":[{"a":27,"b":30}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":86,"b":89}]}],"statement":"UPDATE orders\nSET status = :to!, version = version + 1, updated_at = now()\nWHERE id = :id! AND status IN :allowedFrom!\nRETURNING id, customer_id, status, total_amount, version, created_at, updated_at"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE orders
 * SET status = :to!, version = version + 1, updated_at = now()
 * WHERE id = :id! AND status IN :allowedFrom!
 * RETURNING id, customer_id, status, total_amount, version, created_at, updated_at
 * ```
 */
export const transitionOrder = new PreparedQuery<ITransitionOrderParams,ITransitionOrderResult>(transitionOrderIR);


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

const deleteOrderIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":30,"b":33}]}],"statement":"DELETE FROM orders WHERE id = :id! RETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * DELETE FROM orders WHERE id = :id! RETURNING id
 * ```
 */
export const deleteOrder = new PreparedQuery<IDeleteOrderParams,IDeleteOrderResult>(deleteOrderIR);


/** 'ListOrders' parameters type */
export interface IListOrdersParams {
  after: NumberOrString;
  customerId?: NumberOrString | null | void;
  limit: NumberOrString;
  status?: order_status | null | void;
}

/** 'ListOrders' return type */
export interface IListOrdersResult {
  created_at: Date;
  customer_id: string;
  id: string;
  status: order_status;
  total_amount: string;
  updated_at: Date;
  version: number;
}

/** 'ListOrders' query type */
export interface IListOrdersQuery {
  params: IListOrdersParams;
  result: IListOrdersResult;
}

const listOrdersIR: any = {"usedParamSet":{"after":true,"customerId":true,"status":true,"limit":true},"params":[{"name":"after","required":true,"transform":{"type":"scalar"},"locs":[{"a":101,"b":107}]},{"name":"customerId","required":false,"transform":{"type":"scalar"},"locs":[{"a":116,"b":126},{"a":161,"b":171}]},{"name":"status","required":false,"transform":{"type":"scalar"},"locs":[{"a":181,"b":187},{"a":223,"b":229}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":250,"b":256}]}],"statement":"SELECT id, customer_id, status, total_amount, version, created_at, updated_at\nFROM orders\nWHERE id > :after!\n  AND (:customerId::bigint IS NULL OR customer_id = :customerId)\n  AND (:status::order_status IS NULL OR status = :status)\nORDER BY id\nLIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, customer_id, status, total_amount, version, created_at, updated_at
 * FROM orders
 * WHERE id > :after!
 *   AND (:customerId::bigint IS NULL OR customer_id = :customerId)
 *   AND (:status::order_status IS NULL OR status = :status)
 * ORDER BY id
 * LIMIT :limit!
 * ```
 */
export const listOrders = new PreparedQuery<IListOrdersParams,IListOrdersResult>(listOrdersIR);


