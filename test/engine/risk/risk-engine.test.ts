import { describe, expect, it } from 'vitest';
import { harness } from '../execution/harness.js';
import { Price, Quantity } from '../../../src/engine/core/decimal.js';
import type { OrderEvent } from '../../../src/engine/model/events.js';

function reasonOf(events: readonly OrderEvent[]): string | undefined {
  const denied = events.find((e) => e.type === 'OrderDenied');
  return denied?.type === 'OrderDenied' ? denied.reason : undefined;
}

describe('RiskEngine denials', () => {
  it('denies a quantity of 0 (the order cannot even be built) and tells the strategy', () => {
    const h = harness();

    h.submit(h.init('BUY', '0'));

    expect(reasonOf(h.orderEvents)).toBe('QUANTITY_NOT_POSITIVE: expected a quantity > 0, received 0');
    expect(h.venue.commands).toEqual([]);
    expect(h.risk.deniedCount).toBe(1);
  });

  it('denies a quantity with more decimals than the instrument allows', () => {
    const h = harness();

    const order = h.submit(h.init('BUY', '1000.5'))!;

    expect(order.status).toBe('DENIED');
    expect(reasonOf(h.orderEvents)).toBe('QUANTITY_PRECISION_EXCEEDED: expected at most 0 decimals for AUDUSD.SIM quantities, received 1000.5');
  });

  it('accepts trailing zeros beyond the precision (1000.0 is 1000)', () => {
    const h = harness();
    expect(h.submit(h.init('BUY', '1000.0'))!.status).toBe('ACCEPTED');
  });

  it('denies a price with more decimals than the instrument allows', () => {
    const h = harness();

    h.submit(h.init('BUY', '1000', { orderType: 'LIMIT', price: '1.000015' }));

    expect(reasonOf(h.orderEvents)).toBe('PRICE_PRECISION_EXCEEDED: expected at most 5 decimals for AUDUSD.SIM prices, received price 1.000015');
  });

  it('denies an unknown instrument', () => {
    const h = harness();

    h.submit(h.init('BUY', '1000', { instrumentId: 'XAUUSD.SIM' }));

    expect(reasonOf(h.orderEvents)).toBe("INSTRUMENT_UNKNOWN: expected a known instrument id, received 'XAUUSD.SIM'");
  });

  it('denies an order whose notional is over maxNotionalPerOrder, using the limit price', () => {
    const h = harness({ risk: { maxNotionalPerOrder: { 'AUDUSD.SIM': '100000' } } });

    const ok = h.submit(h.init('BUY', '99990', { orderType: 'LIMIT', price: '1.00010' }))!;
    const big = h.submit(h.init('BUY', '100000', { orderType: 'LIMIT', price: '1.00010' }))!;

    expect(ok.status).toBe('ACCEPTED');
    expect(big.status).toBe('DENIED');
    expect(reasonOf(h.orderEvents)).toBe(
      'NOTIONAL_EXCEEDS_MAX: expected a notional <= 100000 USD for AUDUSD.SIM, received 100010.00000 (100000 x 1.00010)',
    );
  });

  it('prices a MARKET order at the latest ask for the notional check', () => {
    const h = harness({ risk: { maxNotionalPerOrder: { 'AUDUSD.SIM': '50000' } } });
    h.cache.addQuote({ instrumentId: 'AUDUSD.SIM', bid: Price.from('0.99990'), ask: Price.from('1.00000'),
      bidSize: Quantity.from('1000000'), askSize: Quantity.from('1000000'), tsEvent: 0n, tsInit: 0n });

    const order = h.submit(h.init('BUY', '60000'))!;

    expect(order.status).toBe('DENIED');
    expect(reasonOf(h.orderEvents)).toMatch(/^NOTIONAL_EXCEEDS_MAX: .* received 60000.00000 \(60000 x 1.00000\)$/);
  });

  it('denies the submit over maxOrderSubmitRate in a sliding window on the clock', () => {
    // Arrange: 3 per second
    const h = harness({ risk: { maxOrderSubmitRate: '3/00:00:01' } });
    const statuses: string[] = [];
    const submitAt = (ns: bigint) => { h.clock.setTime(ns); statuses.push(h.submit(h.init('BUY', '1000'))!.status); };

    // Act
    submitAt(0n);
    submitAt(100_000_000n);
    submitAt(200_000_000n);
    submitAt(900_000_000n);   // 4th within 1 s: denied
    submitAt(1_000_000_000n); // the one at 0 left the window
    submitAt(1_050_000_000n); // 100 ms, 200 ms and 1.0 s still inside: denied

    // Assert
    expect(statuses).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'DENIED', 'ACCEPTED', 'DENIED']);
    expect(reasonOf(h.orderEvents)).toBe('SUBMIT_RATE_EXCEEDED: expected at most 3/00:00:01 (count/HH:MM:SS) submits, received one more (4 in the window)');
  });

  it('denies every order of a list when one fails', () => {
    const h = harness();
    const a = h.init('BUY', '1000', { orderListId: 'OL-1' });
    const b = h.init('SELL', '1000.25', { orderListId: 'OL-1' });

    h.submitList('OL-1', [a, b]);

    expect(h.orderEvents.map((e) => `${e.type} ${e.clientOrderId}`)).toEqual(['OrderDenied O-1', 'OrderDenied O-2']);
    expect(h.venue.commands).toEqual([]);
  });

  it('skips every check with bypass: true', () => {
    const h = harness({ risk: { bypass: true, maxNotionalPerOrder: { 'AUDUSD.SIM': '1' } } });
    expect(h.submit(h.init('BUY', '1000.5'))!.status).toBe('ACCEPTED');
  });

  it('changes its config atomically and returns the diff', () => {
    const h = harness();
    expect(h.risk.configure({ maxOrderSubmitRate: '1/00:00:10' }).changes).toEqual([
      { key: 'maxOrderSubmitRate', before: '100/00:00:01', after: '1/00:00:10' },
    ]);
    expect(() => h.risk.configure({ maxOrderSubmitRate: 'fast', bypass: true })).toThrow(/maxOrderSubmitRate: expected a rate/);
    expect(h.risk.config.bypass).toBe(false);
  });
});
