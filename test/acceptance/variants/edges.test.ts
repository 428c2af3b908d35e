/** Edges of §1/§4: overfills, lookback, never-dropped RECONCILIATION orders, timeouts, venue restart. Public API only. */
import { afterEach, describe, expect, it } from 'vitest';
import { Strategy } from 'keel';
import { cleanUp, node, nowNs, until, venue } from './support.js';

afterEach(cleanUp);

class Trader extends Strategy<Record<string, never>> {}

describe('allowOverfills (variation of scenario 11)', () => {
  const seedOverfilled = (v: Awaited<ReturnType<typeof venue>>) => v.controls.seedOrder({
    instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-OF', clientOrderId: 'C-OF', side: 'SELL', type: 'LIMIT', quantity: '100', price: '1.00000',
    status: 'FILLED', fills: [{ tradeId: 'T-1', quantity: '70', price: '1.00000' }, { tradeId: 'T-2', quantity: '50', price: '1.00000' }],
  });

  // §1 read literally: only the fill that would overfill is refused (and logged); T-1 is applied, the run
  // succeeds and strategies start.
  it('false: T-1 (70) is applied, T-2 (50, to 120 of 100) is refused as OVERFILL_REFUSED; reconciliation succeeds and the strategy runs', async () => {
    const v = await venue();
    seedOverfilled(v);
    const n = await node(v, { allowOverfills: false });
    const s = n.addStrategy(new Trader({}));
    await n.start();
    const o = n.cache.order('C-OF')!;
    expect([o.filledQty.toString(), o.fills.map((f) => f.tradeId)]).toEqual(['70', ['T-1']]);
    const result = n.lastReconciliation!;
    expect(result.success).toBe(true);
    expect(result.items.find((i) => i.kind === 'fill' && i.key === 'T-2')).toMatchObject({ outcome: 'SKIPPED', rule: 'OVERFILL_REFUSED' });
    expect(result.items.filter((i) => i.rule === 'OVERFILL_REFUSED').every((i) => i.clientOrderId === 'C-OF')).toBe(true);
    expect(s.state).toBe('RUNNING');
  });

  it('true: the overfill is applied, filled 120', async () => {
    const v = await venue();
    seedOverfilled(v);
    const n = await node(v, { allowOverfills: true });
    await n.start();
    const o = n.cache.order('C-OF')!;
    expect([n.lastReconciliation!.success, o.filledQty.toString(), o.fills.map((f) => f.tradeId)]).toEqual([true, '120', ['T-1', 'T-2']]);
  });
});

describe('reconciliationLookbackMins', () => {
  it('N=5: a CANCELED order last touched two hours ago is not asked for; one touched now is', async () => {
    const v = await venue();
    const old = nowNs() - 2n * 3600n * 1_000_000_000n;
    v.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'OLD', clientOrderId: 'C-OLD', side: 'BUY', type: 'LIMIT', quantity: '10', price: '1.00000', status: 'CANCELED', tsAccepted: old, tsLast: old });
    v.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'NEW', clientOrderId: 'C-NEW', side: 'BUY', type: 'LIMIT', quantity: '10', price: '1.00000', status: 'CANCELED' });
    const n = await node(v, { reconciliationLookbackMins: 5 });
    await n.start();
    expect(n.cache.orders().map((o) => o.clientOrderId)).toEqual(['C-NEW']);
  });

  it('null: everything the venue keeps', async () => {
    const v = await venue();
    const old = nowNs() - 2n * 3600n * 1_000_000_000n;
    v.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'OLD', clientOrderId: 'C-OLD', side: 'BUY', type: 'LIMIT', quantity: '10', price: '1.00000', status: 'CANCELED', tsAccepted: old, tsLast: old });
    const n = await node(v, { reconciliationLookbackMins: null });
    await n.start();
    expect(n.cache.orders().map((o) => o.clientOrderId)).toEqual(['C-OLD']);
  });
});

describe('filterUnclaimedExternalOrders never drops RECONCILIATION orders', () => {
  it('flat cache, venue LONG 100 @1.00000, filter on → the synthetic order is still made', async () => {
    const v = await venue();
    v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'LONG', quantity: '100', avgPxOpen: '1.00000' });
    const n = await node(v, { filterUnclaimedExternalOrders: true });
    await n.start();
    expect(n.cache.orders().map((o) => [o.tags, o.side, o.quantity.toString()])).toEqual([[['RECONCILIATION'], 'BUY', '100']]);
    expect(n.lastReconciliation!.counts.externalDropped).toBe(0);
  });
});

describe('timeouts and venue restarts', () => {
  it('a silent venue at start-up with timeouts.reconciliationSecs 1 → reconciliation fails, strategies do not start', async () => {
    const v = await venue();
    v.controls.fault({ kind: 'silent' });
    const n = await node(v, {}, { timeouts: { reconciliationSecs: 1 } } as never);
    const s = n.addStrategy(new Trader({ orderIdTag: '001' }));
    await n.start().catch(() => undefined);
    expect(s.state).not.toBe('RUNNING');
    expect(n.lastReconciliation?.success).not.toBe(true);
    v.controls.clearFaults();
  });

  it('venue.restart(): the node reconnects (RECONNECT reconciliation), keeps its orders and trades again', async () => {
    const v = await venue();
    v.controls.setQuote('AUDUSD.SIM', { bid: '1.00000', ask: '1.00010' });
    const n = await node(v, {}, { shutdownPolicy: 'leave' });
    const s = n.addStrategy(new Trader({ orderIdTag: '001' }));
    await n.start();
    const a = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '10', price: '0.99000' });
    s.submitOrder(a);
    await until(() => a.status === 'ACCEPTED', 5000, 'accepted');
    await v.restart();
    await until(() => n.lastReconciliation?.trigger === 'RECONNECT', 10_000, 'RECONNECT reconciliation');
    const b = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '10', price: '0.99000' });
    s.submitOrder(b);
    await until(() => b.status === 'ACCEPTED', 5000, 'second order accepted');
    expect([a.status, n.cache.orders().length, n.lastReconciliation!.success]).toEqual(['ACCEPTED', 2, true]);
  });

  it('an order submitted in the moment after venue.restart() (node still shows CONNECTED) is resolved by the in-flight check', async () => {
    const v = await venue();
    const n = await node(v, { inflightCheckIntervalMs: 50, inflightCheckThresholdMs: 100, inflightCheckRetries: 2 }, { shutdownPolicy: 'leave' });
    const s = n.addStrategy(new Trader({ orderIdTag: '001' }));
    await n.start();
    await v.restart();
    const b = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '10', price: '0.99000' });
    s.submitOrder(b);
    await until(() => b.status === 'ACCEPTED' || b.status === 'REJECTED', 8000, 'order resolved');
  });
});
