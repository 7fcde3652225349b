import { describe, expect, it } from 'vitest';
import { spanName } from '../../src/db/tracing.js';

describe('SQL span names', () => {
  it('name a statement by its verb and table, and a WITH by its first write', () => {
    expect(spanName('SELECT id FROM orders WHERE id = $1')).toBe('SELECT orders');
    expect(spanName('INSERT INTO orders (a) VALUES ($1)')).toBe('INSERT orders');
    expect(spanName('UPDATE orders SET a = 1')).toBe('UPDATE orders');
    expect(spanName('DELETE FROM idempotency_keys WHERE x')).toBe('DELETE idempotency_keys');
    expect(spanName('WITH previous AS (SELECT id FROM orders FOR UPDATE), changed AS (UPDATE orders SET a = 1) SELECT * FROM changed')).toBe('UPDATE orders');
    expect(spanName('BEGIN')).toBe('BEGIN');
  });
});
