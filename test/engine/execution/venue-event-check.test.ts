import { describe, expect, it } from 'vitest';
import { Money, Price, Quantity } from '../../../src/engine/core/decimal.js';
import type { VenueOrderEvent } from '../../../src/engine/execution/client.js';
import * as ev from '../../../src/engine/model/event-factory.js';
import { harness } from './harness.js';

/**
 * Issue 11 item 3: a venue event is checked against the order it names before it changes anything. A
 * contradicting one is refused whole (order, position and strategy untouched), logged with its code,
 * counted, and answered with a status query for that order.
 */
function acceptedBuy(limit = false) {
  const h = harness();
  const i = h.init('BUY', '100', limit ? { orderType: 'LIMIT', price: '1.00000' } : {});
  h.submit(i);
  const order = h.cache.order(i.clientOrderId)!;
  const fill = (more: Partial<Extract<VenueOrderEvent, { type: 'OrderFilled' }>> = {}): VenueOrderEvent => ({
    type: 'OrderFilled', instrumentId: i.instrumentId, clientOrderId: i.clientOrderId, venueOrderId: order.venueOrderId!, tradeId: 'T-1',
    side: 'BUY', orderType: i.orderType, lastQty: Quantity.from('100'), lastPx: Price.from('1.00000'), currency: 'USD',
    commission: Money.from('0.02', 'USD'), liquiditySide: 'TAKER', tsEvent: h.clock.timestampNs(), ...more,
  });
  return { h, order, fill };
}

describe('venue events that contradict their order are refused whole', () => {
  const attacks: Array<[string, (f: ReturnType<typeof acceptedBuy>['fill']) => VenueOrderEvent, string, string]> = [
    ['a SELL fill on a BUY order', (f) => f({ side: 'SELL' }), 'side', 'SELL'],
    ['a fill for another account', (f) => f({ accountId: 'OTHER-001' }), 'accountId', 'OTHER-001'],
    ['a fill at lastPx 0', (f) => f({ lastPx: Price.from('0.00000') }), 'lastPx', '0.00000'],
    ['a fill with a commission of -50,000', (f) => f({ commission: Money.from('-50000', 'USD') }), 'commission', '-50000 USD'],
    ['a fill for another instrument', (f) => f({ instrumentId: 'GBPUSD.SIM' }), 'instrumentId', 'GBPUSD.SIM'],
    ['a fill carrying another venue order id', (f) => f({ venueOrderId: 'V-99' }), 'venueOrderId', 'V-99'],
  ];
  for (const [name, make, field, received] of attacks) {
    it(`${name}: nothing applied, logged, counted, status queried`, () => {
      const { h, order, fill } = acceptedBuy();
      const eventsBefore = h.orderEvents.length;

      h.venue.emit(make(fill));

      expect([order.status, order.filledQty.toString(), order.fills.length, order.venueOrderId]).toEqual(['ACCEPTED', '0', 0, 'V-1']);
      expect(h.cache.positions()).toEqual([]);
      expect(h.orderEvents.length).toBe(eventsBefore);
      const stats = h.engine.venueEventRefusals;
      expect([stats.refused, stats.byCode, stats.latest[0]?.details.field, stats.latest[0]?.details.received])
        .toEqual([1, { VENUE_EVENT_CONTRADICTS_ORDER: 1 }, field, received]);
      expect(h.log.at('error').map((l) => l.fields?.code)).toEqual(['VENUE_EVENT_CONTRADICTS_ORDER']);
      expect(h.venue.commands.at(-1)).toBe(`query ${order.clientOrderId}`);
    });
  }

  it('a fill carrying another order\'s venue order id does not take it over (a later cancel names the order\'s own id)', () => {
    const { h, order } = acceptedBuy(true);
    const other = h.init('BUY', '100', { orderType: 'LIMIT', price: '0.99000' });
    h.submit(other);
    const theirs = h.cache.order(other.clientOrderId)!.venueOrderId!;

    h.venue.emit({
      type: 'OrderFilled', instrumentId: order.instrumentId, clientOrderId: order.clientOrderId, venueOrderId: theirs, tradeId: 'T-X',
      side: 'BUY', orderType: 'LIMIT', lastQty: Quantity.from('50'), lastPx: Price.from('1.00000'), currency: 'USD',
      commission: Money.from('0', 'USD'), liquiditySide: 'MAKER', tsEvent: 1n,
    });

    expect([order.venueOrderId, theirs, order.filledQty.toString()]).toEqual(['V-1', 'V-2', '0']);
    expect(h.cache.orderByVenueOrderId('V-2')?.clientOrderId).toBe(other.clientOrderId);
    expect(h.engine.venueEventRefusals.latest[0]?.details.received).toBe(`V-2 (held by order ${other.clientOrderId})`);
  });

  it('a fill that fits is applied as before (nothing refused)', () => {
    const { h, order, fill } = acceptedBuy();
    h.venue.emit(fill());
    expect([order.status, order.filledQty.toString(), h.cache.positions().map((p) => p.signedQty.toString()), h.engine.venueEventRefusals.refused])
      .toEqual(['FILLED', '100', ['100'], 0]);
  });

  it('a cancel keel asked for is applied at once; a spurious OrderCanceled of a working order is held and the venue asked', () => {
    const { h, order } = acceptedBuy(true);

    h.venue.emit({ type: 'OrderCanceled', instrumentId: order.instrumentId, clientOrderId: order.clientOrderId, venueOrderId: 'V-1', tsEvent: 1n });

    expect([order.status, order.isOpen]).toEqual(['ACCEPTED', true]);
    expect(h.engine.venueEventRefusals.byCode).toEqual({ VENUE_EVENT_CANCEL_UNCONFIRMED: 1 });
    expect(h.venue.commands.at(-1)).toBe(`query ${order.clientOrderId}`);

    h.engine.execute({ type: 'CancelOrder', commandId: 'C-X', traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId, venueOrderId: 'V-1', tsInit: 2n });
    expect(order.status).toBe('CANCELED');
  });
});

describe('cancels a venue makes by its own rules are applied at once', () => {
  it('a reduce-only order cancelled by the venue (its position closed) closes without a query', () => {
    const h = harness();
    const i = h.init('SELL', '100', { orderType: 'LIMIT', price: '1.10000', reduceOnly: true });
    h.submit(i);
    const order = h.cache.order(i.clientOrderId)!;

    h.venue.emit({ type: 'OrderCanceled', instrumentId: order.instrumentId, clientOrderId: order.clientOrderId, venueOrderId: order.venueOrderId!, tsEvent: 1n });

    expect([order.status, h.engine.venueEventRefusals.refused, h.venue.commands.filter((c) => c.startsWith('query'))]).toEqual(['CANCELED', 0, []]);
  });
});

describe('a fill changes its order and its position together or not at all', () => {
  it('a fill for another instrument on the strict (reconciliation) path throws and leaves the order unchanged', () => {
    const { h, order } = acceptedBuy();
    const fill = ev.orderFilled(order, { tradeId: 'T-9', lastQty: '100', lastPx: '1.00000', currency: 'USD' }, 5n);

    expect(() => h.engine.applyEvent({ ...fill, instrumentId: 'GBPUSD.SIM' })).toThrow(/expected a fill for AUDUSD.SIM, received one for GBPUSD.SIM/);

    expect([order.status, order.filledQty.toString(), order.fills.length]).toEqual(['ACCEPTED', '0', 0]);
    expect(h.cache.positions()).toEqual([]);
  });
});
