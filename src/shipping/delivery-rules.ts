import type { ShippingAddress } from './address.js';

/**
 * What the local carrier reports for a parcel after it was handed over: a pure function of the
 * address it was booked to, like the payment provider's decline rules (src/shipping/README.md).
 * A name or first line containing one of these phrases (any case) makes the parcel end so;
 * anything else is delivered.
 */
export const FINAL_STATE_BY_PHRASE: ReadonlyArray<readonly [phrase: string, state: FinalShipmentState]> = [
  ['LOSE PARCEL', 'lost'],
  ['DAMAGE PARCEL', 'damaged'],
  ['RETURN TO SENDER', 'returned_to_sender'],
];

/** Every state a carrier reports after hand-over, in the order a parcel passes them. */
export const CARRIER_EVENT_KINDS = ['in_transit', 'delivered', 'lost', 'damaged', 'returned_to_sender'] as const;
export type CarrierEventKind = (typeof CARRIER_EVENT_KINDS)[number];
export type FinalShipmentState = Exclude<CarrierEventKind, 'in_transit'>;

/** The states a shipment can be in; a shipment only moves to a higher rank (migration 0013's shipment_status_rank). */
export type ShipmentStatus = 'booked' | 'handed_over' | 'cancelled' | CarrierEventKind;

export function shipmentStatusRank(status: ShipmentStatus): number {
  if (status === 'booked') return 0;
  if (status === 'handed_over') return 1;
  if (status === 'in_transit') return 2;
  return 3;
}

export function isFinalShipmentState(status: ShipmentStatus): status is FinalShipmentState | 'cancelled' {
  return shipmentStatusRank(status) === 3;
}

/**
 * A phrase followed by FROM and a location's code (LOSE PARCEL FROM NORTH) applies only to the parcel
 * picked up there; the others of the order are delivered. Without FROM it applies to every parcel.
 */
export function finalStateFor(address: ShippingAddress | undefined, location?: string): FinalShipmentState {
  const lines = address ? [address.name, address.line1].map((line) => line.toUpperCase()) : [];
  for (const [phrase, state] of FINAL_STATE_BY_PHRASE) {
    for (const line of lines) {
      const at = line.indexOf(phrase);
      if (at === -1) continue;
      const from = /^ FROM ([A-Z0-9-]+)/.exec(line.slice(at + phrase.length));
      if (!from || from[1] === location?.toUpperCase()) return state;
    }
  }
  return 'delivered';
}
