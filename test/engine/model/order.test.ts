import { describe, expect, it } from 'vitest';
import { Money, Price } from '../../../src/engine/index.js';
import * as events from '../../../src/engine/model/event-factory.js';
import { T0, eventFor, fill, limitBuy, orderIn } from './builders.js';

describe('Order', () => {
  it('is created from its OrderInitialized with the factory defaults', () => {
    // Arrange / Act
    const order = limitBuy('100');
    // Assert
    expect(order.kind).toBe('Order');
    expect(order.status).toBe('INITIALIZED');
    expect(order.clientOrderId).toBe('O-1');
    expect(order.timeInForce).toBe('GTC');
    expect(order.postOnly).toBe(false);
    expect(order.reduceOnly).toBe(false);
    expect(order.contingencyType).toBe('NO_CONTINGENCY');
    expect(order.linkedOrderIds).toEqual([]);
    expect(order.filledQty.toString()).toBe('0');
    expect(order.leavesQty.toString()).toBe('100');
    expect(order.avgPx).toBeUndefined();
    expect(order.events).toEqual([order.init]);
    expect(order.tsInit).toBe(T0);
  });

  it('refuses a non-positive quantity at creation', () => {
    expect(() => limitBuy('0')).toThrow(expect.objectContaining({ code: 'ORDER_INIT_INVALID' }));
  });

  it('refuses an event for another order and records nothing', () => {
    // Arrange
    const order = limitBuy();
    const other = limitBuy('100', { clientOrderId: 'O-2' });
    // Act / Assert
    expect(() => order.apply(events.orderSubmitted(other, T0))).toThrow(expect.objectContaining({ code: 'ORDER_EVENT_MISMATCH' }));
    expect(order.events).toHaveLength(1);
  });

  it('takes the venue order id from OrderAccepted', () => {
    // Arrange
    const order = orderIn('SUBMITTED');
    // Act
    order.apply(events.orderAccepted(order, 'V-77', T0 + 3n));
    // Assert
    expect(order.venueOrderId).toBe('V-77');
    expect(order.isOpen).toBe(true);
    expect(order.isInflight).toBe(false);
    expect(order.tsLast).toBe(T0 + 3n);
  });

  it('partially then fully fills with an exact average price', () => {
    // Arrange
    const order = orderIn('ACCEPTED');
    // Act
    order.apply(fill(order, '40', '1.00000', 'T-a'));
    const partial = { status: order.status, filled: order.filledQty.toString(), leaves: order.leavesQty.toString(), avg: order.avgPx?.toString() };
    order.apply(fill(order, '60', '1.00010', 'T-b'));
    // Assert
    expect(partial).toEqual({ status: 'PARTIALLY_FILLED', filled: '40', leaves: '60', avg: '1.00000' });
    expect(order.status).toBe('FILLED');
    expect(order.filledQty.toString()).toBe('100');
    expect(order.leavesQty.toString()).toBe('0');
    expect(order.avgPx?.toString()).toBe('1.00006');
    expect(order.tradeIds).toEqual(['T-a', 'T-b']);
    expect(order.lastTradeId).toBe('T-b');
    expect(order.fill('T-a')?.lastQty.toString()).toBe('40');
    expect(order.hasTradeId('T-b')).toBe(true);
    expect(order.isClosed).toBe(true);
  });

  it.each([
    [[['50', '1.00000'], ['50', '1.00000']], '1.00000'],
    [[['1', '1.00001'], ['1', '1.00002']], '1.000015'],
    [[['1', '1.00000'], ['2', '1.00010']], '1.000066667'],
    [[['30', '0.99999'], ['70', '1.00003']], '1.000018'],
  ])('averages fills %j to %s (price precision, extra digits only when needed, rounded at +4)', (fills, expected) => {
    // Arrange
    const order = orderIn('ACCEPTED');
    // Act
    for (const [qty, px] of fills as Array<[string, string]>) order.apply(fill(order, qty, px), { allowOverfills: true });
    // Assert
    expect(order.avgPx?.toString()).toBe(expected);
  });

  it('refuses a fill with a trade id it already has, changing nothing', () => {
    // Arrange
    const order = orderIn('ACCEPTED');
    order.apply(fill(order, '10', '1.00000', 'T-dup'));
    const snapshot = JSON.stringify(order.toJSON());
    // Act / Assert
    expect(() => order.apply(fill(order, '10', '1.00000', 'T-dup'))).toThrow(
      expect.objectContaining({ code: 'ORDER_DUPLICATE_TRADE_ID', details: { clientOrderId: 'O-1', tradeId: 'T-dup' } }),
    );
    expect(JSON.stringify(order.toJSON())).toBe(snapshot);
    expect(order.filledQty.toString()).toBe('10');
  });

  it('refuses an overfill unless allowed', () => {
    // Arrange
    const order = orderIn('ACCEPTED');
    order.apply(fill(order, '80', '1.00000', 'T-1'));
    const over = fill(order, '30', '1.00010', 'T-2');
    // Act
    let error: unknown;
    try {
      order.apply(over);
    } catch (e) {
      error = e;
    }
    const refused = { status: order.status, filled: order.filledQty.toString(), events: order.events.length };
    order.apply(over, { allowOverfills: true });
    // Assert
    expect(error).toMatchObject({
      code: 'ORDER_OVERFILL',
      details: { quantity: '100', filledQty: '80', lastQty: '30' },
    });
    expect((error as Error).message).toContain('expected at most its quantity 100');
    expect(refused).toEqual({ status: 'PARTIALLY_FILLED', filled: '80', events: 4 });
    expect(order.status).toBe('FILLED');
    expect(order.filledQty.toString()).toBe('110');
    expect(order.leavesQty.toString()).toBe('0');
  });

  it('returns to the status before PENDING_CANCEL when the cancel is rejected', () => {
    // Arrange
    const order = orderIn('PARTIALLY_FILLED');
    order.apply(eventFor(order, 'PENDING_CANCEL'));
    // Act
    order.apply(events.orderCancelRejected(order, 'too late', T0 + 20n));
    // Assert
    expect(order.status).toBe('PARTIALLY_FILLED');
    expect(order.previousStatus).toBe('PENDING_CANCEL');
  });

  it('returns a TRIGGERED order to TRIGGERED when its modify is rejected after a cancel request', () => {
    // Arrange: TRIGGERED → PENDING_UPDATE → PENDING_CANCEL; the rollback target stays TRIGGERED
    const order = orderIn('TRIGGERED');
    order.apply(eventFor(order, 'PENDING_UPDATE'));
    order.apply(eventFor(order, 'PENDING_CANCEL'));
    // Act
    order.apply(events.orderCancelRejected(order, 'no', T0 + 20n));
    // Assert
    expect(order.status).toBe('TRIGGERED');
    expect(order.rollbackStatus).toBe('TRIGGERED');
  });

  it('returns to the status before PENDING_UPDATE when the modify is rejected', () => {
    // Arrange
    const order = orderIn('ACCEPTED');
    order.apply(eventFor(order, 'PENDING_UPDATE'));
    // Act
    order.apply(events.orderModifyRejected(order, 'price out of band', T0 + 20n));
    // Assert
    expect(order.status).toBe('ACCEPTED');
    expect(order.events.at(-1)?.type).toBe('OrderModifyRejected');
  });

  it('records a modify rejected while not pending without changing status', () => {
    // Arrange: the order filled before the venue answered the modify
    const order = orderIn('FILLED');
    // Act
    order.apply(events.orderModifyRejected(order, 'order filled', T0 + 20n));
    // Assert
    expect(order.status).toBe('FILLED');
    expect(order.events.at(-1)?.type).toBe('OrderModifyRejected');
  });

  it('applies OrderUpdated: new terms, back to the status before PENDING_UPDATE', () => {
    // Arrange
    const order = orderIn('ACCEPTED');
    order.apply(eventFor(order, 'PENDING_UPDATE'));
    // Act
    order.apply(events.orderUpdated(order, { quantity: '150', price: '1.00020' }, T0 + 30n));
    // Assert
    expect(order.status).toBe('ACCEPTED');
    expect(order.quantity.toString()).toBe('150');
    expect(order.price?.toString()).toBe('1.00020');
    expect(order.leavesQty.toString()).toBe('150');
  });

  it('applies OrderUpdated without a pending state (venue-side change) and refuses it on a closed order', () => {
    // Arrange
    const working = orderIn('ACCEPTED');
    const closed = orderIn('CANCELED');
    // Act
    working.apply(events.orderUpdated(working, { quantity: '90', triggerPrice: '0.99000' }, T0 + 30n));
    // Assert
    expect(working.status).toBe('ACCEPTED');
    expect(working.quantity.toString()).toBe('90');
    expect(working.triggerPrice?.toString()).toBe('0.99000');
    expect(() => closed.apply(events.orderUpdated(closed, { quantity: '90' }, T0 + 30n))).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE_TRANSITION', details: expect.objectContaining({ from: 'CANCELED' }) }),
    );
    expect(closed.quantity.toString()).toBe('100');
  });

  it('takes a fill that raced the cancel (CANCELED → FILLED)', () => {
    // Arrange
    const order = orderIn('CANCELED');
    // Act
    order.apply(fill(order, '100', '1.00000', 'T-race'));
    // Assert
    expect(order.status).toBe('FILLED');
    expect(order.previousStatus).toBe('CANCELED');
    expect(order.filledQty.toString()).toBe('100');
  });

  it('sets venue order id and position id from a fill, and keeps an assigned position id otherwise', () => {
    // Arrange
    const child = orderIn('ACCEPTED');
    const other = limitBuy('100', { clientOrderId: 'O-2' });
    other.apply(events.orderSubmitted(other, T0));
    // Act
    child.assignPositionId('AUDUSD.SIM-S-001');
    child.apply(fill(child, '10'));
    other.apply(events.orderFilled(other, { tradeId: 'X-1', lastQty: '5', lastPx: '1', venueOrderId: 'V-9', positionId: 'P-9', currency: 'USD' }, T0 + 1n));
    // Assert
    expect(child.positionId).toBe('AUDUSD.SIM-S-001');
    expect(other.positionId).toBe('P-9');
    expect(other.venueOrderId).toBe('V-9');
  });

  it('snapshots to plain JSON with decimals and times as strings', () => {
    // Arrange
    const order = orderIn('ACCEPTED');
    order.apply(fill(order, '25', '1.00002', 'T-j'));
    // Act
    const json = JSON.parse(JSON.stringify(order));
    // Assert
    expect(json).toMatchObject({
      kind: 'Order',
      clientOrderId: 'O-1',
      venueOrderId: 'V-1',
      status: 'PARTIALLY_FILLED',
      previousStatus: 'ACCEPTED',
      quantity: '100',
      filledQty: '25',
      leavesQty: '75',
      avgPx: '1.00002',
      price: '1.00000',
      triggerPrice: null,
      tradeIds: ['T-j'],
      eventTypes: ['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderFilled'],
      tsInit: '1000',
      tsLast: '1010',
      isOpen: true,
    });
  });

  it('keeps commission and currency on the recorded fill', () => {
    // Arrange
    const order = orderIn('ACCEPTED');
    // Act
    order.apply(events.orderFilled(order, { tradeId: 'C-1', lastQty: '100', lastPx: Price.from('1.00000'), commission: Money.from('2.00', 'USD'), liquiditySide: 'MAKER' }, T0 + 9n));
    // Assert
    expect(order.fill('C-1')).toMatchObject({ currency: 'USD', liquiditySide: 'MAKER', venueOrderId: 'V-1' });
    expect(order.fill('C-1')?.commission.toString()).toBe('2.00 USD');
  });
});
