import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup, createNode, startVenue, until } from '../node/harness.js';
import type { Bar } from '../../../src/engine/model/market-data.js';
import { EmaCrossBracket } from '../../../src/engine/strategy/examples/ema-cross-bracket.js';

class CountingEma extends EmaCrossBracket {
  bars = 0;
  override onBar(bar: Bar): void {
    this.bars += 1;
    super.onBar(bar);
  }
}

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('EmaCrossBracket over replayed BTCUSDT-PERP bars (sandbox venue, managed brackets)', () => {
  it('trades brackets over 3,000 bars and every order ends consistent', async () => {
    const venue = await startVenue({
      instruments: ['BTCUSDT-PERP.SIM'],
      accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USDT: '100000000' } }],
      feed: { kind: 'replay', source: 'btc-perp-1m', instrumentId: 'BTCUSDT-PERP.SIM', speed: 60 * 1500, loop: false },
    });
    cleanup.add(() => venue.stop());
    const { node } = await createNode(venue);
    cleanup.add(() => node.dispose());
    const s = node.addStrategy(new CountingEma({ manageContingentOrders: true, params: { fastPeriod: 5, slowPeriod: 15, slDistance: '50.0', tpDistance: '50.0' } }));
    await node.start();
    await until(() => s.bars >= 3000, 20_000, '3000 bars');
    s.stop();
    await until(() => node.cache.orders({ strategyId: s.id }).every((o) => !o.isInflight), 5000, 'nothing in flight');

    const orders = node.cache.orders({ strategyId: s.id });
    const lists = new Set(orders.map((o) => o.orderListId));
    const inconsistent: string[] = [];
    for (const id of lists) {
      const [entry, sl, tp] = node.cache.orderList(id!)!.orders;
      if (entry!.status !== 'FILLED') inconsistent.push(`${id}: entry ${entry!.status}`);
      if (sl!.status === 'FILLED' && tp!.status === 'FILLED') inconsistent.push(`${id}: both children filled`);
      if (sl!.isClosed !== tp!.isClosed) inconsistent.push(`${id}: one child closed, the other ${sl!.isClosed ? tp!.status : sl!.status}`);
      if (!sl!.filledQty.add(tp!.filledQty).lte(entry!.filledQty)) inconsistent.push(`${id}: children filled more than the entry`);
    }
    const open = node.cache.positions({ strategyId: s.id, open: true });
    const working = orders.filter((o) => o.isOpen);
    const result = await node.reconcile();
    // The replay emits every bar due per timer tick: on a loaded machine bars come in bursts during which
    // a bracket is still in flight and crossings are skipped, so the count varies (about 35 when idle; 2-4 seen under load).
    expect(s.entries).toBeGreaterThanOrEqual(2);
    expect(inconsistent).toEqual([]);
    // Flat ⇔ no working children; in a position ⇔ exactly its two protective orders working.
    expect(working.length).toBe(open.length === 0 ? 0 : 2);
    expect([s.handlerErrors, result.success], JSON.stringify(result.items.filter((i) => i.outcome === "FAILED"), (_k, v) => (typeof v === "bigint" ? String(v) : v)).slice(0, 3000)).toEqual([0, true]);
  }, 30_000);
});
