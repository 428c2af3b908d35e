/**
 * Charts of a node over a real MessageBus: the market-data history records bars and quotes (bounded),
 * chart()/equity() read it with the cache's orders, and live.chart() redraws on the instrument's data and
 * order events, throttled to one push a second by default.
 */
import { describe, expect, it } from 'vitest';
import { MessageBus, topics } from '../../../src/engine/bus/index.js';
import { Price, Quantity } from '../../../src/engine/index.js';
import type { DisplayOptions, Schedule } from '../../../src/kernel/display/index.js';
import { createLive, MarketHistory, Ring, type LiveNode } from '../../../src/kernel/live/index.js';

const MS = 1_000_000n;
const bar = (i: number, close: string) => ({ barType: 'BTC.SIM-1-MINUTE-LAST', instrumentId: 'BTC.SIM', open: Price.from('100'), high: Price.from('110'), low: Price.from('90'), close: Price.from(close), volume: Quantity.from('1'), tsEvent: BigInt(i * 60_000) * MS, tsInit: 0n });
const quote = (ms: number, bid: string, ask: string) => ({ instrumentId: 'BTC.SIM', bid: Price.from(bid), ask: Price.from(ask), bidSize: Quantity.from('1'), askSize: Quantity.from('1'), tsEvent: BigInt(ms) * MS, tsInit: 0n });

function setup() {
  const bus = new MessageBus();
  const orders: Record<string, unknown>[] = [];
  const node: LiveNode = {
    bus,
    cache: { orders: (f) => orders.filter((o) => f?.instrumentId === undefined || o['instrumentId'] === f.instrumentId), positions: () => [] },
    orderTree: () => ({ kind: 'ContingentOrderTree', roots: [] }) as never,
    lastReconciliation: undefined,
    configChanges: [],
  };
  const pushes: { value: unknown; options: DisplayOptions }[] = [];
  let timers: (() => void)[] = [];
  const schedule: Schedule = (fn) => { timers.push(fn); return () => { timers = timers.filter((t) => t !== fn); }; };
  const fire = () => { const due = timers; timers = []; for (const t of due) t(); };
  const live = createLive(node, { schedule, display: (value, options) => pushes.push({ value, options }) });
  return { bus, orders, live, pushes, fire };
}

const fill = (id: string, side: string, ms: number, px: string) => ({
  kind: 'Order', clientOrderId: id, instrumentId: 'BTC.SIM', side, type: 'MARKET', status: 'FILLED', isOpen: false, tsInit: BigInt(ms) * MS,
  events: [{ type: 'OrderFilled', tsEvent: BigInt(ms) * MS, lastQty: Quantity.from('1'), lastPx: Price.from(px), commission: undefined }],
});

describe('charts of a node', () => {
  it('a ring keeps the latest capacity items, oldest first', () => {
    const r = new Ring<number>(3);
    for (let i = 1; i <= 5; i++) r.push(i);
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(r.last()).toBe(5);
  });

  it('the history records bars and quotes from the bus, bounded, with quotes thinned to one per spacing', () => {
    const bus = new MessageBus();
    const h = new MarketHistory(bus, { barCapacity: 2, quoteSpacingMs: 250 });
    for (let i = 0; i < 4; i++) bus.publish(topics.bars('BTC.SIM-1-MINUTE-LAST'), bar(i, `${100 + i}`));
    expect(h.bars('BTC.SIM')).toEqual([{ ts: 120_000, open: 100, high: 110, low: 90, close: 102 }, { ts: 180_000, open: 100, high: 110, low: 90, close: 103 }]);
    for (const [ms, bid] of [[0, '1'], [100, '2'], [200, '3'], [300, '4']] as const) bus.publish(topics.quotes('BTC.SIM'), quote(ms, bid, '5'));
    expect(h.quotes('BTC.SIM')).toEqual([{ ts: 200, bid: 3, ask: 5 }, { ts: 300, bid: 4, ask: 5 }]);
    h.stop();
    bus.publish(topics.quotes('BTC.SIM'), quote(900, '9', '10'));
    expect(h.quotes('BTC.SIM')).toHaveLength(2);
  });

  it('chart() draws the recorded bars with the cache fills; equity() is realized PnL from fills', () => {
    const { bus, orders, live } = setup();
    bus.publish(topics.bars('BTC.SIM-1-MINUTE-LAST'), bar(1, '101'));
    orders.push(fill('O-1', 'BUY', 60_000, '100'), fill('O-2', 'SELL', 120_000, '103'));
    const c = live.charts.chart('BTC.SIM');
    expect(c.price).toEqual({ kind: 'bars', bars: [{ ts: 60_000, open: 100, high: 110, low: 90, close: 101 }] });
    expect(c.fills.map((f) => [f.clientOrderId, f.side, f.price])).toEqual([['O-1', 'BUY', 100], ['O-2', 'SELL', 103]]);
    expect(live.charts.equity().points).toEqual([{ ts: 60_000, value: 0 }, { ts: 60_000, value: 0 }, { ts: 120_000, value: 3 }]);
    live.charts.setEquityProvider({ label: 'equity USDT', points: () => [{ ts: 1, value: 7 }] });
    expect(live.charts.equity()).toEqual({ kind: 'EquityCurve', label: 'equity USDT', points: [{ ts: 1, value: 7 }] });
  });

  it('live.chart(id) shows at once, redraws on its instrument\'s bars and order events (coalesced), not on another instrument\'s', () => {
    const { bus, orders, live, pushes, fire } = setup();
    const v = live.chart('BTC.SIM');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.options.update).toBe(false);
    bus.publish(topics.bars('ETH.SIM-1-MINUTE-LAST'), { ...bar(1, '5'), instrumentId: 'ETH.SIM', barType: 'ETH.SIM-1-MINUTE-LAST' });
    fire();
    expect(pushes).toHaveLength(1);
    bus.publish(topics.bars('BTC.SIM-1-MINUTE-LAST'), bar(1, '101')); // leading push
    expect(pushes).toHaveLength(2);
    orders.push(fill('O-1', 'BUY', 60_000, '100'));
    bus.publish(topics.orderEvents('S-1'), {});
    bus.publish(topics.orderEvents('S-1'), {});
    fire(); // one trailing push for both order events
    expect(pushes).toHaveLength(3);
    const shown = pushes[2]!.value as { kind: string; fills: unknown[]; price: { kind: string } };
    expect([shown.kind, shown.fills.length, shown.price.kind, pushes[2]!.options.update]).toEqual(['PriceChart', 1, 'bars', true]);
    v.stop();
    expect(live.equity().pushes).toBe(1);
  });
});
