import { describe, expect, it } from 'vitest';
import { Decimal, Money, Price, Quantity } from '../../../src/engine/index.js';
import { decodeValue, encodeValue } from '../../../src/engine/persistence/index.js';

describe('value codec (exact decimals and bigints)', () => {
  it('keeps a price with trailing zeros at its precision', () => {
    // Arrange
    const price = Price.from('1.00010');
    // Act
    const back = decodeValue<{ p: Price }>(encodeValue({ p: price })).p;
    // Assert
    expect(back).toBeInstanceOf(Price);
    expect(back.precision).toBe(5);
    expect(back.toString()).toBe('1.00010');
    expect(back.raw).toBe(100010n);
  });

  it('round-trips quantity, plain decimal, negative money and a bigint beyond 2^53', () => {
    const value = { q: Quantity.from('0.001'), d: Decimal.from('-0.5'), m: Money.from('-2.50', 'USD'), ts: 1_700_000_000_123_456_789n, big: 2n ** 70n };
    const back = decodeValue<typeof value>(encodeValue(value));
    expect(back.q).toBeInstanceOf(Quantity);
    expect(back.q.toString()).toBe('0.001');
    expect(back.d.toString()).toBe('-0.5');
    expect(back.m).toBeInstanceOf(Money);
    expect(back.m.toString()).toBe('-2.50 USD');
    expect(back.m.amount.precision).toBe(2);
    expect(back.ts).toBe(1_700_000_000_123_456_789n);
    expect(back.big).toBe(1180591620717411303424n);
  });

  it('writes the tags as plain JSON', () => {
    expect(encodeValue({ p: Price.from('1.5'), n: 3n })).toBe('{"p":{"$p":"1.5"},"n":{"$n":"3"}}');
  });

  it('refuses a plain object that looks like a tag', () => {
    expect(() => encodeValue({ x: { $p: 'not a price' } })).toThrow(expect.objectContaining({ code: 'JOURNAL_ENCODE_AMBIGUOUS' }));
  });
});
