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
