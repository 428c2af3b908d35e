import { describe, expect, it } from 'vitest';
import { Money, Position, Price, Quantity } from '../../../src/engine/index.js';
import { BUILTIN_INSTRUMENTS } from '../../../src/engine/model/instruments.js';
import { flipPositionId } from '../../../src/engine/model/identifiers.js';
import { splitFillForFlip } from '../../../src/engine/model/position.js';
import * as events from '../../../src/engine/model/event-factory.js';
import type { Instrument, OrderSide } from '../../../src/engine/index.js';
import type { OrderFilled } from '../../../src/engine/model/events.js';

const AUDUSD = BUILTIN_INSTRUMENTS.find((i) => i.id === 'AUDUSD.SIM')!;
const USDJPY = BUILTIN_INSTRUMENTS.find((i) => i.id === 'USDJPY.SIM')!;
const NETTING_ID = 'AUDUSD.SIM-EMACross-001';

let n = 0;
function filled(side: OrderSide, qty: string, px: string, opts: { commission?: string; instrument?: Instrument; tradeId?: string } = {}): OrderFilled {
  n += 1;
  const instrument = opts.instrument ?? AUDUSD;
  const order = {
    traderId: 'TRADER-001',
    strategyId: 'EMACross-001',
    instrumentId: instrument.id,
    clientOrderId: `O-${n}`,
    venueOrderId: `V-${n}`,
    side,
    type: 'MARKET' as const,
  };
  const commission = Money.from(opts.commission ?? '0', instrument.quoteCurrency, instrument.quoteCurrency === 'JPY' ? 0 : 2);
  return events.orderFilled(order, { tradeId: opts.tradeId ?? `T-${n}`, lastQty: qty, lastPx: px, commission }, BigInt(n) * 1000n);
}

