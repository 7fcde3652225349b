/** Types generated for queries found in "src/inventory/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type reservation_status = 'consumed' | 'released' | 'reserved';

export type NumberOrString = number | string;

export type numberArray = (number)[];

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


/** 'CreateSku' parameters type */
export interface ICreateSkuParams {
  sku: string;
}

/** 'CreateSku' return type */
export interface ICreateSkuResult {
  sku: string;
}

/** 'CreateSku' query type */
export interface ICreateSkuQuery {
  params: ICreateSkuParams;
  result: ICreateSkuResult;
}

const createSkuIR: any = {"usedParamSet":{"sku":true},"params":[{"name":"sku","required":true,"transform":{"type":"scalar"},"locs":[{"a":142,"b":146}]}],"statement":"-- inventory's counts are the sums over locations (migration 0016): a new SKU starts at nothing.\nINSERT INTO inventory (sku, on_hand) VALUES (:sku!, 0) ON CONFLICT (sku) DO NOTHING RETURNING sku"};

/**
 * Query generated from SQL:
 * ```
 * -- inventory's counts are the sums over locations (migration 0016): a new SKU starts at nothing.
 * INSERT INTO inventory (sku, on_hand) VALUES (:sku!, 0) ON CONFLICT (sku) DO NOTHING RETURNING sku
 * ```
 */
export const createSku = new PreparedQuery<ICreateSkuParams,ICreateSkuResult>(createSkuIR);


/** 'ListLocations' parameters type */
export type IListLocationsParams = void;

/** 'ListLocations' return type */
export interface IListLocationsResult {
  code: string;
  name: string;
  rank: number;
}

/** 'ListLocations' query type */
export interface IListLocationsQuery {
  params: IListLocationsParams;
  result: IListLocationsResult;
}

const listLocationsIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT code, name, rank FROM stock_locations ORDER BY rank"};

/**
 * Query generated from SQL:
 * ```
 * SELECT code, name, rank FROM stock_locations ORDER BY rank
 * ```
 */
export const listLocations = new PreparedQuery<IListLocationsParams,IListLocationsResult>(listLocationsIR);


/** 'FindLocation' parameters type */
export interface IFindLocationParams {
  code: string;
}

/** 'FindLocation' return type */
export interface IFindLocationResult {
  code: string;
  name: string;
  rank: number;
}

/** 'FindLocation' query type */
export interface IFindLocationQuery {
  params: IFindLocationParams;
  result: IFindLocationResult;
}

