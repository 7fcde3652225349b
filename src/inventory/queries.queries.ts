/** Types generated for queries found in "src/inventory/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type reservation_status = 'consumed' | 'released' | 'reserved';

export type NumberOrString = number | string;

export type stringArray = (string)[];

/** 'FindStock' parameters type */
export interface IFindStockParams {
  sku: string;
}

/** 'FindStock' return type */
export interface IFindStockResult {
  on_hand: number;
  reserved: number;
  sku: string;
  updated_at: Date;
}

/** 'FindStock' query type */
export interface IFindStockQuery {
  params: IFindStockParams;
  result: IFindStockResult;
}

const findStockIR: any = {"usedParamSet":{"sku":true},"params":[{"name":"sku","required":true,"transform":{"type":"scalar"},"locs":[{"a":69,"b":73}]}],"statement":"SELECT sku, on_hand, reserved, updated_at FROM inventory WHERE sku = :sku!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT sku, on_hand, reserved, updated_at FROM inventory WHERE sku = :sku!
 * ```
 */
export const findStock = new PreparedQuery<IFindStockParams,IFindStockResult>(findStockIR);


/** 'SetStock' parameters type */
export interface ISetStockParams {
  onHand: number;
  sku: string;
}

/** 'SetStock' return type */
export interface ISetStockResult {
  on_hand: number;
  reserved: number;
  sku: string;
  updated_at: Date;
}

/** 'SetStock' query type */
export interface ISetStockQuery {
  params: ISetStockParams;
  result: ISetStockResult;
}

const setStockIR: any = {"usedParamSet":{"sku":true,"onHand":true},"params":[{"name":"sku","required":true,"transform":{"type":"scalar"},"locs":[{"a":45,"b":49}]},{"name":"onHand","required":true,"transform":{"type":"scalar"},"locs":[{"a":52,"b":59}]}],"statement":"INSERT INTO inventory (sku, on_hand) VALUES (:sku!, :onHand!)\nON CONFLICT (sku) DO UPDATE SET on_hand = EXCLUDED.on_hand, updated_at = now()\nRETURNING sku, on_hand, reserved, updated_at"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO inventory (sku, on_hand) VALUES (:sku!, :onHand!)
 * ON CONFLICT (sku) DO UPDATE SET on_hand = EXCLUDED.on_hand, updated_at = now()
 * RETURNING sku, on_hand, reserved, updated_at
 * ```
 */
export const setStock = new PreparedQuery<ISetStockParams,ISetStockResult>(setStockIR);


/** 'LockStock' parameters type */
export interface ILockStockParams {
  sku: string;
}

/** 'LockStock' return type */
export interface ILockStockResult {
  on_hand: number;
  reserved: number;
  sku: string;
  updated_at: Date;
}

/** 'LockStock' query type */
export interface ILockStockQuery {
  params: ILockStockParams;
  result: ILockStockResult;
}

const lockStockIR: any = {"usedParamSet":{"sku":true},"params":[{"name":"sku","required":true,"transform":{"type":"scalar"},"locs":[{"a":69,"b":73}]}],"statement":"SELECT sku, on_hand, reserved, updated_at FROM inventory WHERE sku = :sku! FOR UPDATE"};

/**
 * Query generated from SQL:
 * ```
 * SELECT sku, on_hand, reserved, updated_at FROM inventory WHERE sku = :sku! FOR UPDATE
 * ```
 */
export const lockStock = new PreparedQuery<ILockStockParams,ILockStockResult>(lockStockIR);


/** 'KnownSkus' parameters type */
export interface IKnownSkusParams {
  skus: stringArray;
}

/** 'KnownSkus' return type */
export interface IKnownSkusResult {
  sku: string;
}

/** 'KnownSkus' query type */
export interface IKnownSkusQuery {
  params: IKnownSkusParams;
  result: IKnownSkusResult;
}

const knownSkusIR: any = {"usedParamSet":{"skus":true},"params":[{"name":"skus","required":true,"transform":{"type":"scalar"},"locs":[{"a":42,"b":47}]}],"statement":"SELECT sku FROM inventory WHERE sku = ANY(:skus!::text[])"};

/**
 * Query generated from SQL:
 * ```
 * SELECT sku FROM inventory WHERE sku = ANY(:skus!::text[])
 * ```
 */
export const knownSkus = new PreparedQuery<IKnownSkusParams,IKnownSkusResult>(knownSkusIR);


/** 'CountReservations' parameters type */
export interface ICountReservationsParams {
  orderId: NumberOrString;
}

/** 'CountReservations' return type */
export interface ICountReservationsResult {
  count: number;
}

/** 'CountReservations' query type */
export interface ICountReservationsQuery {
  params: ICountReservationsParams;
  result: ICountReservationsResult;
}

const countReservationsIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":78,"b":86}]}],"statement":"SELECT count(*)::int AS \"count!\" FROM inventory_reservations WHERE order_id = :orderId!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT count(*)::int AS "count!" FROM inventory_reservations WHERE order_id = :orderId!
 * ```
 */
export const countReservations = new PreparedQuery<ICountReservationsParams,ICountReservationsResult>(countReservationsIR);


/** 'HoldStock' parameters type */
export interface IHoldStockParams {
  quantity: number;
  sku: string;
}

/** 'HoldStock' return type */
export interface IHoldStockResult {
  sku: string;
}

/** 'HoldStock' query type */
export interface IHoldStockQuery {
  params: IHoldStockParams;
  result: IHoldStockResult;
}

const holdStockIR: any = {"usedParamSet":{"quantity":true,"sku":true},"params":[{"name":"quantity","required":true,"transform":{"type":"scalar"},"locs":[{"a":43,"b":52},{"a":118,"b":127}]},{"name":"sku","required":true,"transform":{"type":"scalar"},"locs":[{"a":86,"b":90}]}],"statement":"UPDATE inventory\nSET reserved = reserved + :quantity!, updated_at = now()\nWHERE sku = :sku! AND on_hand - reserved >= :quantity!\nRETURNING sku"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE inventory
 * SET reserved = reserved + :quantity!, updated_at = now()
 * WHERE sku = :sku! AND on_hand - reserved >= :quantity!
 * RETURNING sku
 * ```
 */
export const holdStock = new PreparedQuery<IHoldStockParams,IHoldStockResult>(holdStockIR);


/** 'InsertReservation' parameters type */
export interface IInsertReservationParams {
  orderId: NumberOrString;
  quantity: number;
  sku: string;
}

/** 'InsertReservation' return type */
export type IInsertReservationResult = void;

/** 'InsertReservation' query type */
export interface IInsertReservationQuery {
  params: IInsertReservationParams;
  result: IInsertReservationResult;
}

const insertReservationIR: any = {"usedParamSet":{"orderId":true,"sku":true,"quantity":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":69,"b":77}]},{"name":"sku","required":true,"transform":{"type":"scalar"},"locs":[{"a":80,"b":84}]},{"name":"quantity","required":true,"transform":{"type":"scalar"},"locs":[{"a":87,"b":96}]}],"statement":"INSERT INTO inventory_reservations (order_id, sku, quantity) VALUES (:orderId!, :sku!, :quantity!)"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO inventory_reservations (order_id, sku, quantity) VALUES (:orderId!, :sku!, :quantity!)
 * ```
 */
export const insertReservation = new PreparedQuery<IInsertReservationParams,IInsertReservationResult>(insertReservationIR);


/** 'ReleaseReservations' parameters type */
export interface IReleaseReservationsParams {
  orderId: NumberOrString;
}

/** 'ReleaseReservations' return type */
export interface IReleaseReservationsResult {
  quantity: number;
  sku: string;
}

/** 'ReleaseReservations' query type */
export interface IReleaseReservationsQuery {
  params: IReleaseReservationsParams;
  result: IReleaseReservationsResult;
}

const releaseReservationsIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":122,"b":130}]}],"statement":"WITH released AS (\n    UPDATE inventory_reservations\n    SET status = 'released', updated_at = now()\n    WHERE order_id = :orderId! AND status = 'reserved'\n    RETURNING sku, quantity\n)\nUPDATE inventory\nSET reserved = inventory.reserved - released.quantity, updated_at = now()\nFROM released\nWHERE inventory.sku = released.sku\nRETURNING inventory.sku, released.quantity"};

/**
 * Query generated from SQL:
 * ```
 * WITH released AS (
 *     UPDATE inventory_reservations
 *     SET status = 'released', updated_at = now()
 *     WHERE order_id = :orderId! AND status = 'reserved'
 *     RETURNING sku, quantity
 * )
 * UPDATE inventory
 * SET reserved = inventory.reserved - released.quantity, updated_at = now()
 * FROM released
 * WHERE inventory.sku = released.sku
 * RETURNING inventory.sku, released.quantity
 * ```
 */
export const releaseReservations = new PreparedQuery<IReleaseReservationsParams,IReleaseReservationsResult>(releaseReservationsIR);


/** 'ConsumeReservations' parameters type */
export interface IConsumeReservationsParams {
  orderId: NumberOrString;
}

/** 'ConsumeReservations' return type */
export interface IConsumeReservationsResult {
  quantity: number;
  sku: string;
}

/** 'ConsumeReservations' query type */
export interface IConsumeReservationsQuery {
  params: IConsumeReservationsParams;
  result: IConsumeReservationsResult;
}

const consumeReservationsIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":122,"b":130}]}],"statement":"WITH consumed AS (\n    UPDATE inventory_reservations\n    SET status = 'consumed', updated_at = now()\n    WHERE order_id = :orderId! AND status = 'reserved'\n    RETURNING sku, quantity\n)\nUPDATE inventory\nSET on_hand = inventory.on_hand - consumed.quantity, reserved = inventory.reserved - consumed.quantity, updated_at = now()\nFROM consumed\nWHERE inventory.sku = consumed.sku\nRETURNING inventory.sku, consumed.quantity"};

/**
 * Query generated from SQL:
 * ```
 * WITH consumed AS (
 *     UPDATE inventory_reservations
 *     SET status = 'consumed', updated_at = now()
 *     WHERE order_id = :orderId! AND status = 'reserved'
 *     RETURNING sku, quantity
 * )
 * UPDATE inventory
 * SET on_hand = inventory.on_hand - consumed.quantity, reserved = inventory.reserved - consumed.quantity, updated_at = now()
 * FROM consumed
 * WHERE inventory.sku = consumed.sku
 * RETURNING inventory.sku, consumed.quantity
 * ```
 */
export const consumeReservations = new PreparedQuery<IConsumeReservationsParams,IConsumeReservationsResult>(consumeReservationsIR);


/** 'ListReservations' parameters type */
export interface IListReservationsParams {
  orderId: NumberOrString;
}

/** 'ListReservations' return type */
export interface IListReservationsResult {
  quantity: number;
  sku: string;
  status: reservation_status;
}

/** 'ListReservations' query type */
export interface IListReservationsQuery {
  params: IListReservationsParams;
  result: IListReservationsResult;
}

const listReservationsIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":74,"b":82}]}],"statement":"SELECT sku, quantity, status FROM inventory_reservations WHERE order_id = :orderId! ORDER BY sku"};

/**
 * Query generated from SQL:
 * ```
 * SELECT sku, quantity, status FROM inventory_reservations WHERE order_id = :orderId! ORDER BY sku
 * ```
 */
export const listReservations = new PreparedQuery<IListReservationsParams,IListReservationsResult>(listReservationsIR);


/** 'CloseReservations' parameters type */
export interface ICloseReservationsParams {
  items: readonly ({
    orderId: NumberOrString,
    sku: string,
    quantity: number,
    status: reservation_status
  })[];
}

/** 'CloseReservations' return type */
export type ICloseReservationsResult = void;

/** 'CloseReservations' query type */
export interface ICloseReservationsQuery {
  params: ICloseReservationsParams;
  result: ICloseReservationsResult;
}

const closeReservationsIR: any = {"usedParamSet":{"items":true},"params":[{"name":"items","required":false,"transform":{"type":"pick_array_spread","keys":[{"name":"orderId","required":true},{"name":"sku","required":true},{"name":"quantity","required":true},{"name":"status","required":true}]},"locs":[{"a":259,"b":264}]}],"statement":"-- Tombstones: a released row for each of the order's items that has none, so a reserve attempt\n-- that runs after the release (it outlived its timeout) finds rows and holds nothing.\nINSERT INTO inventory_reservations (order_id, sku, quantity, status)\nVALUES :items\nON CONFLICT (order_id, sku) DO NOTHING"};

/**
 * Query generated from SQL:
 * ```
 * -- Tombstones: a released row for each of the order's items that has none, so a reserve attempt
 * -- that runs after the release (it outlived its timeout) finds rows and holds nothing.
 * INSERT INTO inventory_reservations (order_id, sku, quantity, status)
 * VALUES :items
 * ON CONFLICT (order_id, sku) DO NOTHING
 * ```
 */
export const closeReservations = new PreparedQuery<ICloseReservationsParams,ICloseReservationsResult>(closeReservationsIR);


/** 'ListStock' parameters type */
export interface IListStockParams {
  after: string;
  limit: NumberOrString;
}

/** 'ListStock' return type */
export interface IListStockResult {
  on_hand: number;
  reserved: number;
  sku: string;
  updated_at: Date;
}

/** 'ListStock' query type */
export interface IListStockQuery {
  params: IListStockParams;
  result: IListStockResult;
}

const listStockIR: any = {"usedParamSet":{"after":true,"limit":true},"params":[{"name":"after","required":true,"transform":{"type":"scalar"},"locs":[{"a":69,"b":75}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":96,"b":102}]}],"statement":"SELECT sku, on_hand, reserved, updated_at FROM inventory WHERE sku > :after! ORDER BY sku LIMIT :limit!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT sku, on_hand, reserved, updated_at FROM inventory WHERE sku > :after! ORDER BY sku LIMIT :limit!
 * ```
 */
export const listStock = new PreparedQuery<IListStockParams,IListStockResult>(listStockIR);


/** 'PostStockMovements' parameters type */
export interface IPostStockMovementsParams {
  movements: readonly ({
    sku: string,
    quantity: number,
    kind: string,
    source: string
  })[];
}

/** 'PostStockMovements' return type */
export interface IPostStockMovementsResult {
  quantity: number;
  sku: string;
}

/** 'PostStockMovements' query type */
export interface IPostStockMovementsQuery {
  params: IPostStockMovementsParams;
  result: IPostStockMovementsResult;
}

const postStockMovementsIR: any = {"usedParamSet":{"movements":true},"params":[{"name":"movements","required":false,"transform":{"type":"pick_array_spread","keys":[{"name":"sku","required":true},{"name":"quantity","required":true},{"name":"kind","required":true},{"name":"source","required":true}]},"locs":[{"a":273,"b":282}]}],"statement":"-- One statement: a movement is posted once per (source, kind, sku) and on_hand moves by exactly the\n-- movements posted now, so a retry adds nothing and a crash leaves neither half.\nWITH posted AS (\n    INSERT INTO stock_movements (sku, quantity, kind, source)\n    VALUES :movements\n    ON CONFLICT (source, kind, sku) DO NOTHING\n    RETURNING sku, quantity\n)\nUPDATE inventory\nSET on_hand = inventory.on_hand + posted.quantity, updated_at = now()\nFROM posted\nWHERE inventory.sku = posted.sku\nRETURNING inventory.sku, posted.quantity"};

/**
 * Query generated from SQL:
 * ```
 * -- One statement: a movement is posted once per (source, kind, sku) and on_hand moves by exactly the
 * -- movements posted now, so a retry adds nothing and a crash leaves neither half.
 * WITH posted AS (
 *     INSERT INTO stock_movements (sku, quantity, kind, source)
 *     VALUES :movements
 *     ON CONFLICT (source, kind, sku) DO NOTHING
 *     RETURNING sku, quantity
 * )
 * UPDATE inventory
 * SET on_hand = inventory.on_hand + posted.quantity, updated_at = now()
 * FROM posted
 * WHERE inventory.sku = posted.sku
 * RETURNING inventory.sku, posted.quantity
 * ```
 */
export const postStockMovements = new PreparedQuery<IPostStockMovementsParams,IPostStockMovementsResult>(postStockMovementsIR);


/** 'ListStockMovements' parameters type */
export interface IListStockMovementsParams {
  source: string;
}

/** 'ListStockMovements' return type */
export interface IListStockMovementsResult {
  created_at: Date;
  id: string;
  kind: string;
  quantity: number;
  sku: string;
  source: string;
}

/** 'ListStockMovements' query type */
export interface IListStockMovementsQuery {
  params: IListStockMovementsParams;
  result: IListStockMovementsResult;
}

const listStockMovementsIR: any = {"usedParamSet":{"source":true},"params":[{"name":"source","required":true,"transform":{"type":"scalar"},"locs":[{"a":87,"b":94}]}],"statement":"SELECT id, sku, quantity, kind, source, created_at FROM stock_movements WHERE source = :source! ORDER BY id"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, sku, quantity, kind, source, created_at FROM stock_movements WHERE source = :source! ORDER BY id
 * ```
 */
export const listStockMovements = new PreparedQuery<IListStockMovementsParams,IListStockMovementsResult>(listStockMovementsIR);


/** 'GrowReservation' parameters type */
export interface IGrowReservationParams {
  orderId: NumberOrString;
  quantity: number;
  sku: string;
}

/** 'GrowReservation' return type */
export interface IGrowReservationResult {
  sku: string;
}

/** 'GrowReservation' query type */
export interface IGrowReservationQuery {
  params: IGrowReservationParams;
  result: IGrowReservationResult;
}

const growReservationIR: any = {"usedParamSet":{"orderId":true,"sku":true,"quantity":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":179,"b":187}]},{"name":"sku","required":true,"transform":{"type":"scalar"},"locs":[{"a":190,"b":194}]},{"name":"quantity","required":true,"transform":{"type":"scalar"},"locs":[{"a":197,"b":206}]}],"statement":"-- An edit's increase (or a line added, or one removed earlier and added again): only the difference is held.\nINSERT INTO inventory_reservations (order_id, sku, quantity) VALUES (:orderId!, :sku!, :quantity!)\nON CONFLICT (order_id, sku) DO UPDATE\nSET quantity = CASE WHEN inventory_reservations.status = 'reserved' THEN inventory_reservations.quantity + EXCLUDED.quantity ELSE EXCLUDED.quantity END,\n    status = 'reserved', updated_at = now()\nWHERE inventory_reservations.status <> 'consumed'\nRETURNING sku"};

/**
 * Query generated from SQL:
 * ```
 * -- An edit's increase (or a line added, or one removed earlier and added again): only the difference is held.
 * INSERT INTO inventory_reservations (order_id, sku, quantity) VALUES (:orderId!, :sku!, :quantity!)
 * ON CONFLICT (order_id, sku) DO UPDATE
 * SET quantity = CASE WHEN inventory_reservations.status = 'reserved' THEN inventory_reservations.quantity + EXCLUDED.quantity ELSE EXCLUDED.quantity END,
 *     status = 'reserved', updated_at = now()
 * WHERE inventory_reservations.status <> 'consumed'
 * RETURNING sku
 * ```
 */
export const growReservation = new PreparedQuery<IGrowReservationParams,IGrowReservationResult>(growReservationIR);


/** 'ShrinkReservation' parameters type */
export interface IShrinkReservationParams {
  orderId: NumberOrString;
  quantity: number;
  sku: string;
}

/** 'ShrinkReservation' return type */
export interface IShrinkReservationResult {
  sku: string;
}

/** 'ShrinkReservation' query type */
export interface IShrinkReservationQuery {
  params: IShrinkReservationParams;
  result: IShrinkReservationResult;
}

const shrinkReservationIR: any = {"usedParamSet":{"quantity":true,"orderId":true,"sku":true},"params":[{"name":"quantity","required":true,"transform":{"type":"scalar"},"locs":[{"a":189,"b":198},{"a":216,"b":225},{"a":284,"b":293},{"a":486,"b":495},{"a":570,"b":579}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":420,"b":428}]},{"name":"sku","required":true,"transform":{"type":"scalar"},"locs":[{"a":440,"b":444}]}],"statement":"-- An edit's decrease: the difference goes back to the shelf; a line down to nothing is released.\nWITH shrunk AS (\n    UPDATE inventory_reservations\n    SET quantity = CASE WHEN quantity > :quantity! THEN quantity - :quantity! ELSE quantity END,\n        status = CASE WHEN quantity > :quantity! THEN 'reserved'::reservation_status ELSE 'released'::reservation_status END,\n        updated_at = now()\n    WHERE order_id = :orderId! AND sku = :sku! AND status = 'reserved' AND quantity >= :quantity!\n    RETURNING sku\n)\nUPDATE inventory\nSET reserved = inventory.reserved - :quantity!, updated_at = now()\nFROM shrunk\nWHERE inventory.sku = shrunk.sku\nRETURNING inventory.sku"};

/**
 * Query generated from SQL:
 * ```
 * -- An edit's decrease: the difference goes back to the shelf; a line down to nothing is released.
 * WITH shrunk AS (
 *     UPDATE inventory_reservations
 *     SET quantity = CASE WHEN quantity > :quantity! THEN quantity - :quantity! ELSE quantity END,
 *         status = CASE WHEN quantity > :quantity! THEN 'reserved'::reservation_status ELSE 'released'::reservation_status END,
 *         updated_at = now()
 *     WHERE order_id = :orderId! AND sku = :sku! AND status = 'reserved' AND quantity >= :quantity!
 *     RETURNING sku
 * )
 * UPDATE inventory
 * SET reserved = inventory.reserved - :quantity!, updated_at = now()
 * FROM shrunk
 * WHERE inventory.sku = shrunk.sku
 * RETURNING inventory.sku
 * ```
 */
export const shrinkReservation = new PreparedQuery<IShrinkReservationParams,IShrinkReservationResult>(shrinkReservationIR);


