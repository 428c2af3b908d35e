import { describe, expect, it } from 'vitest';
import { harness } from './harness.js';

describe('ExecutionEngine fills', () => {
  it('drops a repeated trade id with the same data silently', () => {
    // Arrange
    const h = harness();
    const i = h.init('BUY', '100000');
    h.submit(i);
    const tradeId = h.venue.fill({ ...i, type: 'MARKET' }, '40000', '1.00000');

    // Act
    h.venue.fill({ ...i, type: 'MARKET' }, '40000', '1.00000', { tradeId });

    // Assert
    const order = h.cache.order(i.clientOrderId)!;
    expect(order.filledQty.toString()).toBe('40000');
    expect(order.fills).toHaveLength(1);
    expect(h.log.at('warn')).toEqual([]);
    expect(h.orderEvents.filter((e) => e.type === 'OrderFilled')).toHaveLength(1);
  });

  it('drops a repeated trade id with other data, with a warning: the cached fill wins', () => {
    const h = harness();
    const i = h.init('BUY', '100000');
    h.submit(i);
    const tradeId = h.venue.fill({ ...i, type: 'MARKET' }, '40000', '1.00000');

    h.venue.fill({ ...i, type: 'MARKET' }, '50000', '1.00020', { tradeId });

    const order = h.cache.order(i.clientOrderId)!;
    expect(order.filledQty.toString()).toBe('40000');
    expect(order.avgPx!.toString()).toBe('1.00000');
    expect(h.log.at('warn').map((e) => e.fields.code)).toEqual(['FILL_DUPLICATE_TRADE_ID']);
    expect(h.cache.position('AUDUSD.SIM-S-001')!.quantity.toString()).toBe('40000');
  });

  it('refuses an overfill (logged, counted, order unchanged)', () => {
    const h = harness();
    const i = h.init('BUY', '100000');
    h.submit(i);
    h.venue.fill({ ...i, type: 'MARKET' }, '80000', '1.00000');

    h.venue.fill({ ...i, type: 'MARKET' }, '30000', '1.00000');

    const order = h.cache.order(i.clientOrderId)!;
    expect(order.status).toBe('PARTIALLY_FILLED');
    expect(order.filledQty.toString()).toBe('80000');
    expect(h.engine.invalidCount).toBe(1);
    expect(h.log.at('error').map((e) => e.fields.code)).toEqual(['ORDER_OVERFILL']);
    expect(h.cache.position('AUDUSD.SIM-S-001')!.quantity.toString()).toBe('80000');
  });

  it('accepts an overfill when allowOverfills is on', () => {
    const h = harness({ allowOverfills: true });
    const i = h.init('BUY', '100000');
    h.submit(i);
    h.venue.fill({ ...i, type: 'MARKET' }, '80000', '1.00000');

    h.venue.fill({ ...i, type: 'MARKET' }, '30000', '1.00000');

    const order = h.cache.order(i.clientOrderId)!;
    expect(order.status).toBe('FILLED');
    expect(order.filledQty.toString()).toBe('110000');
    expect(h.cache.position('AUDUSD.SIM-S-001')!.quantity.toString()).toBe('110000');
  });

  it('gives OTO children without a position id the entry position id once the entry fills', () => {
    // Arrange: a HEDGING bracket entry with two children, one already bound to another position
    const h = harness({ strategyOms: 'HEDGING' });
    const entry = h.init('BUY', '1000', { contingencyType: 'OTO', orderListId: 'OL-1', linkedOrderIds: ['O-2', 'O-3'] });
    const sl = h.init('SELL', '1000', { orderType: 'STOP_MARKET', triggerPrice: '0.99000', reduceOnly: true,
      contingencyType: 'OUO', orderListId: 'OL-1', linkedOrderIds: ['O-3'], parentOrderId: 'O-1' });
    const tp = h.init('SELL', '1000', { orderType: 'LIMIT', price: '1.01000', reduceOnly: true,
      contingencyType: 'OUO', orderListId: 'OL-1', linkedOrderIds: ['O-2'], parentOrderId: 'O-1' });
    h.submitList('OL-1', [entry, sl, tp]);
    h.cache.order('O-3')!.assignPositionId('P-OTHER');

    // Act
    h.venue.fill({ ...entry, type: 'MARKET' }, '1000', '1.00000');

    // Assert
    expect(h.cache.order('O-1')!.positionId).toBe('P-19700101-000000-001-001-1');
    expect(h.cache.order('O-2')!.positionId).toBe('P-19700101-000000-001-001-1');
    expect(h.cache.order('O-3')!.positionId).toBe('P-OTHER');
    expect(h.cache.orderList('OL-1')!.orders.map((o) => o.status)).toEqual(['FILLED', 'ACCEPTED', 'ACCEPTED']);
    expect(h.venue.commands).toEqual(['submitList OL-1']);
  });
});

