import { describe, expect, it } from 'vitest';
import { Money, Price, Quantity } from '../../../../src/engine/core/decimal.js';
import { orderInitialized } from '../../../../src/engine/model/event-factory.js';
import { toVenueOrderEvent, toWireOrder } from '../../../../src/engine/venue/sandbox/translate.js';
import type { WireOrderEvent } from '../../../../src/engine/venue/sandbox/protocol/messages.js';

// Translated venue events are enriched key by key and journaled: their keys and key order are part of
// the journal's text, so the fast path must give what `{ ...base, type, … }` gave.
const base = { instrumentId: 'AUDUSD.SIM', accountId: 'SIM-001', tsEvent: '17' };

describe('toVenueOrderEvent', () => {
  it('an OrderFilled keeps its fields and key order', () => {
    const w: WireOrderEvent = { event: 'OrderFilled', ...base, clientOrderId: 'O-1', venueOrderId: 'V-1', fill: {
      accountId: 'SIM-001', instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-1', clientOrderId: 'O-1', venuePositionId: 'P-1', tradeId: 'T-1', side: 'BUY',
      orderType: 'MARKET', lastQty: '1000', lastPx: '1.00010', commission: '0.02', commissionCurrency: 'USD', liquiditySide: 'TAKER', tsEvent: '17' } };
    const e = toVenueOrderEvent(w);
    expect(Object.keys(e!)).toEqual(['instrumentId', 'clientOrderId', 'venueOrderId', 'accountId', 'tsEvent', 'type', 'tradeId', 'positionId', 'side',
      'orderType', 'lastQty', 'lastPx', 'currency', 'commission', 'liquiditySide']);
    expect(e).toEqual({ instrumentId: 'AUDUSD.SIM', clientOrderId: 'O-1', venueOrderId: 'V-1', accountId: 'SIM-001', tsEvent: 17n, type: 'OrderFilled', tradeId: 'T-1',
      positionId: 'P-1', side: 'BUY', orderType: 'MARKET', lastQty: Quantity.from('1000'), lastPx: Price.from('1.00010'), currency: 'USD',
      commission: Money.from('0.02', 'USD'), liquiditySide: 'TAKER' });
  });

  it('an OrderAccepted takes the command\'s client order id when the venue sent none', () => {
    const e = toVenueOrderEvent({ event: 'OrderAccepted', ...base, venueOrderId: 'V-2' }, 'O-2');
    expect(Object.keys(e!)).toEqual(['instrumentId', 'clientOrderId', 'venueOrderId', 'accountId', 'tsEvent', 'type']);
    expect(e).toEqual({ instrumentId: 'AUDUSD.SIM', clientOrderId: 'O-2', venueOrderId: 'V-2', accountId: 'SIM-001', tsEvent: 17n, type: 'OrderAccepted' });
  });

  it('events without a venue order id or optional fields leave those keys out', () => {
    const rejected = toVenueOrderEvent({ event: 'OrderRejected', ...base, clientOrderId: 'O-3', reason: 'no funds' });
    expect(Object.keys(rejected!)).toEqual(['instrumentId', 'clientOrderId', 'accountId', 'tsEvent', 'type', 'reason']);
    expect(rejected).toEqual({ instrumentId: 'AUDUSD.SIM', clientOrderId: 'O-3', accountId: 'SIM-001', tsEvent: 17n, type: 'OrderRejected', reason: 'no funds' });
    const canceled = toVenueOrderEvent({ event: 'OrderCanceled', ...base, clientOrderId: 'O-4', venueOrderId: 'V-4' });
    expect(Object.keys(canceled!)).toEqual(['instrumentId', 'clientOrderId', 'venueOrderId', 'accountId', 'tsEvent', 'type']);
    const updated = toVenueOrderEvent({ event: 'OrderUpdated', ...base, clientOrderId: 'O-5', venueOrderId: 'V-5', quantity: '5', price: '1.1' });
    expect(updated).toEqual({ instrumentId: 'AUDUSD.SIM', clientOrderId: 'O-5', venueOrderId: 'V-5', accountId: 'SIM-001', tsEvent: 17n, type: 'OrderUpdated',
      quantity: Quantity.from('5'), price: Price.from('1.1') });
    expect(Object.keys(updated!)).toEqual(['instrumentId', 'clientOrderId', 'venueOrderId', 'accountId', 'tsEvent', 'type', 'quantity', 'price']);
  });

  it('no client order id from the venue or the command: no event', () => {
    expect(toVenueOrderEvent({ event: 'OrderExpired', ...base, venueOrderId: 'V-6' })).toBe(null);
  });
});

describe('toWireOrder', () => {
  it('writes the frame\'s fields in order, optional ones only when set', () => {
    const order = orderInitialized({ traderId: 'T-1', strategyId: 'S-1', instrumentId: 'AUDUSD.SIM', clientOrderId: 'O-1', side: 'SELL', orderType: 'LIMIT',
      quantity: '1000', price: '1.00010', timeInForce: 'GTD', expireTime: 99n, postOnly: true, tsInit: 1n });
    const w = toWireOrder(order, 'P-9');
    expect(Object.keys(w)).toEqual(['clientOrderId', 'instrumentId', 'side', 'orderType', 'quantity', 'price', 'timeInForce', 'expireTime', 'postOnly', 'reduceOnly',
      'contingencyType', 'linkedOrderIds', 'venuePositionId']);
    expect(w).toEqual({ clientOrderId: 'O-1', instrumentId: 'AUDUSD.SIM', side: 'SELL', orderType: 'LIMIT', quantity: '1000', price: '1.00010', timeInForce: 'GTD',
      expireTime: '99', postOnly: true, reduceOnly: false, contingencyType: 'NO_CONTINGENCY', linkedOrderIds: [], venuePositionId: 'P-9' });
    const market = toWireOrder(orderInitialized({ traderId: 'T-1', strategyId: 'S-1', instrumentId: 'AUDUSD.SIM', clientOrderId: 'O-2', side: 'BUY', orderType: 'MARKET', quantity: '5', tsInit: 1n }));
    expect(market).toEqual({ clientOrderId: 'O-2', instrumentId: 'AUDUSD.SIM', side: 'BUY', orderType: 'MARKET', quantity: '5', timeInForce: 'GTC', postOnly: false, reduceOnly: false,
      contingencyType: 'NO_CONTINGENCY', linkedOrderIds: [] });
  });
});