describe('Position (NETTING behaviour)', () => {
  it('opens LONG from a BUY fill', () => {
    // Arrange
    const fill = filled('BUY', '100000', '1.00000');
    // Act
    const position = Position.open(AUDUSD, fill, NETTING_ID);
    // Assert
    expect(position.kind).toBe('Position');
    expect(position.side).toBe('LONG');
    expect(position.quantity.toString()).toBe('100000');
    expect(position.signedQty.toString()).toBe('100000');
    expect(position.avgPxOpen.toString()).toBe('1.00000');
    expect(position.avgPxClose).toBeUndefined();
    expect(position.realizedPnl.toString()).toBe('0.00 USD');
    expect(position.openingOrderId).toBe(fill.clientOrderId);
    expect(position.tsOpened).toBe(fill.tsEvent);
    expect(position.isOpen).toBe(true);
    expect(position.strategyId).toBe('EMACross-001');
  });

  it('flips in place: BUY 100000 @1.00000, SELL 150000 @1.00010 → SHORT 50000, realized 10.00 USD', () => {
    // Arrange
    const position = Position.open(AUDUSD, filled('BUY', '100000', '1.00000'), NETTING_ID);
    // Act
    position.apply(filled('SELL', '150000', '1.00010'));
    // Assert
    expect(position.id).toBe(NETTING_ID);
    expect(position.side).toBe('SHORT');
    expect(position.quantity.toString()).toBe('50000');
    expect(position.signedQty.toString()).toBe('-50000');
    expect(position.avgPxOpen.toString()).toBe('1.00010');
    expect(position.avgPxClose?.toString()).toBe('1.00010');
    expect(position.realizedPnl.toString()).toBe('10.00 USD');
    expect(position.peakQty.toString()).toBe('100000');
  });

  it('subtracts commissions paid in the quote currency from realized PnL', () => {
    // Arrange
    const position = Position.open(AUDUSD, filled('BUY', '100000', '1.00000', { commission: '2.00' }), NETTING_ID);
    // Act
    position.apply(filled('SELL', '150000', '1.00010', { commission: '3.00' }));
    // Assert
    expect(position.realizedPnl.toString()).toBe('5.00 USD');
    expect(position.commissions.map(String)).toEqual(['5.00 USD']);
  });

  it('keeps a commission in another currency out of realized PnL', () => {
    // Arrange
    const buy = { ...filled('BUY', '100000', '1.00000'), commission: Money.from('1.50', 'AUD') };
    const position = Position.open(AUDUSD, buy, NETTING_ID);
    // Act
    position.apply(filled('SELL', '100000', '1.00020'));
    // Assert
    expect(position.realizedPnl.toString()).toBe('20.00 USD');
    expect(position.commissions.map(String)).toEqual(['1.50 AUD', '0.00 USD']);
  });

  it('closes at zero and reopens under the same id (scenario 24)', () => {
    // Arrange
    const position = Position.open(AUDUSD, filled('BUY', '100000', '1.00000'), NETTING_ID);
    position.apply(filled('SELL', '150000', '1.00010'));
    const closer = filled('BUY', '50000', '1.00000');
    // Act
    position.apply(closer);
    const closed = { side: position.side, isClosed: position.isClosed, pnl: position.realizedPnl.toString(), tsClosed: position.tsClosed, closing: position.closingOrderId };
    const reopener = filled('BUY', '10000', '1.00020');
    position.apply(reopener);
    // Assert
    expect(closed).toEqual({ side: 'FLAT', isClosed: true, pnl: '15.00 USD', tsClosed: closer.tsEvent, closing: closer.clientOrderId });
    expect(position.id).toBe(NETTING_ID);
    expect(position.side).toBe('LONG');
    expect(position.quantity.toString()).toBe('10000');
    expect(position.avgPxOpen.toString()).toBe('1.00020');
    expect(position.realizedPnl.toString()).toBe('0.00 USD');
    expect(position.openingOrderId).toBe(reopener.clientOrderId);
    expect(position.closingOrderId).toBeUndefined();
    expect(position.tsClosed).toBeUndefined();
    expect(position.peakQty.toString()).toBe('10000');
    expect(position.cycleFillCount).toBe(1);
    expect(position.tradeIds).toHaveLength(4);
  });

  it('averages the open price on increases, exactly', () => {
    // Arrange
    const even = Position.open(AUDUSD, filled('BUY', '100000', '1.00000'), NETTING_ID);
    const odd = Position.open(AUDUSD, filled('BUY', '1', '1.00000'), NETTING_ID);
    // Act
    even.apply(filled('BUY', '50000', '1.00030'));
    odd.apply(filled('BUY', '2', '1.00001'));
    // Assert
    expect(even.avgPxOpen.toString()).toBe('1.00010');
    expect(even.quantity.toString()).toBe('150000');
    expect(odd.avgPxOpen.toString()).toBe('1.000006667');
  });

  it('realizes short PnL on a partial reduce and keeps the open price', () => {
    // Arrange
    const position = Position.open(AUDUSD, filled('SELL', '100000', '1.00050'), NETTING_ID);
    const reduce = filled('BUY', '40000', '1.00020');
    // Act
    position.apply(reduce);
    // Assert
    expect(position.side).toBe('SHORT');
    expect(position.quantity.toString()).toBe('60000');
    expect(position.avgPxOpen.toString()).toBe('1.00050');
    expect(position.realizedPnl.toString()).toBe('12.00 USD');
    expect(position.closingOrderId).toBe(reduce.clientOrderId);
  });

  it('realizes PnL in the quote currency at its precision (USDJPY → JPY, 0 places)', () => {
    // Arrange
    const position = Position.open(USDJPY, filled('BUY', '100000', '80.000', { instrument: USDJPY }), 'USDJPY.SIM-EMACross-001');
    // Act
    position.apply(filled('SELL', '100000', '80.005', { instrument: USDJPY }));
    // Assert
    expect(position.realizedPnl.toString()).toBe('500 JPY');
    expect(position.isClosed).toBe(true);
  });

  it('computes unrealized PnL at a price', () => {
    // Arrange
    const position = Position.open(AUDUSD, filled('SELL', '100000', '1.00050'), NETTING_ID);
    // Act / Assert
    expect(position.unrealizedPnl(Price.from('1.00040')).toString()).toBe('10.00 USD');
  });

  it('refuses a trade id it already has, and a fill for another instrument', () => {
    // Arrange
    const first = filled('BUY', '100', '1.00000', { tradeId: 'DUP' });
    const position = Position.open(AUDUSD, first, NETTING_ID);
    // Act / Assert
    expect(() => position.apply({ ...first, eventId: 'other' })).toThrow(expect.objectContaining({ code: 'POSITION_DUPLICATE_TRADE_ID' }));
    expect(() => position.apply(filled('BUY', '100', '80.000', { instrument: USDJPY }))).toThrow(
      expect.objectContaining({ code: 'POSITION_FILL_MISMATCH' }),
    );
    expect(position.quantity.toString()).toBe('100');
    expect(position.fills).toHaveLength(1);
  });

  it('snapshots to plain JSON', () => {
    // Arrange
    const position = Position.open(AUDUSD, filled('BUY', '100000', '1.00000', { commission: '2.00' }), NETTING_ID);
    // Act
    const json = JSON.parse(JSON.stringify(position));
    // Assert
    expect(json).toMatchObject({
      kind: 'Position',
      id: NETTING_ID,
      side: 'LONG',
      quantity: '100000',
      signedQty: '100000',
      avgPxOpen: '1.00000',
      avgPxClose: null,
      realizedPnl: '-2.00 USD',
      commissions: ['2.00 USD'],
      isOpen: true,
      tsClosed: null,
    });
  });

  it('names its events: opened, changed, closed, opened again on reopen', () => {
    // Arrange
    const position = Position.open(AUDUSD, filled('BUY', '100', '1.00000'), NETTING_ID);
    const types: string[] = [events.positionEvent(position, 1n).type];
    // Act
    position.apply(filled('BUY', '100', '1.00000'));
    types.push(events.positionEvent(position, 2n).type);
    position.apply(filled('SELL', '200', '1.00000'));
    types.push(events.positionEvent(position, 3n).type);
    position.apply(filled('SELL', '50', '1.00000'));
    const reopened = events.positionEvent(position, 4n);
    types.push(reopened.type);
    // Assert
    expect(types).toEqual(['PositionOpened', 'PositionChanged', 'PositionClosed', 'PositionOpened']);
    expect(reopened).toMatchObject({ positionId: NETTING_ID, side: 'SHORT', signedQty: '-50', tsEvent: 4n });
  });
});

