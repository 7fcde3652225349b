/**
 * Return labels: the prepaid label a customer sticks on the parcel they send back. A carrier
 * deployment implements ReturnLabels against its carrier; the local one keeps its labels in
 * PostgreSQL (return_labels, migration 0014). A retried issue with the same key returns the same label.
 */
import type { Pool } from '../db/pool.js';
import { ShipmentRefused } from '../shared/errors.js';
import { reachProviderDatabase } from '../shared/provider-database.js';
import { createFaultInjector, type SimulatedFaultOptions } from '../shared/simulated-faults.js';
import type { Parcel } from './carrier.js';
import * as queries from './return-labels.queries.js';

export interface ReturnLabel {
  labelId: string;
  carrier: string;
  trackingNumber: string;
}

export interface ReturnLabels {
  issue(request: { idempotencyKey: string; orderId: number; parcels: Parcel[] }): Promise<ReturnLabel>;
}

const CARRIER = 'local-carrier';

export function createLocalReturnLabels(pool: Pool, options: SimulatedFaultOptions = {}): ReturnLabels {
  const faults = createFaultInjector(CARRIER, options);
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
      return { labelId: row.id, carrier: row.carrier, trackingNumber: row.tracking_number };
    },
  };
}
