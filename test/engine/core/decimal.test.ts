import { describe, expect, it } from 'vitest';
import { Decimal, Money, Price, Quantity } from '../../../src/engine/index.js';

describe('exact decimals', () => {
  it('adds without binary drift', () => {
    // Arrange
    const a = Price.from('0.1');
    const b = Price.from('0.2');
    // Act
    const sum = a.add(b);
    // Assert
    expect(sum.toString()).toBe('0.3');
    expect(Price.from(0.1).add(Price.from(0.2)).toString()).toBe('0.3');
  });

  it('keeps the written precision and aligns mixed precisions', () => {
    expect(Price.from('1.00010').toString()).toBe('1.00010');
    expect(Price.from('1.5').add(Price.from('0.25')).toString()).toBe('1.75');
    expect(Price.from('1.00010').precision).toBe(5);
    expect(Quantity.from(100000).toString()).toBe('100000');
    expect(Price.from('1e-5').toString()).toBe('0.00001');
    expect(Price.from('1.5', 3).toString()).toBe('1.500');
  });

  it('multiplies, divides and rounds to an increment exactly', () => {
    expect(Price.from('-1.5').mul(Quantity.from('2')).toString()).toBe('-3.0');
    expect(Price.from('10').div(Price.from('3'), 5).toString()).toBe('3.33333');
    expect(Price.from('2').div(Price.from('3'), 2).toString()).toBe('0.67');
    expect(Price.from('1.234567').roundTo(Price.from('0.0001')).toString()).toBe('1.2346');
    expect(Price.from('80.0004').roundTo(Price.from('0.001')).toString()).toBe('80.000');
  });

  it('compares across precisions', () => {
    expect(Price.from('1.50').eq(Price.from('1.5'))).toBe(true);
    expect(Price.from('1.5').gt(Price.from('1.25'))).toBe(true);
    expect(Quantity.from('0').isZero()).toBe(true);
    expect(Price.from('-0.1').isNegative()).toBe(true);
  });

  it('refuses NaN, negative quantities and too many decimals with coded errors', () => {
    expect(() => Price.from(Number.NaN)).toThrowError(expect.objectContaining({ code: 'DECIMAL_INVALID' }));
    expect(() => Price.from('abc')).toThrowError("Price: expected a decimal number, received 'abc' (string)");
    expect(() => Quantity.from('-1')).toThrowError(expect.objectContaining({ code: 'QUANTITY_NEGATIVE' }));
    expect(() => Quantity.from('5').sub(Quantity.from('6'))).toThrowError(expect.objectContaining({ code: 'QUANTITY_NEGATIVE' }));
    expect(() => Price.from('1.234', 2)).toThrowError("Price: expected at most 2 decimal places, received '1.234' (3)");
    expect(() => Price.from('1').div(Price.from('0'))).toThrowError(expect.objectContaining({ code: 'DECIMAL_DIVISION_BY_ZERO' }));
  });

  it('adds money of one currency and refuses mixing currencies', () => {
    expect(Money.from('2.50', 'USD').add(Money.from('0.5', 'USD')).toString()).toBe('3.00 USD');
    expect(() => Money.from('1', 'USD').add(Money.from('1', 'EUR'))).toThrowError(expect.objectContaining({ code: 'MONEY_CURRENCY_MISMATCH' }));
    expect(Decimal.from('7').toNumber()).toBe(7);
  });
});