describe('HEDGING flip split', () => {
  it('splits a fill past zero with the commission split by quantity (scenario 23)', () => {
    // Arrange
    const id = 'P-19700101-000000-001-001-1';
    const first = Position.open(AUDUSD, filled('BUY', '100000', '1.00000', { commission: '2.00' }), id);
    const sell = filled('SELL', '150000', '1.00010', { commission: '3.00', tradeId: 'T-flip' });
    // Act
    const [closing, opening] = splitFillForFlip(sell, first.quantity, { closePositionId: id, openPositionId: flipPositionId(id) });
    first.apply(closing);
    const second = Position.open(AUDUSD, opening, opening.positionId!);
    // Assert
    expect(closing).toMatchObject({ tradeId: 'T-flip-C', positionId: id, side: 'SELL' });
    expect(opening).toMatchObject({ tradeId: 'T-flip-F', positionId: 'P-19700101-000000-001-001-1F', side: 'SELL' });
    expect([closing.lastQty.toString(), opening.lastQty.toString()]).toEqual(['100000', '50000']);
    expect([closing.commission.toString(), opening.commission.toString()]).toEqual(['2.00 USD', '1.00 USD']);
    expect(first.isClosed).toBe(true);
    expect(first.realizedPnl.toString()).toBe('6.00 USD');
    expect(second.side).toBe('SHORT');
    expect(second.quantity.toString()).toBe('50000');
    expect(second.avgPxOpen.toString()).toBe('1.00010');
    expect(second.realizedPnl.toString()).toBe('-1.00 USD');
  });

  it('rounds the closing commission and gives the rest to the opening part, so they sum exactly', () => {
    // Arrange
    const fill = filled('SELL', '3', '1.00000', { commission: '1.00' });
    // Act
    const [closing, opening] = Position.splitFillForFlip(fill, Quantity.from('1'), { closePositionId: 'P-1', openPositionId: 'P-1F' });
    // Assert
    expect([closing.commission.toString(), opening.commission.toString()]).toEqual(['0.33 USD', '0.67 USD']);
    expect(closing.eventId).not.toBe(opening.eventId);
  });

  it('refuses a closing quantity that is not strictly inside the fill', () => {
    // Arrange
    const fill = filled('SELL', '100', '1.00000');
    // Act / Assert
    expect(() => splitFillForFlip(fill, Quantity.from('100'), { closePositionId: 'P', openPositionId: 'PF' })).toThrow(
      expect.objectContaining({ code: 'POSITION_FLIP_SPLIT_INVALID' }),
    );
  });
});