describe('ExecutionEngine events and commands', () => {
  it('publishes order events in order after the cache is updated', () => {
    const h = harness();
    const statuses: string[] = [];
    h.bus.subscribe('events.order.S-001', (e: { type: string; clientOrderId: string }) => {
      statuses.push(`${e.type}:${h.cache.order(e.clientOrderId)!.status}`);
    });

    h.trade('BUY', '1000');

    // Each subscriber sees the order as that event left it (a top-level publish is delivered at once).
    expect(statuses).toEqual(['OrderSubmitted:SUBMITTED', 'OrderAccepted:ACCEPTED', 'OrderFilled:FILLED']);
    expect(h.orderEvents.map((e) => e.type)).toEqual(['OrderSubmitted', 'OrderAccepted', 'OrderFilled']);
  });

  it('enriches venue events with trader, strategy, event id and tsInit from the cached order', () => {
    const h = harness();
    h.clock.setTime(5_000n);
    const order = h.submit(h.init('BUY', '1000'))!;

    const accepted = h.orderEvents.find((e) => e.type === 'OrderAccepted')!;

    expect(accepted).toMatchObject({ traderId: 'TRADER-001', strategyId: 'S-001', clientOrderId: order.clientOrderId, tsInit: 5_000n });
    expect(accepted.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(order.venueOrderId).toBe('V-1');
  });

  it('logs and counts an invalid transition instead of throwing at the venue adapter', () => {
    const h = harness();
    const order = h.trade('BUY', '1000');

    expect(() => h.venue.emit({ type: 'OrderAccepted', instrumentId: 'AUDUSD.SIM', clientOrderId: order.clientOrderId,
      venueOrderId: 'V-1', tsEvent: 9n })).not.toThrow();

    expect(order.status).toBe('FILLED');
    expect(h.engine.invalidCount).toBe(1);
    expect(h.log.at('error')[0]!.fields.code).toBe('INVALID_STATE_TRANSITION');
    expect(() => h.engine.applyEvent({ ...h.orderEvents[1]!, eventId: 'x' })).toThrow(expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }));
  });

  it('finds an order by venue order id and counts an unknown order', () => {
    const h = harness();
    const order = h.submit(h.init('BUY', '1000'))!;

    // An expiry (an unasked cancel of a working order now waits for the venue's status: venue-event-check.test.ts).
    h.venue.emit({ type: 'OrderExpired', instrumentId: 'AUDUSD.SIM', clientOrderId: 'not-ours', venueOrderId: 'V-1', tsEvent: 1n });
    h.venue.emit({ type: 'OrderCanceled', instrumentId: 'AUDUSD.SIM', clientOrderId: 'O-999', tsEvent: 1n });

    expect(order.status).toBe('EXPIRED');
    expect(h.engine.invalidCount).toBe(1);
  });

  it('applies PendingCancel before routing a cancel, then the venue closes it', () => {
    const h = harness();
    const order = h.submit(h.init('BUY', '1000', { orderType: 'LIMIT', price: '0.99000' }))!;

    h.risk.execute({ type: 'CancelOrder', commandId: 'C-x', traderId: 'TRADER-001', strategyId: 'S-001', instrumentId: 'AUDUSD.SIM',
      clientOrderId: order.clientOrderId, tsInit: 0n });

    expect(h.orderEvents.map((e) => e.type)).toEqual(['OrderSubmitted', 'OrderAccepted', 'OrderPendingCancel', 'OrderCanceled']);
    expect(h.cache.ordersOpen()).toEqual([]);
  });

  it('denies an order for a venue without a client (risk bypassed)', () => {
    const h = harness({ risk: { bypass: true } });

    const order = h.submit(h.init('BUY', '1000', { instrumentId: 'EURUSD.OTHER' }))!;

    expect(order.status).toBe('DENIED');
    expect(order.events.at(-1)).toMatchObject({
      reason: "NO_EXECUTION_CLIENT: expected an execution client for venue 'OTHER' (registered: SIM), received an order for EURUSD.OTHER",
    });
  });

});
