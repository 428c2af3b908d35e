/** GTD expiry (§7), market data reaching strategy hooks, runtime venue reports (§4), restarts (§2), public API only. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Quantity, Strategy } from 'keel';
import type { Bar, QuoteTick, TradeTick } from 'keel';
import { cleanUp, node, nowNs, until, venue } from './support.js';

afterEach(cleanUp);

class Trader extends Strategy<Record<string, never>> {}

describe('GTD expiry (manageGtdExpiry)', () => {
  it('a GTD LIMIT gets timer GTD-EXPIRY:{id}; at expiry the strategy cancels it and the timer is gone', async () => {
    const v = await venue();
    v.controls.setQuote('AUDUSD.SIM', { bid: '1.00000', ask: '1.00010' });
    const n = await node(v);
    const s = n.addStrategy(new Trader({ orderIdTag: '001', manageGtdExpiry: true }));
    await n.start();
    const o = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '100', price: '0.99000', timeInForce: 'GTD', expireTime: nowNs() + 400_000_000n });
    s.submitOrder(o);
    expect(s.clock.timerNames()).toContain(`GTD-EXPIRY:${o.clientOrderId}`);
    // The sandbox venue also expires GTD orders itself: whichever comes first closes the order.
    await until(() => o.isClosed, 8000, `closed at expiry (status ${o.status})`);
    expect(['CANCELED', 'EXPIRED']).toContain(o.status);
    expect(s.clock.timerNames()).not.toContain(`GTD-EXPIRY:${o.clientOrderId}`);
  });

  it('cancelling the GTD order first removes its timer; a GTD order that fills at once leaves no timer', async () => {
    const v = await venue();
    v.controls.setQuote('AUDUSD.SIM', { bid: '1.00000', ask: '1.00010' });
    const n = await node(v);
    const s = n.addStrategy(new Trader({ orderIdTag: '001', manageGtdExpiry: true }));
    await n.start();
    const far = nowNs() + 3_600_000_000_000n;
    const resting = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '100', price: '0.99000', timeInForce: 'GTD', expireTime: far });
    const crossing = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '100', price: '1.00100', timeInForce: 'GTD', expireTime: far });
    s.submitOrder(resting);
    s.submitOrder(crossing);
    await until(() => resting.status === 'ACCEPTED' && crossing.status === 'FILLED', 5000, 'one resting, one filled');
    s.cancelOrder(resting);
    await until(() => resting.status === 'CANCELED', 5000, 'cancelled');
    expect(s.clock.timerNames().filter((t) => t.startsWith('GTD-EXPIRY:'))).toEqual([]);
  });

  it('without manageGtdExpiry no timer is set', async () => {
    const v = await venue();
    const n = await node(v);
    const s = n.addStrategy(new Trader({ orderIdTag: '001' }));
    await n.start();
    s.submitOrder(s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '100', price: '0.99000', timeInForce: 'GTD', expireTime: nowNs() + 3_600_000_000_000n }));
    expect(s.clock.timerNames().filter((t) => t.startsWith('GTD-EXPIRY:'))).toEqual([]);
  });
});

describe('market data reaches the strategy hooks', () => {
  it('setQuote → onQuote with the instrument, bid and ask', async () => {
    const seen: QuoteTick[] = [];
    class Q extends Strategy<Record<string, never>> {
      override onStart(): void { this.subscribeQuotes('GBPUSD.SIM'); }
      override onQuote(q: QuoteTick): void { seen.push(q); }
    }
    const v = await venue();
    const n = await node(v);
    n.addStrategy(new Q({ orderIdTag: '001' }));
    await n.start();
    await until(() => { v.controls.setQuote('GBPUSD.SIM', { bid: '1.25000', ask: '1.25020' }); return seen.length > 0; }, 5000, 'a quote');
    expect([seen[0]!.instrumentId, seen[0]!.bid.toString(), seen[0]!.ask.toString()]).toEqual(['GBPUSD.SIM', '1.25000', '1.25020']);
  });

  it('a strategy subscribing after reconciliation already subscribed the node gets the latest quote, after onStart, with no new quote', async () => {
    const calls: string[] = [];
    const seen: QuoteTick[] = [];
    class Q extends Strategy<Record<string, never>> {
      override onStart(): void { this.subscribeQuotes('AUDUSD.SIM'); calls.push('onStart returned'); }
      override onQuote(q: QuoteTick): void { seen.push(q); calls.push('onQuote'); }
    }
    const v = await venue();
    v.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    // A venue position on AUDUSD: start-up reconciliation subscribes the node to its quotes (and gets the snapshot).
    v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'LONG', quantity: '100', avgPxOpen: '1.00000' });
    const n = await node(v);
    n.addStrategy(new Q({ orderIdTag: '001' }));
    await n.start();
    await until(() => seen.length > 0, 3000, 'the latest quote handed to the strategy');
    expect([seen[0]!.instrumentId, seen[0]!.bid.toString(), seen[0]!.ask.toString()]).toEqual(['AUDUSD.SIM', '0.99990', '1.00010']);
    expect(calls).toEqual(['onStart returned', 'onQuote']);
  });

  it('a replayed BTC feed reaches onQuote, onTrade and onBar', async () => {
    const counts = { quotes: 0, trades: 0, bars: 0 };
    let bar: Bar | undefined;
    let trade: TradeTick | undefined;
    class D extends Strategy<Record<string, never>> {
      override onStart(): void {
        this.subscribeQuotes('BTCUSDT-PERP.SIM');
        this.subscribeTrades('BTCUSDT-PERP.SIM');
        this.subscribeBars('BTCUSDT-PERP.SIM-1-MINUTE-LAST');
      }
      override onQuote(): void { counts.quotes++; }
      override onTrade(t: TradeTick): void { counts.trades++; trade = t; }
      override onBar(b: Bar): void { counts.bars++; bar = b; }
    }
    const v = await venue({ instruments: ['BTCUSDT-PERP.SIM'], feed: { kind: 'replay', source: 'btc-perp-1m', instrumentId: 'BTCUSDT-PERP.SIM', speed: 600 } });
    const n = await node(v);
    n.addStrategy(new D({ orderIdTag: '001' }));
    await n.start();
    await until(() => counts.quotes > 0 && counts.trades > 0 && counts.bars > 0, 15_000, `quotes, trades and bars (${JSON.stringify(counts)})`);
    expect(bar!.barType).toBe('BTCUSDT-PERP.SIM-1-MINUTE-LAST');
    expect(trade!.instrumentId).toBe('BTCUSDT-PERP.SIM');
  });
});

describe('runtime venue reports', () => {
  it('an order placed by hand on a claimed instrument while the node runs is adopted by the claiming strategy', async () => {
    const v = await venue();
    const n = await node(v);
    const s = n.addStrategy(new Trader({ orderIdTag: '001', externalOrderClaims: ['AUDUSD.SIM'] }));
    await n.start();
    v.controls.placeExternalOrder({ clientOrderId: 'HAND-1', instrumentId: 'AUDUSD.SIM', side: 'SELL', type: 'LIMIT', quantity: '300', price: '1.10000' });
    await until(() => n.cache.order('HAND-1') !== undefined, 5000, 'external order cached');
    expect([n.cache.order('HAND-1')!.strategyId, n.cache.order('HAND-1')!.status]).toEqual([s.id, 'ACCEPTED']);
  });

  it('an external MARKET order that fills at once (fill for an unknown venue order) → cached as FILLED, position EXTERNAL', async () => {
    const v = await venue();
    v.controls.setQuote('USDJPY.SIM', { bid: '80.000', ask: '80.010' });
    const n = await node(v);
    await n.start();
    v.controls.placeExternalOrder({ clientOrderId: 'HAND-2', instrumentId: 'USDJPY.SIM', side: 'BUY', type: 'MARKET', quantity: '1000' });
    await until(() => n.cache.order('HAND-2')?.status === 'FILLED', 5000, 'external fill applied');
    const o = n.cache.order('HAND-2')!;
    expect([o.strategyId, o.filledQty.toString(), o.events.filter((e) => e.type === 'OrderFilled').length]).toEqual(['EXTERNAL', '1000', 1]);
    expect(n.cache.positions({ open: true }).map((p) => [p.instrumentId, p.signedQty.toString()])).toEqual([['USDJPY.SIM', '1000']]);
  });
});

describe('restart with a journal', () => {
  it('client order ids continue from the orders the strategy already has; nothing is duplicated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-variants-'));
    try {
      const v = await venue();
      const n1 = await node(v, {}, { persistence: { kind: 'journal', dir }, shutdownPolicy: 'leave' });
      const s1 = n1.addStrategy(new Trader({ orderIdTag: '001' }));
      await n1.start();
      const a = s1.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '100', price: '0.99000' });
      const b = s1.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '100', price: '0.99000' });
      s1.submitOrder(a);
      s1.submitOrder(b);
      await until(() => a.status === 'ACCEPTED' && b.status === 'ACCEPTED', 5000, 'accepted');
      await n1.stop();
      await n1.dispose();

      const n2 = await node(v, {}, { persistence: { kind: 'journal', dir }, shutdownPolicy: 'leave' });
      const s2 = n2.addStrategy(new Trader({ orderIdTag: '001' }));
      await n2.start();
      expect(n2.cache.orders().map((o) => [o.clientOrderId, o.status, o.strategyId])).toEqual([
        [a.clientOrderId, 'ACCEPTED', s2.id], [b.clientOrderId, 'ACCEPTED', s2.id],
      ]);
      const c = s2.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '100', price: '0.99000' });
      expect(c.clientOrderId.endsWith('-001-001-3')).toBe(true);
      await n2.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on restart an open GTD order gets its timer back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-variants-'));
    try {
      const v = await venue();
      const n1 = await node(v, {}, { persistence: { kind: 'journal', dir }, shutdownPolicy: 'leave' });
      const s1 = n1.addStrategy(new Trader({ orderIdTag: '001', manageGtdExpiry: true }));
      await n1.start();
      const o = s1.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '100', price: '0.99000', timeInForce: 'GTD', expireTime: nowNs() + 3_600_000_000_000n });
      s1.submitOrder(o);
      await until(() => o.status === 'ACCEPTED', 5000, 'accepted');
      await n1.stop();
      await n1.dispose();
      const n2 = await node(v, {}, { persistence: { kind: 'journal', dir }, shutdownPolicy: 'leave' });
      const s2 = n2.addStrategy(new Trader({ orderIdTag: '001', manageGtdExpiry: true }));
      await n2.start();
      expect(s2.clock.timerNames()).toContain(`GTD-EXPIRY:${o.clientOrderId}`);
      await n2.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('shutdown policy', () => {
  it("'flatten': stopping the node cancels working orders and closes positions", async () => {
    const v = await venue();
    v.controls.setQuote('AUDUSD.SIM', { bid: '1.00000', ask: '1.00010' });
    const n = await node(v, {}, { shutdownPolicy: 'flatten' });
    const s = n.addStrategy(new Trader({ orderIdTag: '001' }));
    await n.start();
    const working = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '100', price: '0.99000' });
    s.submitOrder(working);
    s.submitOrder(s.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('70') }));
    await until(() => working.status === 'ACCEPTED' && n.cache.positions({ open: true }).length === 1, 5000, 'working + position');
    await n.stop();
    expect([working.status, n.cache.positions({ open: true }).length]).toEqual(['CANCELED', 0]);
  });
});
