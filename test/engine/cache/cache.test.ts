import { describe, expect, it } from 'vitest';
import { Cache } from '../../../src/engine/cache/index.js';
import { Order } from '../../../src/engine/model/order.js';
import { Position } from '../../../src/engine/model/position.js';
import * as ev from '../../../src/engine/model/event-factory.js';
import { InstrumentProvider } from '../../../src/engine/model/instruments.js';
import { Price, Quantity } from '../../../src/engine/core/decimal.js';

function limit(id: string, strategyId = 'S-001', instrumentId = 'AUDUSD.SIM'): Order {
  return Order.create(ev.orderInitialized({
    traderId: 'TRADER-001', strategyId, instrumentId, clientOrderId: id, side: 'BUY', orderType: 'LIMIT',
    quantity: '100000', price: '1.00000', tsInit: 0n,
  }));
}

describe('Cache', () => {
  it('indexes orders by strategy and instrument, oldest first', () => {
    const cache = new Cache();
    const a = limit('O-1', 'S-001', 'AUDUSD.SIM');
    const b = limit('O-2', 'S-002', 'AUDUSD.SIM');
    const c = limit('O-3', 'S-001', 'EURUSD.SIM');
    for (const o of [a, b, c]) cache.addOrder(o);

    expect(cache.orders().map((o) => o.clientOrderId)).toEqual(['O-1', 'O-2', 'O-3']);
    expect(cache.orders({ strategyId: 'S-001' }).map((o) => o.clientOrderId)).toEqual(['O-1', 'O-3']);
    expect(cache.orders({ instrumentId: 'AUDUSD.SIM' }).map((o) => o.clientOrderId)).toEqual(['O-1', 'O-2']);
    expect(cache.orders({ strategyId: 'S-001', instrumentId: 'EURUSD.SIM' })).toEqual([c]);
    expect(cache.order('O-2')).toBe(b);
    expect(() => cache.addOrder(limit('O-1'))).toThrow(/received 'O-1' \(already cached\)/);
  });

  it('keeps open / closed / in-flight and venue order id indexes right as statuses change', () => {
    // Arrange
    const cache = new Cache();
    const a = limit('O-1');
    const b = limit('O-2');
    cache.addOrder(a);
    cache.addOrder(b);

    // Act: a submitted then accepted; b submitted only
    a.apply(ev.orderSubmitted(a, 1n)); cache.updateOrder(a);
    b.apply(ev.orderSubmitted(b, 1n)); cache.updateOrder(b);
    const inflightAfterSubmit = cache.ordersInflight().map((o) => o.clientOrderId);
    a.apply(ev.orderAccepted(a, 'V-7', 2n)); cache.updateOrder(a);

    // Assert
    expect(inflightAfterSubmit).toEqual(['O-1', 'O-2']);
    expect(cache.ordersInflight()).toEqual([b]);
    expect(cache.ordersOpen()).toEqual([a]);
    expect(cache.orders({ open: false })).toEqual([b]);
    expect(cache.orderByVenueOrderId('V-7')).toBe(a);

    a.apply(ev.orderCanceled(a, 3n)); cache.updateOrder(a);
    expect(cache.ordersOpen()).toEqual([]);
    expect(cache.orders({ closed: true })).toEqual([a]);
    expect(cache.ordersClosed()).toEqual([a]);
  });

  it('stores order lists and positions with open filtering', () => {
    const cache = new Cache();
    const entry = limit('O-1');
    cache.addOrder(entry, 'P-1');
    cache.addOrderList({ id: 'OL-1', instrumentId: 'AUDUSD.SIM', strategyId: 'S-001', orders: [entry] });
    entry.apply(ev.orderSubmitted(entry, 1n));
    entry.apply(ev.orderAccepted(entry, 'V-1', 2n));
    const fill = ev.orderFilled(entry, { tradeId: 'T-1', lastQty: '100000', lastPx: '1.00000', currency: 'USD', positionId: 'P-1' }, 3n);
    entry.apply(fill);
    cache.updateOrder(entry);
    const position = Position.open(new InstrumentProvider().get('AUDUSD.SIM'), fill, 'P-1');
    cache.addPosition(position);

    expect(cache.orderList('OL-1')?.orders).toEqual([entry]);
    expect(cache.position('P-1')).toBe(position);
    expect(cache.positions({ open: true })).toEqual([position]);
    expect(cache.positions({ open: false })).toEqual([]);
    expect(cache.positions({ strategyId: 'S-002' })).toEqual([]);
    expect(cache.ordersForPosition('P-1')).toEqual([entry]);
    expect(entry.positionId).toBe('P-1');
  });

  it('keeps the latest quote per instrument', () => {
    const cache = new Cache();
    const q = (bid: string) => ({ instrumentId: 'AUDUSD.SIM', bid: Price.from(bid), ask: Price.from('1.00010'),
      bidSize: Quantity.from('1000000'), askSize: Quantity.from('1000000'), tsEvent: 1n, tsInit: 1n });
    cache.addQuote(q('1.00000'));
    cache.addQuote(q('1.00005'));
    expect(cache.quote('AUDUSD.SIM')?.bid.toString()).toBe('1.00005');
    expect(cache.quote('EURUSD.SIM')).toBeUndefined();
  });
});
