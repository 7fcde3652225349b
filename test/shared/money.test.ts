import { describe, expect, it } from 'vitest';
import { moneyFromJson, moneyToJson, parseMoney } from '../../src/shared/money.js';
import { InvalidInput } from '../../src/shared/errors.js';

describe('money', () => {
  it('normalises amounts to two decimals without floating point arithmetic', () => {
    expect(moneyFromJson(100.5, '/a')).toBe('100.50');
    expect(moneyFromJson(100, '/a')).toBe('100.00');
    expect(moneyFromJson(0.1, '/a')).toBe('0.10');
    expect(moneyFromJson(9999999999.99, '/a')).toBe('9999999999.99');
    expect(parseMoney('007.5', '/a')).toBe('7.50');
  });

  it('rejects more than two decimal places, naming the field', () => {
    expect(() => moneyFromJson(100.505, '/total_amount')).toThrow(new InvalidInput('must have at most 2 decimal places (got 100.505)', '/total_amount'));
    expect(() => moneyFromJson(0.0000001, '/a')).toThrow(/at most 2 decimal places/);
  });

  it('rejects negative, non-finite and absurdly large amounts', () => {
    expect(() => moneyFromJson(-1, '/a')).toThrow(/non-negative/);
    expect(() => moneyFromJson(Number.NaN, '/a')).toThrow(/finite/);
    expect(() => moneyFromJson(Number.POSITIVE_INFINITY, '/a')).toThrow(/finite/);
    expect(() => moneyFromJson(10_000_000_000, '/a')).toThrow(/must not exceed 9999999999.99/);
    expect(() => parseMoney('1e3', '/a')).toThrow(/non-negative decimal/);
  });

  it('emits stored amounts as JSON numbers whose text is the stored decimal', () => {
    expect(JSON.stringify(moneyToJson('150.75'))).toBe('150.75');
    expect(JSON.stringify(moneyToJson('9999999999.99'))).toBe('9999999999.99');
    expect(JSON.stringify(moneyToJson('0.10'))).toBe('0.1');
  });
});

describe('exact arithmetic on amounts', () => {
  it('sums quantity × unit price in cents, without floating point error', async () => {
    const { sumOfItems, isAbove } = await import('../../src/shared/money.js');
    const m = (text: string) => text as Parameters<typeof isAbove>[0];
    // 0.1 + 0.2 in floating point is 0.30000000000000004; in cents it is 30.
    expect(
      sumOfItems([
        { quantity: 1, unitPrice: m('0.10') },
        { quantity: 1, unitPrice: m('0.20') },
      ]),
    ).toBe('0.30');
    expect(
      sumOfItems([
        { quantity: 3, unitPrice: m('33.33') },
        { quantity: 10000, unitPrice: m('9999.99') },
      ]),
    ).toBe('99999999.99');
    expect(isAbove(m('1000.01'), m('1000.00'))).toBe(true);
    expect(isAbove(m('1000.00'), m('1000.00'))).toBe(false);
  });
});
