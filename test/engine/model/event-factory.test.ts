import { describe, expect, it } from 'vitest';
import { Money } from '../../../src/engine/index.js';
import * as events from '../../../src/engine/model/event-factory.js';
import { limitBuy } from './builders.js';

describe('event factory', () => {
  it('copies the order ids and uses the event time as tsInit unless told', () => {
    // Arrange
    const order = limitBuy();
    // Act
    const submitted = events.orderSubmitted(order, 5n, { accountId: 'SIM-001' });
    const accepted = events.orderAccepted(order, 'V-9', 6n, { tsInit: 7n, eventId: 'E-1', reconciliation: true });
    // Assert
    expect(submitted).toMatchObject({
      type: 'OrderSubmitted',
      traderId: 'TRADER-001',
      strategyId: 'S-001',
      instrumentId: 'AUDUSD.SIM',
      clientOrderId: 'O-1',
      accountId: 'SIM-001',
      tsEvent: 5n,
      tsInit: 5n,
    });
    expect(submitted).not.toHaveProperty('reconciliation');
    expect(accepted).toMatchObject({ type: 'OrderAccepted', venueOrderId: 'V-9', eventId: 'E-1', tsEvent: 6n, tsInit: 7n, reconciliation: true });
  });

  it('builds a fill with defaults and refuses one without venue order id or currency', () => {
    // Arrange
    const order = limitBuy();
    // Act
    const fill = events.orderFilled(order, { tradeId: 'T-1', lastQty: '10', lastPx: '1.00010', venueOrderId: 'V-1', currency: 'USD' }, 9n);
    // Assert
    expect(fill).toMatchObject({ type: 'OrderFilled', side: 'BUY', orderType: 'LIMIT', currency: 'USD', liquiditySide: 'NO_LIQUIDITY_SIDE' });
    expect(fill.lastQty.toString()).toBe('10');
    expect(fill.lastPx.toString()).toBe('1.00010');
    expect(fill.commission.toString()).toBe('0.00 USD');
    expect(() => events.orderFilled(order, { tradeId: 'T-2', lastQty: '1', lastPx: '1', currency: 'USD' }, 9n)).toThrow(
      expect.objectContaining({ code: 'EVENT_FILL_INCOMPLETE' }),
    );
    expect(events.orderFilled(order, { tradeId: 'T-3', lastQty: '1', lastPx: '1', venueOrderId: 'V', commission: Money.from('0.5', 'AUD') }, 9n).currency).toBe('AUD');
  });

  it('builds the rest of the order events with their fields', () => {
    // Arrange
    const order = limitBuy();
    // Act
    const built = [
      events.orderDenied(order, 'QUANTITY_NOT_POSITIVE: 0', 1n),
      events.orderRejected(order, 'no margin', 1n),
      events.orderCanceled(order, 1n),
      events.orderExpired(order, 1n),
      events.orderTriggered(order, 1n),
      events.orderPendingUpdate(order, 1n),
      events.orderPendingCancel(order, 1n),
      events.orderModifyRejected(order, 'm', 1n),
      events.orderCancelRejected(order, 'c', 1n),
      events.orderUpdated(order, { quantity: '5', price: '1.1', venueOrderId: 'V-2' }, 1n),
    ];
    // Assert
    expect(built.map((e) => e.type)).toEqual([
      'OrderDenied',
      'OrderRejected',
      'OrderCanceled',
      'OrderExpired',
      'OrderTriggered',
      'OrderPendingUpdate',
      'OrderPendingCancel',
      'OrderModifyRejected',
      'OrderCancelRejected',
      'OrderUpdated',
    ]);
    expect(built[0]).toMatchObject({ reason: 'QUANTITY_NOT_POSITIVE: 0' });
    expect(built[9]).toMatchObject({ venueOrderId: 'V-2' });
    expect(String((built[9] as events.UpdateArgs).price)).toBe('1.1');
  });
});
