import { randomUUID } from 'node:crypto';
import { reachPostgres, type Pool, type PoolClient } from '../db/pool.js';
import * as queries from './queries.queries.js';

/** What a request asks to claim: its Idempotency-Key, per caller and operation, and what it asks for. */
export interface IdempotencyRequest {
  scope: string;
  key: string;
  requestHash: string;
}

/** A request's hold on an Idempotency-Key, from its claim until its response is stored. */
export interface IdempotencyClaim extends IdempotencyRequest {
  /** Names this claim: only its holder may complete or release it, even after its lock ran out. */
  owner: string;
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

  async claim(request: IdempotencyRequest): Promise<ClaimResult> {
    const claim = { ...request, owner: randomUUID() };
    return reachPostgres(async () => {
      // A claim that is new, expired, or abandoned by a crashed or stalled holder (its lock ran
      // out; for the same request body) is taken; anything else is reported as it stands.
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

  /**
   * Stores the response of a claimed request; pass `tx` to make it part of the work's own
   * transaction. False when the claim is no longer this request's (it outlived its lock and a retry
   * took the key over): then the work must not count, and `tx` must roll back.
   */
  async complete(claim: IdempotencyClaim, response: StoredResponse, tx?: PoolClient): Promise<boolean> {
    return (await reachPostgres(() => queries.completeKey.run({ ...claim, ...response }, tx ?? this.pool))).length > 0;
  }

  /** Gives the key up (the request failed in a way worth retrying, 5xx), so a retry does the work; a no-op once it is no longer this request's. */
  async release(claim: IdempotencyClaim): Promise<void> {
    await reachPostgres(() => queries.releaseKey.run(claim, this.pool));
  }

  async purgeExpired(): Promise<void> {
    await reachPostgres(() => queries.purgeExpiredKeys.run(undefined as never, this.pool));
  }
}
