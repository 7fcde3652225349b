/** Stock of one SKU. What can still be sold is `onHand - reserved`. */
export interface Stock {
  sku: string;
  onHand: number;
  reserved: number;
  updatedAt: Date;
}

export interface Reservation {
  sku: string;
  quantity: number;
  status: 'reserved' | 'released' | 'consumed';
}

export interface StockQuantity {
  sku: string;
  quantity: number;
}

/** A row of the append-only stock ledger (stock_movements, migration 0013). */
export interface StockMovement extends StockQuantity {
  kind: string;
  source: string;
  createdAt: Date;
}
