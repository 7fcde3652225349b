import type { Principal } from './principal.js';

/**
 * Bearer tokens already verified, each until it expires but at most `maxAgeMs`: a client sends the
 * same token with every request, and verifying it again (an HMAC or signature through WebCrypto)
 * was the largest single cost of an authenticated request in the bench's profile. Only the exact
 * token string finds an entry, so nothing is accepted that verification would refuse, except for
 * at most `maxAgeMs` after a remote key set dropped the key that signed it. Bounded: the oldest
 * entry goes first when it is full.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { principal: Principal; untilMs: number }>();

  constructor(private readonly options: { maxEntries: number; maxAgeMs: number }) {}

  get(token: string, nowMs: number): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (nowMs < entry.untilMs) return entry.principal;
    this.entries.delete(token);
    return undefined;
  }

  /** `expiresAtMs`: the token's `exp`, which verification required. */
  remember(token: string, principal: Principal, expiresAtMs: number, nowMs: number): void {
    const untilMs = Math.min(expiresAtMs, nowMs + this.options.maxAgeMs);
    if (untilMs <= nowMs || this.options.maxEntries < 1) return;
    this.entries.delete(token);
    if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { principal: Object.freeze({ ...principal }), untilMs });
  }
}
