/** The allocation rule on its own: fewest locations first, then rank; exact sums; never above stock. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, type Allocated, type AllocationLine, type LocationAvailability } from '../../src/inventory/allocation.js';

const SKUS = ['A', 'B', 'C'];

const location = (code: string, rank: number, stock: Record<string, number>): LocationAvailability => ({
  location: code,
  rank,
  available: new Map(Object.entries(stock)),
});

/** Up to five locations with distinct ranks (shuffled: the function must order them itself), some SKUs each. */
const locations = fc
  .uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 5 })
  .chain((ranks) =>
    fc.tuple(
      ...ranks.map((rank) => fc.dictionary(fc.constantFrom(...SKUS), fc.integer({ min: 0, max: 8 })).map((stock) => location(`loc-${rank}`, rank, stock))),
    ),
  );
const lines = fc.uniqueArray(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 12 }) }), {
  minLength: 1,
  maxLength: 3,
  selector: (l) => l.sku,
});

const availableAt = (l: LocationAvailability, sku: string) => l.available.get(sku) ?? 0;
const total = (stock: readonly LocationAvailability[], sku: string) => stock.reduce((sum, l) => sum + availableAt(l, sku), 0);
const coveredBy = (set: readonly LocationAvailability[], order: readonly AllocationLine[]) => order.every((line) => total(set, line.sku) >= line.quantity);

function allSubsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((subsets, item) => [...subsets, ...subsets.map((s) => [...s, item])], [[]]);
}

/** Rank lists of one length, compared at their first difference. */
function lexicographic(a: readonly number[], b: readonly number[]): number {
  const at = a.findIndex((rank, i) => rank !== b[i]);
  return at === -1 ? 0 : a[at]! - b[at]!;
}

const quantityOf = (allocations: readonly Allocated[], sku: string, where?: string) =>
  allocations.filter((a) => a.sku === sku && (where === undefined || a.location === where)).reduce((sum, a) => sum + a.quantity, 0);

describe('allocating an order over stock locations', () => {
  it('assigns exactly each line’s quantity, never more than a location has, or says which line is short', () => {
    fc.assert(
      fc.property(lines, locations, (order, stock) => {
        const result = allocate(order, stock);
        const coverable = coveredBy(stock, order);
        expect(result.ok).toBe(coverable);
        if (!result.ok) {
          const line = order.find((l) => l.sku === result.sku)!;
          expect(result.requested).toBe(line.quantity);
          expect(result.available).toBe(total(stock, line.sku));
          expect(result.available).toBeLessThan(result.requested);
          return;
        }
        for (const line of order) expect(quantityOf(result.allocations, line.sku)).toBe(line.quantity);
        for (const a of result.allocations) expect(a.quantity).toBeGreaterThan(0);
        for (const l of stock) for (const sku of SKUS) expect(quantityOf(result.allocations, sku, l.location)).toBeLessThanOrEqual(availableAt(l, sku));
      }),
      { numRuns: 500, seed: 15 },
    );
  });

  it('uses the fewest locations that can cover the order, the earliest ranks among equals', () => {
    fc.assert(
      fc.property(lines, locations, (order, stock) => {
        const result = allocate(order, stock);
        if (!result.ok) return;
        const used = new Set(result.allocations.map((a) => a.location));
        const covering = allSubsets([...stock].sort((a, b) => a.rank - b.rank)).filter((set) => set.length > 0 && coveredBy(set, order));
        const fewest = Math.min(...covering.map((set) => set.length));
        expect(used.size).toBe(fewest);
        // Among the covering sets of that size, the one whose ranks sort first.
        const ranksOf = (set: readonly LocationAvailability[]) => set.map((l) => l.rank).sort((a, b) => a - b);
        const first = covering
          .filter((set) => set.length === fewest)
          .map(ranksOf)
          .sort(lexicographic)[0]!;
        expect(ranksOf(stock.filter((l) => used.has(l.location)))).toEqual(first);
      }),
      { numRuns: 500, seed: 15 },
    );
  });

  it('ships from one location that has everything, even when an earlier one has part', () => {
    const stock = [location('main', 1, { A: 5, B: 1 }), location('north', 2, { A: 5, B: 5 })];
    expect(
      allocate(
        [
          { sku: 'A', quantity: 3 },
          { sku: 'B', quantity: 2 },
        ],
        stock,
      ),
    ).toEqual({
      ok: true,
      allocations: [
        { sku: 'A', location: 'north', quantity: 3 },
        { sku: 'B', location: 'north', quantity: 2 },
      ],
    });
  });

  it('fills the first location in rank, then the next, when no one location can', () => {
    const stock = [location('north', 2, { A: 4 }), location('main', 1, { A: 3 })];
    expect(allocate([{ sku: 'A', quantity: 5 }], stock)).toEqual({
      ok: true,
      allocations: [
        { sku: 'A', location: 'main', quantity: 3 },
        { sku: 'A', location: 'north', quantity: 2 },
      ],
    });
  });

  it('merges a SKU listed twice and refuses quantities that are not positive whole numbers', () => {
    const stock = [location('main', 1, { A: 2 }), location('north', 2, { A: 2 })];
    expect(
      allocate(
        [
          { sku: 'A', quantity: 1 },
          { sku: 'A', quantity: 2 },
        ],
        stock,
      ),
    ).toMatchObject({
      ok: true,
      allocations: [
        { location: 'main', quantity: 2 },
        { location: 'north', quantity: 1 },
      ],
    });
    expect(allocate([{ sku: 'A', quantity: 5 }], stock)).toEqual({ ok: false, sku: 'A', requested: 5, available: 4 });
    expect(() => allocate([{ sku: 'A', quantity: 0 }], stock)).toThrow(RangeError);
  });
});