const findLocationIR: any = {"usedParamSet":{"code":true},"params":[{"name":"code","required":true,"transform":{"type":"scalar"},"locs":[{"a":58,"b":63}]}],"statement":"SELECT code, name, rank FROM stock_locations WHERE code = :code!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT code, name, rank FROM stock_locations WHERE code = :code!
 * ```
 */
export const findLocation = new PreparedQuery<IFindLocationParams,IFindLocationResult>(findLocationIR);


/** 'ListSkuLocationStock' parameters type */
export interface IListSkuLocationStockParams {
  skus: stringArray;
}

/** 'ListSkuLocationStock' return type */
export interface IListSkuLocationStockResult {
  location: string;
  on_hand: number;
  reserved: number;
  sku: string;
  updated_at: Date;
}

/** 'ListSkuLocationStock' query type */
export interface IListSkuLocationStockQuery {
  params: IListSkuLocationStockParams;
  result: IListSkuLocationStockResult;
}

const listSkuLocationStockIR: any = {"usedParamSet":{"skus":true},"params":[{"name":"skus","required":true,"transform":{"type":"scalar"},"locs":[{"a":148,"b":153}]}],"statement":"SELECT s.sku, s.location, s.on_hand, s.reserved, s.updated_at\nFROM location_stock s JOIN stock_locations l ON l.code = s.location\nWHERE s.sku = ANY(:skus!::text[])\nORDER BY s.sku, l.rank"};

/**
 * Query generated from SQL:
 * ```
 * SELECT s.sku, s.location, s.on_hand, s.reserved, s.updated_at
 * FROM location_stock s JOIN stock_locations l ON l.code = s.location
 * WHERE s.sku = ANY(:skus!::text[])
 * ORDER BY s.sku, l.rank
 * ```
 */
export const listSkuLocationStock = new PreparedQuery<IListSkuLocationStockParams,IListSkuLocationStockResult>(listSkuLocationStockIR);


/** 'LockLocationStock' parameters type */
export interface ILockLocationStockParams {
  skus: stringArray;
}

/** 'LockLocationStock' return type */
export interface ILockLocationStockResult {
  location: string;
  on_hand: number;
  rank: number;
  reserved: number;
  sku: string;
}

/** 'LockLocationStock' query type */
export interface ILockLocationStockQuery {
  params: ILockLocationStockParams;
  result: ILockLocationStockResult;
}

const lockLocationStockIR: any = {"usedParamSet":{"skus":true},"params":[{"name":"skus","required":true,"transform":{"type":"scalar"},"locs":[{"a":318,"b":323}]}],"statement":"-- Every location's row of these SKUs, locked in one order (SKU, then location) so that two\n-- reservations cannot deadlock; the allocation is computed from what this returns.\nSELECT s.sku, s.location, s.on_hand, s.reserved, l.rank\nFROM location_stock s JOIN stock_locations l ON l.code = s.location\nWHERE s.sku = ANY(:skus!::text[])\nORDER BY s.sku, s.location\nFOR UPDATE OF s"};

/**
 * Query generated from SQL:
 * ```
 * -- Every location's row of these SKUs, locked in one order (SKU, then location) so that two
 * -- reservations cannot deadlock; the allocation is computed from what this returns.
 * SELECT s.sku, s.location, s.on_hand, s.reserved, l.rank
 * FROM location_stock s JOIN stock_locations l ON l.code = s.location
 * WHERE s.sku = ANY(:skus!::text[])
 * ORDER BY s.sku, s.location
 * FOR UPDATE OF s
 * ```
 */
export const lockLocationStock = new PreparedQuery<ILockLocationStockParams,ILockLocationStockResult>(lockLocationStockIR);


/** 'SetLocationStock' parameters type */
export interface ISetLocationStockParams {
  location: string;
  onHand: number;
  sku: string;
}

/** 'SetLocationStock' return type */
export interface ISetLocationStockResult {
  location: string;
  on_hand: number;
  reserved: number;
  sku: string;
  updated_at: Date;
}

/** 'SetLocationStock' query type */
export interface ISetLocationStockQuery {
  params: ISetLocationStockParams;
  result: ISetLocationStockResult;
}

const setLocationStockIR: any = {"usedParamSet":{"sku":true,"location":true,"onHand":true},"params":[{"name":"sku","required":true,"transform":{"type":"scalar"},"locs":[{"a":65,"b":69}]},{"name":"location","required":true,"transform":{"type":"scalar"},"locs":[{"a":72,"b":81}]},{"name":"onHand","required":true,"transform":{"type":"scalar"},"locs":[{"a":84,"b":91}]}],"statement":"INSERT INTO location_stock AS s (sku, location, on_hand) VALUES (:sku!, :location!, :onHand!)\nON CONFLICT (sku, location) DO UPDATE SET on_hand = EXCLUDED.on_hand, updated_at = now()\nRETURNING sku, location, on_hand, reserved, updated_at"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO location_stock AS s (sku, location, on_hand) VALUES (:sku!, :location!, :onHand!)
 * ON CONFLICT (sku, location) DO UPDATE SET on_hand = EXCLUDED.on_hand, updated_at = now()
 * RETURNING sku, location, on_hand, reserved, updated_at
 * ```
 */
export const setLocationStock = new PreparedQuery<ISetLocationStockParams,ISetLocationStockResult>(setLocationStockIR);


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


/** 'InsertReservation' parameters type */
export interface IInsertReservationParams {
  location: string;
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

const insertReservationIR: any = {"usedParamSet":{"orderId":true,"sku":true,"location":true,"quantity":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":189,"b":197}]},{"name":"sku","required":true,"transform":{"type":"scalar"},"locs":[{"a":200,"b":204}]},{"name":"location","required":true,"transform":{"type":"scalar"},"locs":[{"a":207,"b":216}]},{"name":"quantity","required":true,"transform":{"type":"scalar"},"locs":[{"a":219,"b":228}]}],"statement":"-- The location's `reserved` follows by trigger (migration 0016), whose CHECK refuses a hold above its stock.\nINSERT INTO inventory_reservations (order_id, sku, location, quantity) VALUES (:orderId!, :sku!, :location!, :quantity!)"};

/**
 * Query generated from SQL:
 * ```
 * -- The location's `reserved` follows by trigger (migration 0016), whose CHECK refuses a hold above its stock.
 * INSERT INTO inventory_reservations (order_id, sku, location, quantity) VALUES (:orderId!, :sku!, :location!, :quantity!)
 * ```
 */
export const insertReservation = new PreparedQuery<IInsertReservationParams,IInsertReservationResult>(insertReservationIR);


/** 'ReleaseReservations' parameters type */
export interface IReleaseReservationsParams {
  orderId: NumberOrString;
}

/** 'ReleaseReservations' return type */
export interface IReleaseReservationsResult {
  location: string;
  quantity: number;
  sku: string;
}

/** 'ReleaseReservations' query type */
export interface IReleaseReservationsQuery {
  params: IReleaseReservationsParams;
  result: IReleaseReservationsResult;
}

const releaseReservationsIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":91,"b":99}]}],"statement":"UPDATE inventory_reservations\nSET status = 'released', updated_at = now()\nWHERE order_id = :orderId! AND status = 'reserved'\nRETURNING sku, location, quantity"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE inventory_reservations
 * SET status = 'released', updated_at = now()
 * WHERE order_id = :orderId! AND status = 'reserved'
 * RETURNING sku, location, quantity
 * ```
 */
export const releaseReservations = new PreparedQuery<IReleaseReservationsParams,IReleaseReservationsResult>(releaseReservationsIR);


/** 'ConsumeReservations' parameters type */
export interface IConsumeReservationsParams {
  orderId: NumberOrString;
}

/** 'ConsumeReservations' return type */
export interface IConsumeReservationsResult {
  location: string;
  quantity: number;
  sku: string;
}

/** 'ConsumeReservations' query type */
export interface IConsumeReservationsQuery {
  params: IConsumeReservationsParams;
  result: IConsumeReservationsResult;
}

const consumeReservationsIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":148,"b":156}]}],"statement":"-- Held units come off their location's shelf (trigger).\nUPDATE inventory_reservations\nSET status = 'consumed', updated_at = now()\nWHERE order_id = :orderId! AND status = 'reserved'\nRETURNING sku, location, quantity"};

/**
 * Query generated from SQL:
 * ```
 * -- Held units come off their location's shelf (trigger).
 * UPDATE inventory_reservations
 * SET status = 'consumed', updated_at = now()
 * WHERE order_id = :orderId! AND status = 'reserved'
 * RETURNING sku, location, quantity
 * ```
 */
export const consumeReservations = new PreparedQuery<IConsumeReservationsParams,IConsumeReservationsResult>(consumeReservationsIR);


/** 'ConsumeLocationReservations' parameters type */
export interface IConsumeLocationReservationsParams {
  location: string;
  orderId: NumberOrString;
  shipmentId: NumberOrString;
}

/** 'ConsumeLocationReservations' return type */
export interface IConsumeLocationReservationsResult {
  location: string;
  quantity: number;
  sku: string;
}

/** 'ConsumeLocationReservations' query type */
export interface IConsumeLocationReservationsQuery {
  params: IConsumeLocationReservationsParams;
  result: IConsumeLocationReservationsResult;
}

const consumeLocationReservationsIR: any = {"usedParamSet":{"shipmentId":true,"orderId":true,"location":true},"params":[{"name":"shipmentId","required":true,"transform":{"type":"scalar"},"locs":[{"a":279,"b":290}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":329,"b":337}]},{"name":"location","required":true,"transform":{"type":"scalar"},"locs":[{"a":354,"b":363}]}],"statement":"-- One shipment's share (workflow version 5): the order's held units at the shipment's location come\n-- off that shelf (trigger), marked with the shipment; the composite foreign key refuses another location's.\nUPDATE inventory_reservations\nSET status = 'consumed', shipment_id = :shipmentId!, updated_at = now()\nWHERE order_id = :orderId! AND location = :location! AND status = 'reserved'\nRETURNING sku, location, quantity"};

/**
 * Query generated from SQL:
 * ```
 * -- One shipment's share (workflow version 5): the order's held units at the shipment's location come
 * -- off that shelf (trigger), marked with the shipment; the composite foreign key refuses another location's.
 * UPDATE inventory_reservations
 * SET status = 'consumed', shipment_id = :shipmentId!, updated_at = now()
 * WHERE order_id = :orderId! AND location = :location! AND status = 'reserved'
 * RETURNING sku, location, quantity
 * ```
 */
export const consumeLocationReservations = new PreparedQuery<IConsumeLocationReservationsParams,IConsumeLocationReservationsResult>(consumeLocationReservationsIR);


/** 'ListReservations' parameters type */
export interface IListReservationsParams {
  orderId: NumberOrString;
}

/** 'ListReservations' return type */
export interface IListReservationsResult {
  location: string;
  quantity: number;
  sku: string;
  status: reservation_status;
}

/** 'ListReservations' query type */
export interface IListReservationsQuery {
  params: IListReservationsParams;
  result: IListReservationsResult;
}

const listReservationsIR: any = {"usedParamSet":{"orderId":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":142,"b":150}]}],"statement":"SELECT r.sku, r.location, r.quantity, r.status\nFROM inventory_reservations r JOIN stock_locations l ON l.code = r.location\nWHERE r.order_id = :orderId! ORDER BY r.sku, l.rank"};

/**
 * Query generated from SQL:
 * ```
 * SELECT r.sku, r.location, r.quantity, r.status
 * FROM inventory_reservations r JOIN stock_locations l ON l.code = r.location
 * WHERE r.order_id = :orderId! ORDER BY r.sku, l.rank
 * ```
 */
export const listReservations = new PreparedQuery<IListReservationsParams,IListReservationsResult>(listReservationsIR);


/** 'CloseReservations' parameters type */
export interface ICloseReservationsParams {
  orderId: NumberOrString;
  quantities: numberArray;
  skus: stringArray;
}

/** 'CloseReservations' return type */
export type ICloseReservationsResult = void;

/** 'CloseReservations' query type */
export interface ICloseReservationsQuery {
  params: ICloseReservationsParams;
  result: ICloseReservationsResult;
}

const closeReservationsIR: any = {"usedParamSet":{"orderId":true,"skus":true,"quantities":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":269,"b":277},{"a":464,"b":472}]},{"name":"skus","required":true,"transform":{"type":"scalar"},"locs":[{"a":330,"b":335}]},{"name":"quantities","required":true,"transform":{"type":"scalar"},"locs":[{"a":346,"b":357}]}],"statement":"-- Tombstones: a released row for each of the order's items that has none, so a reserve attempt\n-- that runs after the release (it outlived its timeout) finds rows and holds nothing.\nINSERT INTO inventory_reservations (order_id, sku, location, quantity, status)\nSELECT :orderId!, t.sku, 'main', t.quantity, 'released'\nFROM unnest(:skus!::text[], :quantities!::int[]) AS t (sku, quantity)\nWHERE NOT EXISTS (SELECT 1 FROM inventory_reservations r WHERE r.order_id = :orderId! AND r.sku = t.sku)"};

/**
 * Query generated from SQL:
 * ```
 * -- Tombstones: a released row for each of the order's items that has none, so a reserve attempt
 * -- that runs after the release (it outlived its timeout) finds rows and holds nothing.
 * INSERT INTO inventory_reservations (order_id, sku, location, quantity, status)
 * SELECT :orderId!, t.sku, 'main', t.quantity, 'released'
 * FROM unnest(:skus!::text[], :quantities!::int[]) AS t (sku, quantity)
 * WHERE NOT EXISTS (SELECT 1 FROM inventory_reservations r WHERE r.order_id = :orderId! AND r.sku = t.sku)
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
    location: string,
    quantity: number,
    kind: string,
    source: string
  })[];
}

/** 'PostStockMovements' return type */
export interface IPostStockMovementsResult {
  location: string;
  quantity: number;
  sku: string;
}

/** 'PostStockMovements' query type */
export interface IPostStockMovementsQuery {
  params: IPostStockMovementsParams;
  result: IPostStockMovementsResult;
}

const postStockMovementsIR: any = {"usedParamSet":{"movements":true},"params":[{"name":"movements","required":false,"transform":{"type":"pick_array_spread","keys":[{"name":"sku","required":true},{"name":"location","required":true},{"name":"quantity","required":true},{"name":"kind","required":true},{"name":"source","required":true}]},"locs":[{"a":287,"b":296}]}],"statement":"-- A movement is posted once per (source, kind, sku, location), and its location's on_hand moves by\n-- it in the same statement (trigger, migration 0016), so a retry adds nothing and a crash leaves neither half.\nINSERT INTO stock_movements (sku, location, quantity, kind, source)\nVALUES :movements\nON CONFLICT (source, kind, sku, location) DO NOTHING\nRETURNING sku, location, quantity"};

/**
 * Query generated from SQL:
 * ```
 * -- A movement is posted once per (source, kind, sku, location), and its location's on_hand moves by
 * -- it in the same statement (trigger, migration 0016), so a retry adds nothing and a crash leaves neither half.
 * INSERT INTO stock_movements (sku, location, quantity, kind, source)
 * VALUES :movements
 * ON CONFLICT (source, kind, sku, location) DO NOTHING
 * RETURNING sku, location, quantity
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
  location: string;
  quantity: number;
  sku: string;
  source: string;
}

/** 'ListStockMovements' query type */
export interface IListStockMovementsQuery {
  params: IListStockMovementsParams;
  result: IListStockMovementsResult;
}

const listStockMovementsIR: any = {"usedParamSet":{"source":true},"params":[{"name":"source","required":true,"transform":{"type":"scalar"},"locs":[{"a":97,"b":104}]}],"statement":"SELECT id, sku, location, quantity, kind, source, created_at FROM stock_movements WHERE source = :source! ORDER BY id"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, sku, location, quantity, kind, source, created_at FROM stock_movements WHERE source = :source! ORDER BY id
 * ```
 */
export const listStockMovements = new PreparedQuery<IListStockMovementsParams,IListStockMovementsResult>(listStockMovementsIR);


/** 'GrowReservation' parameters type */
export interface IGrowReservationParams {
  location: string;
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

const growReservationIR: any = {"usedParamSet":{"orderId":true,"sku":true,"location":true,"quantity":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":208,"b":216}]},{"name":"sku","required":true,"transform":{"type":"scalar"},"locs":[{"a":219,"b":223}]},{"name":"location","required":true,"transform":{"type":"scalar"},"locs":[{"a":226,"b":235}]},{"name":"quantity","required":true,"transform":{"type":"scalar"},"locs":[{"a":238,"b":247}]}],"statement":"-- An edit's increase at one location (or a line added, or one removed earlier and added again):\n-- only the difference is held.\nINSERT INTO inventory_reservations (order_id, sku, location, quantity) VALUES (:orderId!, :sku!, :location!, :quantity!)\nON CONFLICT (order_id, sku, location) DO UPDATE\nSET quantity = CASE WHEN inventory_reservations.status = 'reserved' THEN inventory_reservations.quantity + EXCLUDED.quantity ELSE EXCLUDED.quantity END,\n    status = 'reserved', updated_at = now()\nWHERE inventory_reservations.status <> 'consumed'\nRETURNING sku"};

/**
 * Query generated from SQL:
 * ```
 * -- An edit's increase at one location (or a line added, or one removed earlier and added again):
 * -- only the difference is held.
 * INSERT INTO inventory_reservations (order_id, sku, location, quantity) VALUES (:orderId!, :sku!, :location!, :quantity!)
 * ON CONFLICT (order_id, sku, location) DO UPDATE
 * SET quantity = CASE WHEN inventory_reservations.status = 'reserved' THEN inventory_reservations.quantity + EXCLUDED.quantity ELSE EXCLUDED.quantity END,
 *     status = 'reserved', updated_at = now()
 * WHERE inventory_reservations.status <> 'consumed'
 * RETURNING sku
 * ```
 */
export const growReservation = new PreparedQuery<IGrowReservationParams,IGrowReservationResult>(growReservationIR);


/** 'LockHeldReservations' parameters type */
export interface ILockHeldReservationsParams {
  orderId: NumberOrString;
  sku: string;
}

/** 'LockHeldReservations' return type */
export interface ILockHeldReservationsResult {
  id: string;
  location: string;
  quantity: number;
}

/** 'LockHeldReservations' query type */
export interface ILockHeldReservationsQuery {
  params: ILockHeldReservationsParams;
  result: ILockHeldReservationsResult;
}

const lockHeldReservationsIR: any = {"usedParamSet":{"orderId":true,"sku":true},"params":[{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":256,"b":264}]},{"name":"sku","required":true,"transform":{"type":"scalar"},"locs":[{"a":278,"b":282}]}],"statement":"-- The order's held units of one SKU, the last location in the fixed order first (an edit's decrease gives back from there).\nSELECT r.id, r.location, r.quantity\nFROM inventory_reservations r JOIN stock_locations l ON l.code = r.location\nWHERE r.order_id = :orderId! AND r.sku = :sku! AND r.status = 'reserved'\nORDER BY l.rank DESC\nFOR UPDATE OF r"};

/**
 * Query generated from SQL:
 * ```
 * -- The order's held units of one SKU, the last location in the fixed order first (an edit's decrease gives back from there).
 * SELECT r.id, r.location, r.quantity
 * FROM inventory_reservations r JOIN stock_locations l ON l.code = r.location
 * WHERE r.order_id = :orderId! AND r.sku = :sku! AND r.status = 'reserved'
 * ORDER BY l.rank DESC
 * FOR UPDATE OF r
 * ```
 */
export const lockHeldReservations = new PreparedQuery<ILockHeldReservationsParams,ILockHeldReservationsResult>(lockHeldReservationsIR);


/** 'ShrinkReservation' parameters type */
export interface IShrinkReservationParams {
  id: NumberOrString;
  quantity: number;
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

const shrinkReservationIR: any = {"usedParamSet":{"quantity":true,"id":true},"params":[{"name":"quantity","required":true,"transform":{"type":"scalar"},"locs":[{"a":171,"b":180},{"a":198,"b":207},{"a":262,"b":271},{"a":429,"b":438}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":384,"b":387}]}],"statement":"-- Part of an edit's decrease: the difference goes back to the shelf; a row down to nothing is released.\nUPDATE inventory_reservations\nSET quantity = CASE WHEN quantity > :quantity! THEN quantity - :quantity! ELSE quantity END,\n    status = CASE WHEN quantity > :quantity! THEN 'reserved'::reservation_status ELSE 'released'::reservation_status END,\n    updated_at = now()\nWHERE id = :id! AND status = 'reserved' AND quantity >= :quantity!\nRETURNING sku"};

/**
 * Query generated from SQL:
 * ```
 * -- Part of an edit's decrease: the difference goes back to the shelf; a row down to nothing is released.
 * UPDATE inventory_reservations
 * SET quantity = CASE WHEN quantity > :quantity! THEN quantity - :quantity! ELSE quantity END,
 *     status = CASE WHEN quantity > :quantity! THEN 'reserved'::reservation_status ELSE 'released'::reservation_status END,
 *     updated_at = now()
 * WHERE id = :id! AND status = 'reserved' AND quantity >= :quantity!
 * RETURNING sku
 * ```
 */
export const shrinkReservation = new PreparedQuery<IShrinkReservationParams,IShrinkReservationResult>(shrinkReservationIR);


