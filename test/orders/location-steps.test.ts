/**
 * What a parcel that did not arrive refunds (workflow version 5): per line, its units' amounts from
 * the line's end, so that the refunds of failed parcels and the returns of delivered units (which
 * refund from the line's start) never cover a unit twice: all of them add up to exactly the line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderItem } from '../../src/orders/order.js';
import { parcelRefundAmount } from '../../src/orders/steps/location-steps.js';
import { amountOfUnits, fromCents, type Money, toCents } from '../../src/shared/money.js';

const line = (sku: string, quantity: number, unitPrice: string): OrderItem => ({ sku, quantity, unitPrice: unitPrice as Money });

describe('the refund of a parcel that did not arrive', () => {
  it("is its lines' units at their per-unit amounts, summed over its lines", () => {
    const lines = [line('A', 5, '2.00'), line('B', 1, '3.33')];
    expect(
      parcelRefundAmount(
        lines,
        [
          { sku: 'A', quantity: 2 },
          { sku: 'B', quantity: 1 },
        ],
        {},
      ),
    ).toBe('7.33');
  });

  it('counts from the end of the line past the units failed parcels refunded before, and refuses to go beyond the line', () => {
    const lines = [line('A', 4, '1.25')];
    expect(parcelRefundAmount(lines, [{ sku: 'A', quantity: 1 }], { A: 3 })).toBe('1.25');
    expect(() => parcelRefundAmount(lines, [{ sku: 'A', quantity: 2 }], { A: 3 })).toThrow(RangeError);
    expect(() => parcelRefundAmount(lines, [{ sku: 'B', quantity: 1 }], {})).toThrow(RangeError);
  });

  it('of several parcels, with the delivered units returned, never refunds more than the line', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999_999 }),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 20 }),
        (totalCents, failedParcels, delivered) => {
          const quantity = failedParcels.reduce((a, q) => a + q, 0) + delivered;
          const unitCents = BigInt(Math.max(1, Math.floor(totalCents / quantity)));
          const lines = [{ sku: 'A', quantity, unitPrice: fromCents(unitCents) }];
          let refunded = 0n;
          let before = 0;
          for (const parcel of failedParcels) {
            refunded += toCents(parcelRefundAmount(lines, [{ sku: 'A', quantity: parcel }], { A: before }));
            before += parcel;
          }
          const lineTotal = fromCents(unitCents * BigInt(quantity));
          // The delivered units, all returned afterwards (returns refund from the line's start).
          refunded += toCents(amountOfUnits(lineTotal, quantity, 0, delivered));
          expect(refunded).toBe(toCents(lineTotal));
        },
      ),
    );
  });
});
