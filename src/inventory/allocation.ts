/**
 * Where an order's units come from when stock is spread over several locations: a pure function,
 * so the rule is tested on its own (test/inventory/allocation.test.ts) and the reservation step only
 * applies it to the rows it has locked.
 *
 * The rule (issue 13): fewest locations first, then the fixed order of the locations (rank).
 * - If one location can supply every line, the order ships from it alone: the first such in rank.
 * - Otherwise the fewest locations that together cover every line are chosen (ties: the set whose
 *   ranks come first), and each line's remaining quantity is assigned location by location, in rank
 *   order, never more than a location has.
 * Nothing is ever over-allocated: when no set covers the order, the answer says which line is short.
 */

export interface LocationAvailability {
  location: string;
  rank: number;
  /** Units that can still be reserved at this location, per SKU (absent: none). */
  available: ReadonlyMap<string, number>;
}

export interface AllocationLine {
  sku: string;
  quantity: number;
}

export interface Allocated {
  sku: string;
  location: string;
  quantity: number;
}

export type Allocation = { ok: true; allocations: Allocated[] } | { ok: false; sku: string; requested: number; available: number };

/** Above this many locations the search for the fewest stops being exhaustive and takes locations greedily in rank order. */
const EXHAUSTIVE_LOCATIONS = 12;

const availableAt = (location: LocationAvailability, sku: string) => Math.max(0, location.available.get(sku) ?? 0);

function covers(locations: readonly LocationAvailability[], lines: readonly AllocationLine[]): boolean {
  return lines.every((line) => locations.reduce((sum, location) => sum + availableAt(location, line.sku), 0) >= line.quantity);
}

/** Each line's quantity, location by location in rank order, up to what each has. */
function assign(locations: readonly LocationAvailability[], lines: readonly AllocationLine[]): Allocated[] {
  const allocations: Allocated[] = [];
  for (const line of lines) {
    let remaining = line.quantity;
    for (const location of locations) {
      if (remaining === 0) break;
      const take = Math.min(remaining, availableAt(location, line.sku));
      if (take > 0) allocations.push({ sku: line.sku, location: location.location, quantity: take });
      remaining -= take;
    }
  }
  return allocations;
}

/** Subsets of `size` of the locations (already in rank order), in lexicographic order of their indices: earlier ranks first. */
function* subsets<T>(items: readonly T[], size: number, start = 0): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= items.length - size; i++) for (const rest of subsets(items, size - 1, i + 1)) yield [items[i]!, ...rest];
}

/** One line per SKU, in SKU order (a request may list a SKU twice). */
function mergeLines(lines: readonly AllocationLine[]): AllocationLine[] {
  const bySku = new Map<string, number>();
  for (const { sku, quantity } of lines) bySku.set(sku, (bySku.get(sku) ?? 0) + quantity);
  return [...bySku].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, quantity]) => ({ sku, quantity }));
}

export function allocate(requested: readonly AllocationLine[], stock: readonly LocationAvailability[]): Allocation {
  for (const line of requested)
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) throw new RangeError(`allocate: ${line.sku}: quantity must be a positive whole number`);
  const lines = mergeLines(requested);
  const locations = [...stock].sort((a, b) => a.rank - b.rank);
  const short = lines.find((line) => !covers(locations, [line]));
  if (short) {
    const available = locations.reduce((sum, location) => sum + availableAt(location, short.sku), 0);
    return { ok: false, sku: short.sku, requested: short.quantity, available };
  }
  if (locations.length <= EXHAUSTIVE_LOCATIONS) {
    for (let size = 1; size <= locations.length; size++)
      for (const chosen of subsets(locations, size)) if (covers(chosen, lines)) return { ok: true, allocations: assign(chosen, lines) };
  }
  return { ok: true, allocations: assign(locations, lines) };
}
