/** Variations of spec §4 "Positions" (scenarios 13-17 with other numbers), public API only. */
import { afterEach, describe, expect, it } from 'vitest';
import { Quantity, Strategy } from 'keel';
import type { TradingNode } from 'keel';
import { cleanUp, node, until, venue } from './support.js';

afterEach(cleanUp);

class Trader extends Strategy<Record<string, never>> {}

const openSum = (n: TradingNode, instrumentId = 'AUDUSD.SIM') =>
  n.cache.positions({ open: true }).filter((p) => p.instrumentId === instrumentId).reduce((a, p) => a + Number(p.signedQty.toString()), 0);

/** Our position: a strategy trades `side qty` at the venue's quote (the venue then holds the same position). */
async function ourPosition(side: 'BUY' | 'SELL', qty: number) {
  const v = await venue();
  v.controls.setQuote('AUDUSD.SIM', { bid: '1.00000', ask: '1.00010' });
  const n = await node(v);
  const s = n.addStrategy(new Trader({ orderIdTag: '001' }));
  await n.start();
  s.submitOrder(s.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side, quantity: Quantity.from(String(qty)) }));
  await until(() => n.cache.positions({ open: true }).length === 1, 5000, 'our position');
  return { v, n, s };
}

describe('scenario 13 rows with other quantities (runtime reconcile after the venue position changes)', () => {
  const rows = [
    { ours: ['BUY', 300], venue: ['LONG', '420'], want: [['BUY', '120']], venueSigned: 420 },
    { ours: ['BUY', 420], venue: ['LONG', '300'], want: [['SELL', '120']], venueSigned: 300 },
    { ours: ['SELL', 70], venue: ['SHORT', '95'], want: [['SELL', '25']], venueSigned: -95 },
    { ours: ['SELL', 95], venue: ['SHORT', '70'], want: [['BUY', '25']], venueSigned: -70 },
    { ours: ['BUY', 60], venue: ['FLAT', '0'], want: [['SELL', '60']], venueSigned: 0 },
    { ours: ['SELL', 60], venue: ['FLAT', '0'], want: [['BUY', '60']], venueSigned: 0 },
  ] as const;
  for (const r of rows) {
    it(`ours ${r.ours.join(' ')} vs venue ${r.venue.join(' ')} → one synthetic FILLED ${r.want[0]!.join(' ')}`, async () => {
      const { v, n } = await ourPosition(r.ours[0], r.ours[1]);
      const before = new Set(n.cache.orders().map((o) => o.clientOrderId));
      v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: r.venue[0], quantity: r.venue[1] });
      const result = await n.reconcile();
      const made = n.cache.orders().filter((o) => !before.has(o.clientOrderId));
      expect(result.success).toBe(true);
      expect(made.map((o) => [o.side, o.quantity.toString(), o.status])).toEqual(r.want.map((w) => [...w, 'FILLED']));
      expect(openSum(n)).toBe(r.venueSigned);
    });
  }

  it('flip: ours LONG 80 vs venue SHORT 30 → two SELL orders: close 80, open 30', async () => {
    const { v, n } = await ourPosition('BUY', 80);
    const before = new Set(n.cache.orders().map((o) => o.clientOrderId));
    v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'SHORT', quantity: '30', avgPxOpen: '1.00030' });
    const result = await n.reconcile();
    const made = n.cache.orders().filter((o) => !before.has(o.clientOrderId));
    expect(result.success).toBe(true);
    expect(made.map((o) => [o.side, o.quantity.toString(), o.status])).toEqual([['SELL', '80', 'FILLED'], ['SELL', '30', 'FILLED']]);
    expect(openSum(n)).toBe(-30);
  });

  it('flip: ours SHORT 50 vs venue LONG 20 → two BUY orders: close 50, open 20', async () => {
    const { v, n } = await ourPosition('SELL', 50);
    const before = new Set(n.cache.orders().map((o) => o.clientOrderId));
    v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'LONG', quantity: '20', avgPxOpen: '0.99980' });
    await n.reconcile();
    const made = n.cache.orders().filter((o) => !before.has(o.clientOrderId));
    expect(made.map((o) => [o.side, o.quantity.toString()])).toEqual([['BUY', '50'], ['BUY', '20']]);
    expect(openSum(n)).toBe(20);
  });

  it('price: ours 100 @1.00010 vs venue 150 @1.00020 → BUY 50 @1.00040 (our average moves to the venue average)', async () => {
    const { v, n } = await ourPosition('BUY', 100);
    const before = new Set(n.cache.orders().map((o) => o.clientOrderId));
    v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'LONG', quantity: '150', avgPxOpen: '1.00020' });
    await n.reconcile();
    const [made] = n.cache.orders().filter((o) => !before.has(o.clientOrderId));
    expect([made!.side, made!.quantity.toString(), made!.avgPx!.toString()]).toEqual(['BUY', '50', '1.00040']);
  });

  it('a second reconcile of the aligned state creates nothing', async () => {
    const { v, n } = await ourPosition('BUY', 100);
    v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'LONG', quantity: '140' });
    await n.reconcile();
    const count = n.cache.orders().length;
    const again = await n.reconcile();
    expect([again.success, n.cache.orders().length, again.counts.syntheticOrders]).toEqual([true, count, 0]);
  });
});

