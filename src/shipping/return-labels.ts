/**
 * Return labels: the prepaid label a customer sticks on the parcel they send back. A carrier
 * deployment implements ReturnLabels against its carrier; the local one keeps its labels in
 * PostgreSQL (return_labels, migration 0014). A retried issue with the same key returns the same label.
 * The carrier then reports the parcel by the label's tracking number (src/shipping/tracking.ts); the
 * local one plays the customer too: with `returnParcelDelayMs` it reports the parcel in transit
 * halfway and delivered to the warehouse that long after the label, as a real carrier would.
 */
import type { Pool } from '../db/pool.js';
import { ShipmentRefused } from '../shared/errors.js';
import { reachProviderDatabase } from '../shared/provider-database.js';
import { createFaultInjector, type SimulatedFaultOptions } from '../shared/simulated-faults.js';
import type { Parcel } from './carrier.js';
import { LOCAL_CARRIER_NAME } from './local-carrier.js';
import * as queries from './return-labels.queries.js';

export interface ReturnLabel {
  labelId: string;
  carrier: string;
  trackingNumber: string;
}

export interface ReturnLabels {
  issue(request: { idempotencyKey: string; orderId: number; parcels: Parcel[] }): Promise<ReturnLabel>;
}

/** 0: the local carrier never reports a return parcel (an operator receives it). */
export interface LocalReturnParcelDelay {
  returnParcelDelayMs: number;
}

export function createLocalReturnLabels(
  pool: Pool,
  options: SimulatedFaultOptions = {},
  delay: LocalReturnParcelDelay = { returnParcelDelayMs: 0 },
): ReturnLabels {
  const CARRIER = LOCAL_CARRIER_NAME;
  const faults = createFaultInjector(CARRIER, options);

  /** Once per label: a retried issue plans nothing new. */
  async function planReports(labelId: string): Promise<void> {
    const { returnParcelDelayMs } = delay;
    if (returnParcelDelayMs <= 0) return;
    const now = Date.now();
    const events = [
      { returnLabelId: labelId, kind: 'in_transit', dueAt: new Date(now + returnParcelDelayMs / 2) },
      { returnLabelId: labelId, kind: 'delivered', dueAt: new Date(now + returnParcelDelayMs) },
    ];
    await reachProviderDatabase(CARRIER, async () => void (await queries.scheduleReturnParcelEvents.run({ events }, pool)));
  }

  return {
    async issue({ idempotencyKey, orderId, parcels }) {
      await faults.beforeCall('returnLabel', idempotencyKey);
      const row = await reachProviderDatabase(CARRIER, async () => {
        const [inserted] = await queries.insertReturnLabel.run({ idempotencyKey, orderId, carrier: CARRIER, parcels: JSON.stringify(parcels) }, pool);
        if (inserted) return inserted;
        const [existing] = await queries.findReturnLabelByKey.run({ idempotencyKey }, pool);
        if (!existing) throw new Error(`return label ${idempotencyKey} vanished`);
        return existing;
      });
      if (row.order_id !== String(orderId)) throw new ShipmentRefused('idempotency_key_reused', 'This idempotency key was used before for another order.');
      await planReports(row.id);
      return { labelId: row.id, carrier: row.carrier, trackingNumber: row.tracking_number };
    },
  };
}
