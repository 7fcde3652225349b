import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateCents, amountOfUnits, fromCents, toCents, unitAmounts, type Money } from '../../src/shared/money.js';

const sum = (parts: readonly bigint[]) => parts.reduce((a, p) => a + p, 0n);
const cents = fc.bigInt({ min: 0n, max: 999_999_999_999n });
const line = fc.record({ total: cents, quantity: fc.integer({ min: 1, max: 1_000 }) });

describe('per-unit refundable amounts (largest remainder)', () => {
  it('split a line so that all units sum to exactly the line and any subset to at most it', () => {
    fc.assert(
      fc.property(line, fc.array(fc.nat(), { maxLength: 50 }), ({ total, quantity }, picks) => {
        const units = unitAmounts(fromCents(total), quantity);
        expect(units).toHaveLength(quantity);
        expect(sum(units)).toBe(total);
        // Units differ by at most one cent, and none is negative.
        const min = units.reduce((a, u) => (u < a ? u : a));
        const max = units.reduce((a, u) => (u > a ? u : a));
        expect(min >= 0n && max - min <= 1n).toBe(true);
        const subset = [...new Set(picks.map((p) => p % quantity))];
        expect(sum(subset.map((i) => units[i]!))).toBeLessThanOrEqual(total);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it('returns refunded one after another add up to the line whatever the sizes of the returns', () => {
    fc.assert(
      fc.property(
        line.chain(({ total, quantity }) =>
          fc.record({ total: fc.constant(total), quantity: fc.constant(quantity), cuts: fc.array(fc.integer({ min: 1, max: quantity }), { maxLength: 8 }) }),
        ),
        ({ total, quantity, cuts }) => {
          const lineTotal = fromCents(total);
          let from = 0;
          let refunded = 0n;
          for (const cut of cuts) {
            const count = Math.min(cut, quantity - from);
            refunded += toCents(amountOfUnits(lineTotal, quantity, from, count));
            from += count;
            expect(refunded).toBeLessThanOrEqual(total);
          }
          refunded += toCents(amountOfUnits(lineTotal, quantity, from, quantity - from));
          expect(refunded).toBe(total);
        },
      ),
      { numRuns: 300, seed: 13 },
    );
  });

  it('splits over any weights exactly, each part within a cent of its exact share', () => {
    fc.assert(
      fc.property(
        cents,
        fc.array(fc.bigInt({ min: 0n, max: 1_000_000n }), { minLength: 1, maxLength: 20 }).filter((w) => sum(w) > 0n),
        (total, weights) => {
          const parts = allocateCents(total, weights);
          expect(sum(parts)).toBe(total);
          const weightSum = sum(weights);
          parts.forEach((part, i) => {
            const exactTimesSum = total * weights[i]!;
            expect(part * weightSum <= exactTimesSum + weightSum && part * weightSum >= exactTimesSum - weightSum).toBe(true);
          });
        },
      ),
      { numRuns: 300, seed: 13 },
    );
  });

  it('gives the extra cents to the first units: 10.00 over 3 is 3.34 + 3.33 + 3.33', () => {
    expect(unitAmounts('10.00' as Money, 3)).toEqual([334n, 333n, 333n]);
    expect(amountOfUnits('10.00' as Money, 3, 1, 2)).toBe('6.66');
    expect(() => amountOfUnits('10.00' as Money, 3, 2, 2)).toThrow(RangeError);
  });
});