describe('start-up, flat cache (variations of scenarios 14-16)', () => {
  it('venue SHORT 200 @1.00050 → one SELL 200 filled at 1.00050, EXTERNAL, tag RECONCILIATION', async () => {
    const v = await venue();
    v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'SHORT', quantity: '200', avgPxOpen: '1.00050' });
    const n = await node(v);
    await n.start();
    const orders = n.cache.orders();
    expect(orders.map((o) => [o.side, o.quantity.toString(), o.status, o.strategyId, o.tags, o.avgPx?.toString()]))
      .toEqual([['SELL', '200', 'FILLED', 'EXTERNAL', ['RECONCILIATION'], '1.00050']]);
    expect(openSum(n)).toBe(-200);
  });

  it('venue SHORT 100, no average, quote bid 0.99990 / ask 1.00010 → LIMIT SELL 100 @0.99990 (the bid)', async () => {
    const v = await venue();
    v.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'SHORT', quantity: '100' });
    const n = await node(v);
    await n.start();
    const [o] = n.cache.orders();
    expect([o!.type, o!.side, o!.price?.toString(), o!.avgPx?.toString(), o!.status]).toEqual(['LIMIT', 'SELL', '0.99990', '0.99990', 'FILLED']);
  });

  it('venue SHORT 40 on a claimed instrument → the order belongs to the claiming strategy, no tags', async () => {
    const v = await venue();
    v.controls.seedPosition({ instrumentId: 'GBPUSD.SIM', side: 'SHORT', quantity: '40', avgPxOpen: '1.25000' });
    const n = await node(v);
    const s = n.addStrategy(new Trader({ orderIdTag: '002', externalOrderClaims: ['GBPUSD.SIM'] }));
    await n.start();
    const orders = n.cache.orders();
    expect(orders.map((o) => [o.strategyId, o.tags, o.side, o.quantity.toString()])).toEqual([[s.id, [], 'SELL', '40']]);
    expect(n.cache.positions({ open: true }).map((p) => [p.strategyId, p.side])).toEqual([[s.id, 'SHORT']]);
  });

  it('filterPositionReports: venue LONG 100 and SHORT 5 on two instruments → nothing created, success', async () => {
    const v = await venue();
    v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'LONG', quantity: '100', avgPxOpen: '1.00000' });
    v.controls.seedPosition({ instrumentId: 'USDJPY.SIM', side: 'SHORT', quantity: '5', avgPxOpen: '80.000' });
    const n = await node(v, { filterPositionReports: true });
    await n.start();
    expect([n.cache.orders().length, n.cache.positions().length, n.lastReconciliation!.success]).toEqual([0, 0, true]);
  });

  it('HEDGING: a venue position VP-7 LONG 100 we do not have → one order; the venue position id is kept', async () => {
    const v = await venue({ omsType: 'HEDGING' });
    v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'LONG', quantity: '100', avgPxOpen: '1.00000', venuePositionId: 'VP-7' });
    const n = await node(v);
    await n.start();
    expect(n.lastReconciliation!.success).toBe(true);
    expect(n.cache.orders().map((o) => [o.side, o.quantity.toString(), o.status])).toEqual([['BUY', '100', 'FILLED']]);
    expect(n.cache.positions({ open: true }).map((p) => [p.id, p.side, p.quantity.toString()])).toEqual([['VP-7', 'LONG', '100']]);
  });

  it('HEDGING: two venue positions on one instrument → two orders, two positions with the venue ids', async () => {
    const v = await venue({ omsType: 'HEDGING' });
    v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'LONG', quantity: '100', avgPxOpen: '1.00000', venuePositionId: 'VP-1' });
    v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'SHORT', quantity: '30', avgPxOpen: '1.00000', venuePositionId: 'VP-2' });
    const n = await node(v);
    await n.start();
    expect(n.cache.orders().map((o) => [o.side, o.quantity.toString()]).sort()).toEqual([['BUY', '100'], ['SELL', '30']]);
    expect(n.cache.positions({ open: true }).map((p) => [p.id, p.signedQty.toString()]).sort()).toEqual([['VP-1', '100'], ['VP-2', '-30']]);
  });

  it('HEDGING, generateMissingOrders false, a missing venue position → reconciliation fails, strategies do not start', async () => {
    const v = await venue({ omsType: 'HEDGING' });
    v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'SHORT', quantity: '60', avgPxOpen: '1.00000', venuePositionId: 'VP-9' });
    const n = await node(v, { generateMissingOrders: false });
    const s = n.addStrategy(new Trader({ orderIdTag: '003' }));
    await n.start().catch(() => undefined);
    expect(n.lastReconciliation?.success).toBe(false);
    expect(s.state).not.toBe('RUNNING');
    expect(n.cache.orders()).toHaveLength(0);
  });

  it('NETTING, generateMissingOrders false, venue LONG 100 vs flat → reconciliation fails, strategies do not start', async () => {
    const v = await venue();
    v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'LONG', quantity: '100', avgPxOpen: '1.00000' });
    const n = await node(v, { generateMissingOrders: false });
    const s = n.addStrategy(new Trader({ orderIdTag: '004' }));
    await n.start().catch(() => undefined);
    expect(n.lastReconciliation?.success).toBe(false);
    expect(s.state).not.toBe('RUNNING');
  });

  it('HEDGING, venue flat and nothing cached → success, nothing created', async () => {
    const v = await venue({ omsType: 'HEDGING' });
    const n = await node(v, { generateMissingOrders: false });
    const s = n.addStrategy(new Trader({ orderIdTag: '005' }));
    await n.start();
    expect([n.lastReconciliation!.success, n.cache.orders().length, s.state]).toEqual([true, 0, 'RUNNING']);
  });
});
