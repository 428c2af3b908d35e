import { describe, expect, it } from 'vitest';
import { Money, Price, Quantity } from '../../../src/engine/index.js';
import { buildPriceChart, type MarketDataReader } from '../../../src/kernel/display/chart/build-chart.js';
import { buildEquityCurve, realizedPnlFromFills, realizedPnlSeries } from '../../../src/kernel/display/chart/build-equity.js';
import { order } from './fixtures.js';

const MS = 1_000_000n; // ns per ms
const t = (ms: number): bigint => BigInt(ms) * MS;

function filled(id: string, side: 'BUY' | 'SELL', fills: [number, string, string][], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return order({
    clientOrderId: id, side, type: 'MARKET', price: undefined, status: 'FILLED', isOpen: false, tsInit: t(fills[0]![0] - 1),
    instrumentId: 'BTCUSDT-PERP.SIM',
    events: [
      { type: 'OrderInitialized', tsEvent: t(fills[0]![0] - 1) },
      ...fills.map(([ms, qty, px]) => ({ type: 'OrderFilled', tsEvent: t(ms), lastQty: Quantity.from(qty), lastPx: Price.from(px), commission: Money.from('0.5', 'USDT') })),
    ],
    ...extra,
  });
}

const market: MarketDataReader = {
  bars: () => [1000, 2000, 3000, 4000].map((ts, i) => ({ ts, open: 100 + i, high: 102 + i, low: 99 + i, close: 101 + i })),
  quotes: () => [{ ts: 1500, bid: 100, ask: 101 }],
};

