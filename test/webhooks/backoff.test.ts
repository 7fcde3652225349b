import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../src/webhooks/dispatcher.js';

describe('retry backoff', () => {
  const options = { minBackoffMs: 1_000, maxBackoffMs: 600_000 };
  it('doubles from the minimum, with jitter, and stays at the cap', () => {
    expect(backoffMs(1, options, () => 0.5)).toBe(1_000);
    expect(backoffMs(2, options, () => 0.5)).toBe(2_000);
    expect(backoffMs(4, options, () => 0)).toBe(6_000);
    expect(backoffMs(4, options, () => 0.999)).toBeLessThanOrEqual(10_000);
    for (const attempt of [11, 20, 100, 10_000]) {
      expect(backoffMs(attempt, options, () => 0.999)).toBe(600_000);
      expect(backoffMs(attempt, options, () => 0)).toBe(450_000);
    }
  });
});
