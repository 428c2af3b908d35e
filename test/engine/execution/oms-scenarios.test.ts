import { describe, expect, it } from 'vitest';
import { harness } from './harness.js';

describe('scenario 23: HEDGING flip', () => {
  it('closes P-...-1 and opens P-...-1F SHORT 50000: 2 positions, 1 open', () => {
    // Arrange
    const h = harness({ strategyOms: 'HEDGING' });
    const buy = h.trade('BUY', '100000');
    const firstId = buy.positionId!;

    // Act
    const sell = h.trade('SELL', '150000', '1.00010', firstId);

    // Assert
    expect(firstId).toBe('P-19700101-000000-001-001-1');
    expect(sell.positionId).toBe('P-19700101-000000-001-001-1');
    const first = h.cache.position(firstId)!;
    const flipped = h.cache.position('P-19700101-000000-001-001-1F')!;
    expect(first.isOpen).toBe(false);
    expect(flipped.side).toBe('SHORT');
    expect(flipped.quantity.toString()).toBe('50000');
    expect(h.cache.positions().map((p) => p.id)).toEqual(['P-19700101-000000-001-001-1', 'P-19700101-000000-001-001-1F']);
    expect(h.cache.positions({ open: true }).map((p) => p.id)).toEqual(['P-19700101-000000-001-001-1F']);
    expect(h.positionEvents.map((e) => `${e.type} ${e.positionId} ${e.side} ${e.quantity}`)).toEqual([
      'PositionOpened P-19700101-000000-001-001-1 LONG 100000',
      'PositionClosed P-19700101-000000-001-001-1 FLAT 0',
      'PositionOpened P-19700101-000000-001-001-1F SHORT 50000',
    ]);
  });

  it('splits the commission by quantity across the close and the open', () => {
    const h = harness({ strategyOms: 'HEDGING' });
    const buy = h.trade('BUY', '100000');
    const i = h.init('SELL', '150000');
    h.submit(i, buy.positionId);

    h.venue.fill({ ...i, type: 'MARKET' }, '150000', '1.00000', { commission: '3.00' });

    expect(h.cache.position(buy.positionId!)!.commissions.map(String)).toEqual(['2.00 USD']);
    expect(h.cache.position(`${buy.positionId!}F`)!.commissions.map(String)).toEqual(['1.00 USD']);
  });

  it('opens a new P- position for every entry without a position id', () => {
    const h = harness({ venueOms: 'HEDGING' });
    h.trade('BUY', '1000');
    h.trade('BUY', '2000');
    expect(h.cache.positions().map((p) => `${p.id} ${p.quantity}`)).toEqual([
      'P-19700101-000000-001-001-1 1000',
      'P-19700101-000000-001-001-2 2000',
    ]);
  });
});

describe('scenario 24: NETTING keeps one position id', () => {
  it('goes LONG 100000, SHORT 50000, closed, LONG 10000 on the same position object', () => {
    // Arrange
    const h = harness({ strategyOms: 'NETTING' });
    const states: string[] = [];
    const snap = () => {
      const p = h.cache.position('AUDUSD.SIM-S-001')!;
      states.push(`${p.side} ${p.quantity}`);
      return p;
    };

    // Act
    h.trade('BUY', '100000');
    const first = snap();
    h.trade('SELL', '150000');
    snap();
    h.trade('BUY', '50000');
    snap();
    h.trade('BUY', '10000');
    const last = snap();

    // Assert
    expect(states).toEqual(['LONG 100000', 'SHORT 50000', 'FLAT 0', 'LONG 10000']);
    expect(last).toBe(first);
    expect(h.cache.positions()).toHaveLength(1);
    expect(new Set(h.positionEvents.map((e) => e.positionId))).toEqual(new Set(['AUDUSD.SIM-S-001']));
    expect(h.positionEvents.map((e) => e.type)).toEqual(['PositionOpened', 'PositionChanged', 'PositionClosed', 'PositionOpened']);
  });

  it('follows the venue OMS when the strategy is UNSPECIFIED, NETTING when neither says', () => {
    const venueHedging = harness({ venueOms: 'HEDGING' });
    const neither = harness({ venueOms: 'UNSPECIFIED' });
    const strategyWins = harness({ venueOms: 'HEDGING', strategyOms: 'NETTING' });

    expect(venueHedging.engine.omsTypeFor('S-001', 'AUDUSD.SIM')).toBe('HEDGING');
    expect(neither.engine.omsTypeFor('S-001', 'AUDUSD.SIM')).toBe('NETTING');
    expect(strategyWins.engine.omsTypeFor('S-001', 'AUDUSD.SIM')).toBe('NETTING');
  });

  it('never opens a position from a reduce-only fill', () => {
    const h = harness({ strategyOms: 'NETTING' });

    const order = h.trade('SELL', '1000', '1.00000', undefined, { reduceOnly: true });

    expect(order.status).toBe('FILLED');
    expect(h.cache.positions()).toEqual([]);
    expect(h.positionEvents).toEqual([]);
  });

  it('lets a reduce-only fill reduce an open position', () => {
    const h = harness({ strategyOms: 'NETTING' });
    h.trade('BUY', '3000');

    h.trade('SELL', '1000', '1.00000', undefined, { reduceOnly: true });

    expect(h.cache.position('AUDUSD.SIM-S-001')!.quantity.toString()).toBe('2000');
  });

  it('denies a submit with a foreign position id, naming NETTING and the expected id', () => {
    const h = harness({ strategyOms: 'NETTING' });

    const order = h.submit(h.init('BUY', '1000'), 'P-19700101-000000-001-001-9');

    expect(order!.status).toBe('DENIED');
    expect(h.venue.commands).toEqual([]);
    const denied = h.orderEvents.find((e) => e.type === 'OrderDenied');
    expect(denied && 'reason' in denied ? denied.reason : '').toBe(
      "POSITION_ID_INVALID: under NETTING the only position id for AUDUSD.SIM and S-001 is 'AUDUSD.SIM-S-001', received 'P-19700101-000000-001-001-9'",
    );
  });

  it('accepts the NETTING id itself as a position id', () => {
    const h = harness({ strategyOms: 'NETTING' });
    const order = h.submit(h.init('BUY', '1000'), 'AUDUSD.SIM-S-001');
    expect(order!.status).toBe('ACCEPTED');
  });

  it('applies a live OMS change to positions opened afterwards only', () => {
    const h = harness({ strategyOms: 'HEDGING' });
    h.trade('BUY', '1000');

    h.engine.setStrategyOms('S-001', 'NETTING');
    h.trade('BUY', '500');

    expect(h.cache.positions().map((p) => `${p.id} ${p.quantity}`)).toEqual([
      'P-19700101-000000-001-001-1 1000',
      'AUDUSD.SIM-S-001 500',
    ]);
  });
});
