/** Stock of one SKU over every location. What can still be sold is `onHand - reserved`. */
export interface Stock {
  sku: string;
  onHand: number;
  reserved: number;
  updatedAt: Date;
}

/** Stock of one SKU at one location (migration 0016); Stock's counts are the sums of these. */
export interface LocationStock extends Stock {
  location: string;
}

/** A warehouse; allocations try locations in rank order (1 first). */
export interface StockLocation {
  code: string;
  name: string;
  rank: number;
}

/** Where stock was before there were several locations: PUT /inventory/{sku} sets it, returns come back to it. */
export const MAIN_LOCATION = 'main';

export interface Reservation {
  sku: string;
  location: string;
  quantity: number;
  status: 'reserved' | 'released' | 'consumed';
}

export interface StockQuantity {
  sku: string;
  quantity: number;
}

/** A row of the append-only stock ledger (stock_movements, migrations 0013 and 0016). */
export interface StockMovement extends StockQuantity {
  location: string;
  kind: string;
  source: string;
  createdAt: Date;
}