describe('price chart model', () => {
  it('marks each fill at its price and time by side, and the position as a signed step series', () => {
    const orders = [filled('O-1', 'BUY', [[1100, '0.5', '101.5'], [1200, '0.25', '101.7']]), filled('O-2', 'SELL', [[3100, '1', '103.2']])];
    const chart = buildPriceChart({ orders: () => orders, market }, 'BTCUSDT-PERP.SIM');
    expect(chart.price).toEqual({ kind: 'bars', bars: market.bars('x') });
    expect(chart.fills).toEqual([
      { ts: 1100, price: 101.5, qty: 0.5, side: 'BUY', clientOrderId: 'O-1' },
      { ts: 1200, price: 101.7, qty: 0.25, side: 'BUY', clientOrderId: 'O-1' },
      { ts: 3100, price: 103.2, qty: 1, side: 'SELL', clientOrderId: 'O-2' },
    ]);
    expect(chart.position).toEqual([{ ts: 1100, qty: 0 }, { ts: 1100, qty: 0.5 }, { ts: 1200, qty: 0.75 }, { ts: 3100, qty: -0.25 }]);
    expect(chart.orders).toEqual([]); // market orders have no price to mark
    expect(chart.approximateFills).toBe(0);
  });

  it('marks submitted and canceled orders distinctly and draws working bracket SL/TP levels to the chart end', () => {
    const orders = [
      order({ clientOrderId: 'L-1', instrumentId: 'BTCUSDT-PERP.SIM', price: Price.from('98.5'), status: 'ACCEPTED', tsInit: t(1500) }),
      order({ clientOrderId: 'L-2', instrumentId: 'BTCUSDT-PERP.SIM', side: 'SELL', price: Price.from('105'), status: 'CANCELED', isOpen: false, tsInit: t(1600) }),
      order({ clientOrderId: 'SL-1', instrumentId: 'BTCUSDT-PERP.SIM', side: 'SELL', type: 'STOP_MARKET', price: undefined, triggerPrice: Price.from('97'), orderListId: 'OL-1', parentOrderId: 'E-1', status: 'ACCEPTED', isOpen: true, tsInit: t(2100) }),
      order({ clientOrderId: 'TP-1', instrumentId: 'BTCUSDT-PERP.SIM', side: 'SELL', type: 'LIMIT', price: Price.from('110'), orderListId: 'OL-1', parentOrderId: 'E-1', status: 'ACCEPTED', isOpen: true, tsInit: t(2100) }),
      // A bracket child no longer working draws no level.
      order({ clientOrderId: 'TP-0', instrumentId: 'BTCUSDT-PERP.SIM', side: 'SELL', type: 'LIMIT', price: Price.from('111'), orderListId: 'OL-0', parentOrderId: 'E-0', status: 'CANCELED', isOpen: false, tsInit: t(1100) }),
    ];
    const chart = buildPriceChart({ orders: () => orders, market }, 'BTCUSDT-PERP.SIM');
    expect(chart.orders.map((m) => [m.clientOrderId, m.price, m.state])).toEqual([
      ['TP-0', 111, 'canceled'], ['L-1', 98.5, 'submitted'], ['L-2', 105, 'canceled'], ['SL-1', 97, 'submitted'], ['TP-1', 110, 'submitted'],
    ]);
    expect(chart.levels).toEqual([
      { kind: 'stop-loss', price: 97, fromTs: 2100, toTs: 4000, clientOrderId: 'SL-1' },
      { kind: 'take-profit', price: 110, fromTs: 2100, toTs: 4000, clientOrderId: 'TP-1' },
    ]);
  });

  it('uses quotes when asked or when no bars were seen, keeps the latest maxPoints, and charts no market data as none', () => {
    expect(buildPriceChart({ orders: () => [], market }, 'X', { data: 'quotes' }).price).toEqual({ kind: 'quotes', quotes: [{ ts: 1500, bid: 100, ask: 101 }] });
    expect(buildPriceChart({ orders: () => [], market: { bars: () => [], quotes: market.quotes } }, 'X').price.kind).toBe('quotes');
    const last2 = buildPriceChart({ orders: () => [], market }, 'X', { maxPoints: 2 }).price;
    expect(last2.kind === 'bars' ? last2.bars.map((b) => b.ts) : []).toEqual([3000, 4000]);
    expect(buildPriceChart({ orders: () => [] }, 'X').price).toEqual({ kind: 'none' });
  });

  it('draws a mirror record (no events) at its average price and creation time, counted as approximate', () => {
    const mirror = { ...order({ instrumentId: 'X', status: 'FILLED', isOpen: false, filledQty: '2', avgPx: '100.25', tsInit: '3000000000' }) } as Record<string, unknown>;
    delete mirror['events'];
    const chart = buildPriceChart({ orders: () => [mirror] }, 'X');
    expect(chart.fills).toEqual([{ ts: 3000, price: 100.25, qty: 2, side: 'BUY', clientOrderId: 'O-001' }]);
    expect(chart.approximateFills).toBe(1);
  });
});

describe('equity curve', () => {
  it('derives realized PnL over time from fills: average cost, net of commissions', () => {
    const orders = [
      filled('O-1', 'BUY', [[1000, '1', '100'], [2000, '1', '102']]), // long 2 @ 101, commissions 1
      filled('O-2', 'SELL', [[3000, '3', '104']]), // closes 2 at +3 each = +6, flips short 1 @ 104, commission 0.5
      filled('O-3', 'BUY', [[4000, '1', '103']]), // closes the short at +1, commission 0.5
    ];
    expect(realizedPnlSeries(orders)).toEqual([
      { ts: 1000, value: 0 }, { ts: 1000, value: -0.5 }, { ts: 2000, value: -1 }, { ts: 3000, value: 4.5 }, { ts: 4000, value: 5 },
    ]);
    const curve = buildEquityCurve(realizedPnlFromFills(() => orders), 3);
    expect(curve).toEqual({ kind: 'EquityCurve', label: 'realized PnL (from fills)', points: [{ ts: 2000, value: -1 }, { ts: 3000, value: 4.5 }, { ts: 4000, value: 5 }] });
  });

  it('takes any provider (a portfolio replaces the default)', () => {
    const curve = buildEquityCurve({ label: 'equity USDT', points: () => [{ ts: 1, value: 1000 }, { ts: 2, value: 1010 }] });
    expect(curve.label).toBe('equity USDT');
    expect(curve.points).toEqual([{ ts: 1, value: 1000 }, { ts: 2, value: 1010 }]);
  });
});
