import { reachPostgres, type Pool, type PoolClient } from '../db/pool.js';
import * as queries from './queries.queries.js';

/** A request's hold on an Idempotency-Key, from its claim until its response is stored. */
export interface IdempotencyClaim {
  scope: string;
  key: string;
  requestHash: string;
}

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type ClaimResult =
  { kind: 'claimed'; claim: IdempotencyClaim } | { kind: 'replay'; response: StoredResponse } | { kind: 'in-progress' } | { kind: 'mismatch' };

/**
 * Idempotency keys in PostgreSQL. A key is claimed by one request; its response is stored when it
 * ends (inside the same transaction as the work itself where the handler supports it, so a crash
 * between the two cannot happen); a retry with the same key and body gets the stored response.
 */
export class IdempotencyStore {
  constructor(
    private readonly pool: Pool,
    private readonly options: { ttlSeconds: number; lockSeconds: number },
  ) {}

  async claim(claim: IdempotencyClaim): Promise<ClaimResult> {
    return reachPostgres(async () => {
      // A claim that is new, expired, or abandoned by a crashed holder (its lock ran out; for the
      // same request body) is taken; anything else is reported as it stands.
      const claimed = await queries.claimKey.run({ ...claim, ...this.options }, this.pool);
      if (claimed.length > 0) return { kind: 'claimed', claim };
      const [row] = await queries.findKey.run(claim, this.pool);
      if (!row) return { kind: 'in-progress' }; // expired and deleted in between: let the client retry
      if (row.request_hash !== claim.requestHash) return { kind: 'mismatch' };
      if (row.state !== 'completed') return { kind: 'in-progress' };
      return {
        kind: 'replay',
        response: { status: row.response_status!, headers: (row.response_headers ?? {}) as Record<string, string>, body: row.response_body ?? '' },
      };
    });
  }

  /** Stores the response of a claimed request; pass `tx` to make it part of the work's own transaction. */
  async complete(claim: IdempotencyClaim, response: StoredResponse, tx?: PoolClient): Promise<void> {
    await reachPostgres(() => queries.completeKey.run({ ...claim, ...response }, tx ?? this.pool));
  }

  /** Gives the key up (the request failed in a way worth retrying, 5xx), so a retry does the work. */
  async release(claim: IdempotencyClaim): Promise<void> {
    await reachPostgres(() => queries.releaseKey.run(claim, this.pool));
  }

  async purgeExpired(): Promise<void> {
    await reachPostgres(() => queries.purgeExpiredKeys.run(undefined as never, this.pool));
  }
}
