import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether a request may read /metrics: anyone when no METRICS_TOKEN is set, else only its bearer. */
export function mayReadMetrics(authorization: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1] ?? '';
  // Digests have one length, so the comparison takes the same time whatever was sent.
  return timingSafeEqual(digest(given), digest(token));
}
