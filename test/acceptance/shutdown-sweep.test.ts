/** A strategy that reacts while the shutdown policy sweeps (re-quotes on every cancel) cannot leave orders behind. */
import { afterEach, describe, expect, it } from 'vitest';
import { Price, Quantity, Strategy, TradingNode } from 'keel';
import type { Events } from 'keel';
import { cleanUp, until, venue } from './variants/support.js';

afterEach(cleanUp);

class Trader extends Strategy<Record<string, never>> {}

class Requoter extends Strategy<Record<string, never>> {
  denied: string[] = [];
  quote(): void {
    this.submitOrder(this.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000'), price: Price.from('0.90000') }));
  }
  override onOrderCanceled(_e: Events.OrderCanceled): void {
    this.quote(); // a market maker puts its quote back when it is cancelled
  }
  override onOrderDenied(e: Events.OrderDenied): void {
    this.denied.push(e.reason);
  }
}

/** A venue with a quote, and a node on it whose shutdown policy is 'cancel'. */
async function cancelPolicyNode() {
  const v = await venue();
  v.controls.setQuote('AUDUSD.SIM', { bid: '1.00000', ask: '1.00010' });
  const n = await TradingNode.create({
    venues: [{ venue: 'SIM', url: v.url, apiKey: 'k', apiSecret: 's' }],
    execEngine: { inflightCheckIntervalMs: 0, reconciliationStartupDelaySecs: 0 },
    persistence: { kind: 'memory' }, shutdownPolicy: 'cancel',
  });
  return { v, n };
}

describe('shutdown sweep', () => {
  it("cancel policy with a strategy that re-quotes on every cancel: nothing is left working at the venue or in keel, the re-quotes are denied NODE_STOPPING", async () => {
    const { v, n } = await cancelPolicyNode();
    const s = n.addStrategy(new Requoter({ orderIdTag: '001' }));
    await n.start();
    for (let i = 0; i < 3; i++) s.quote();
    await until(() => n.cache.orders({ open: true }).length === 3, 5000, 'three quotes working');

    await n.stop();

    const working = [...v.engine.store.orders.values()].filter((o) => o.status === 'ACCEPTED' || o.status === 'PARTIALLY_FILLED');
    expect(working.map((o) => o.clientOrderId)).toEqual([]);
    expect(n.cache.orders({ open: true }).map((o) => o.clientOrderId)).toEqual([]);
    expect(s.denied.length).toBeGreaterThanOrEqual(1);
    expect(new Set(s.denied.map((r) => r.split(':')[0]))).toEqual(new Set(['NODE_STOPPING']));
    await n.dispose();
  });

  it('orders still in flight at the sweep (acks delayed 300 ms) are cancelled once the venue accepts them: nothing left working', async () => {
    const { v, n } = await cancelPolicyNode();
    const s = n.addStrategy(new Trader({ orderIdTag: '001' }));
    await n.start();
    v.controls.fault({ kind: 'delay', ms: 300 });
    const orders = [0, 1].map(() => s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000'), price: Price.from('0.90000') }));
    for (const o of orders) s.submitOrder(o);
    await until(() => orders.every((o) => o.status === 'SUBMITTED'), 5000, 'both in flight');

    await n.stop();

    const working = [...v.engine.store.orders.values()].filter((o) => o.status === 'ACCEPTED' || o.status === 'PARTIALLY_FILLED');
    expect(working.map((o) => o.clientOrderId)).toEqual([]);
    expect(orders.map((o) => o.status)).toEqual(['CANCELED', 'CANCELED']);
    await n.dispose();
  });
});
