import type { ShippingAddress } from './address.js';
import type { Parcel } from './carrier.js';

/**
 * When the local carrier refuses a booking: a pure function of the parcels, so a retry is refused the
 * same way without any stored record (src/shipping/README.md lists the rules).
 */
export const MAX_UNITS_PER_SHIPMENT = 1000;
export const HAZARDOUS_SKU_PREFIX = 'HAZMAT-';

export const REFUSAL_MESSAGES: Readonly<Record<string, string>> = {
  no_parcels: 'A shipment needs at least one parcel.',
  invalid_parcel: 'Every parcel needs a non-empty SKU and a positive whole quantity.',
  hazardous_goods: `This carrier does not ship hazardous goods (SKUs starting with ${HAZARDOUS_SKU_PREFIX}).`,
  too_many_units: `A shipment may hold at most ${MAX_UNITS_PER_SHIPMENT} units.`,
  shipment_not_found: 'There is no such shipment for this order.',
  shipment_cancelled: 'The shipment was cancelled; it cannot be handed over.',
  idempotency_key_reused: 'This idempotency key was used before for a different booking.',
  location_unavailable: 'The carrier cannot pick up from this location.',
};

/** An address whose name contains this, then the location's code (any case), refuses pickups from there. */
export const NO_PICKUP_PHRASE = 'NO PICKUP FROM';

/** `location_unavailable` when the address says the carrier cannot pick up from `location` (NO PICKUP FROM NORTH). */
export function pickupRefusal(address: ShippingAddress | undefined, location: string | undefined): string | undefined {
  if (!address || !location) return undefined;
  return address.name.toUpperCase().includes(`${NO_PICKUP_PHRASE} ${location.toUpperCase()}`) ? 'location_unavailable' : undefined;
}

export function refusalMessage(code: string): string {
  return REFUSAL_MESSAGES[code] ?? `Refused: ${code}.`;
}

/** The refusal code for a booking of these parcels, or undefined when the carrier takes it. */
export function bookingRefusal(parcels: readonly Parcel[]): string | undefined {
  if (parcels.length === 0) return 'no_parcels';
  if (parcels.some((p) => typeof p.sku !== 'string' || p.sku === '' || !Number.isSafeInteger(p.quantity) || p.quantity <= 0)) return 'invalid_parcel';
  if (parcels.some((p) => p.sku.startsWith(HAZARDOUS_SKU_PREFIX))) return 'hazardous_goods';
  const units = parcels.reduce((sum, p) => sum + p.quantity, 0);
  if (units > MAX_UNITS_PER_SHIPMENT) return 'too_many_units';
  return undefined;
}
