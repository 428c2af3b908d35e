/** Variations of spec §4 "Order report → events" (start-up reconciliation), public API only. */
import { afterEach, describe, expect, it } from 'vitest';
import { Strategy } from 'keel';
import { cleanUp, node, until, venue } from './support.js';

afterEach(cleanUp);

class Claimer extends Strategy<Record<string, never>> {}

const fillsOf = (o: { events: readonly { type: string }[] }) =>
  o.events.filter((e) => e.type === 'OrderFilled') as unknown as Array<{ tradeId: string; lastQty: { toString(): string }; lastPx: { toString(): string }; liquiditySide: string }>;

const LIMIT = { instrumentId: 'AUDUSD.SIM', side: 'BUY', type: 'LIMIT', quantity: '20000', price: '0.99000' } as const;

describe('order reports at start-up (variations of scenarios 1-7)', () => {
  it('PARTIALLY_FILLED with three fill reports → each fill applied, filled 9000, venue average', async () => {
    const v = await venue();
    v.controls.seedOrder({ ...LIMIT, venueOrderId: 'V-PF', clientOrderId: 'C-PF', status: 'PARTIALLY_FILLED', fills: [
      { tradeId: 'T-a', quantity: '2000', price: '0.99000' },
      { tradeId: 'T-b', quantity: '3000', price: '0.99010' },
      { tradeId: 'T-c', quantity: '4000', price: '0.99020' },
    ] });
    const n = await node(v);
    await n.start();
    const o = n.cache.order('C-PF')!;
    expect([o.status, o.filledQty.toString(), o.leavesQty.toString(), o.isOpen]).toEqual(['PARTIALLY_FILLED', '9000', '11000', true]);
    expect(fillsOf(o).map((f) => [f.tradeId, f.lastQty.toString(), f.lastPx.toString()])).toEqual([
      ['T-a', '2000', '0.99000'], ['T-b', '3000', '0.99010'], ['T-c', '4000', '0.99020'],
    ]);
    // (2000*0.99 + 3000*0.9901 + 4000*0.9902) / 9000 = 0.990122...
    expect(Number(o.avgPx!.toString())).toBeCloseTo(8911.1 / 9000, 9);
  });

  it('FILLED 10000 avg 1.00010 with one fill report 5000 @1.00000 → inferred fill 5000 @1.00020 (our average = venue average)', async () => {
    const v = await venue();
    v.controls.seedOrder({ ...LIMIT, quantity: '10000', price: '1.00030', venueOrderId: 'V-F', clientOrderId: 'C-F', status: 'FILLED', filledQty: '10000', avgPx: '1.00010',
      fills: [{ tradeId: 'T-1', quantity: '5000', price: '1.00000' }] });
    const n = await node(v);
    await n.start();
    const o = n.cache.order('C-F')!;
    expect(o.status).toBe('FILLED');
    const fills = fillsOf(o);
    expect(fills.map((f) => [f.lastQty.toString(), f.lastPx.toString()])).toEqual([['5000', '1.00000'], ['5000', '1.00020']]);
    expect(fills[0]!.tradeId).toBe('T-1');
    expect(Number(o.avgPx!.toString())).toBeCloseTo(1.0001, 9);
    const item = n.lastReconciliation!.items.find((i) => i.kind === 'order' && i.clientOrderId === 'C-F')!;
    expect(item.inferredFills).toHaveLength(1);
  });

  it('PARTIALLY_FILLED 6000 (avg 1.00004) with one fill report 2000 @1.00000 → one inferred fill of 4000 @1.00006', async () => {
    const v = await venue();
    v.controls.seedOrder({ ...LIMIT, quantity: '10000', price: '1.00030', venueOrderId: 'V-PI', clientOrderId: 'C-PI', status: 'PARTIALLY_FILLED', filledQty: '6000', avgPx: '1.00004',
      fills: [{ tradeId: 'T-1', quantity: '2000', price: '1.00000' }] });
    const n = await node(v);
    await n.start();
    const o = n.cache.order('C-PI')!;
    expect([o.status, o.filledQty.toString()]).toEqual(['PARTIALLY_FILLED', '6000']);
    expect(fillsOf(o).map((f) => [f.lastQty.toString(), f.lastPx.toString()])).toEqual([['2000', '1.00000'], ['4000', '1.00006']]);
  });

  it('FILLED with no fill reports, not post-only, avg 0.99990 → one inferred fill at the report average', async () => {
    const v = await venue();
    v.controls.seedOrder({ ...LIMIT, quantity: '700', venueOrderId: 'V-F2', clientOrderId: 'C-F2', status: 'FILLED', filledQty: '700', avgPx: '0.99990' });
    const n = await node(v);
    await n.start();
    const o = n.cache.order('C-F2')!;
    expect(fillsOf(o).map((f) => [f.lastQty.toString(), f.lastPx.toString()])).toEqual([['700', '0.99990']]);
    expect(o.isClosed).toBe(true);
  });

  it('TRIGGERED: LIMIT_IF_TOUCHED → TRIGGERED; STOP_MARKET SELL and MARKET_IF_TOUCHED SELL → ACCEPTED', async () => {
    const base = { instrumentId: 'GBPUSD.SIM', quantity: '3000', triggerPrice: '1.25000', status: 'TRIGGERED' } as const;
    const v = await venue();
    v.controls.seedOrder({ ...base, side: 'SELL', venueOrderId: 'L1', clientOrderId: 'C-LIT', type: 'LIMIT_IF_TOUCHED', price: '1.24900' });
    v.controls.seedOrder({ ...base, side: 'SELL', venueOrderId: 'S1', clientOrderId: 'C-SM', type: 'STOP_MARKET' });
    v.controls.seedOrder({ ...base, side: 'SELL', venueOrderId: 'M1', clientOrderId: 'C-MIT', type: 'MARKET_IF_TOUCHED' });
    const n = await node(v);
    await n.start();
    const lit = n.cache.order('C-LIT')!;
    expect([lit.status, lit.isOpen, lit.events.map((e) => e.type)]).toEqual(['TRIGGERED', true, ['OrderInitialized', 'OrderAccepted', 'OrderTriggered']]);
    expect([n.cache.order('C-SM')!.status, n.cache.order('C-MIT')!.status]).toEqual(['ACCEPTED', 'ACCEPTED']);
  });

  it('EXPIRED without fills (GTD LIMIT SELL) → EXPIRED, nothing filled, closed', async () => {
    const v = await venue();
    v.controls.seedOrder({ ...LIMIT, side: 'SELL', venueOrderId: 'V-E', clientOrderId: 'C-E', timeInForce: 'GTD', expireTime: 5_000_000_000n, status: 'EXPIRED' });
    const n = await node(v);
    await n.start();
    const o = n.cache.order('C-E')!;
    expect([o.status, o.filledQty.toString(), o.isClosed, o.events.map((e) => e.type)]).toEqual(['EXPIRED', '0', true, ['OrderInitialized', 'OrderAccepted', 'OrderExpired']]);
  });

  it('CANCELED with two fills → fills applied before the cancel, last trade id is the later one', async () => {
    const v = await venue();
    v.controls.seedOrder({ ...LIMIT, venueOrderId: 'V-C', clientOrderId: 'C-C', status: 'CANCELED', fills: [
      { tradeId: 'X-1', quantity: '1500', price: '0.99000' }, { tradeId: 'X-2', quantity: '2500', price: '0.99000' },
    ] });
    const n = await node(v);
    await n.start();
    const o = n.cache.order('C-C')!;
    expect([o.status, o.filledQty.toString()]).toEqual(['CANCELED', '4000']);
    expect(o.events.map((e) => e.type).slice(-3)).toEqual(['OrderFilled', 'OrderFilled', 'OrderCanceled']);
    expect(fillsOf(o).at(-1)!.tradeId).toBe('X-2');
  });

  it('REJECTED with no reason → reason UNKNOWN; the order has no venue fills', async () => {
    const v = await venue();
    v.controls.seedOrder({ ...LIMIT, venueOrderId: 'V-R', clientOrderId: 'C-R', status: 'REJECTED' });
    const n = await node(v);
    await n.start();
    const o = n.cache.order('C-R')!;
    const last = o.events.at(-1) as { type: string; reason?: string };
    expect([o.status, last.type, last.reason]).toEqual(['REJECTED', 'OrderRejected', 'UNKNOWN']);
  });

  it('ACCEPTED where the venue order has no client order id → EXTERNAL, same derived id on a second node', async () => {
    const v = await venue();
    v.controls.seedOrder({ ...LIMIT, venueOrderId: 'V-NOID', status: 'ACCEPTED' });
    const n1 = await node(v);
    await n1.start();
    const [o1] = n1.cache.orders();
    await n1.dispose();
    const n2 = await node(v);
    await n2.start();
    const [o2] = n2.cache.orders();
    expect([o1!.strategyId, o1!.tags, o1!.venueOrderId]).toEqual(['EXTERNAL', ['VENUE'], 'V-NOID']);
    expect(o2!.clientOrderId).toBe(o1!.clientOrderId);
  });
});

describe('external orders, claims and filters', () => {
  it('an external order on a claimed instrument belongs to the claiming strategy; others are EXTERNAL', async () => {
    const v = await venue();
    v.controls.seedOrder({ ...LIMIT, instrumentId: 'GBPUSD.SIM', venueOrderId: 'G1', clientOrderId: 'C-G1', price: '1.20000', status: 'ACCEPTED' });
    v.controls.seedOrder({ ...LIMIT, venueOrderId: 'A1', clientOrderId: 'C-A1', status: 'ACCEPTED' });
    const n = await node(v);
    const s = n.addStrategy(new Claimer({ orderIdTag: '007', externalOrderClaims: ['GBPUSD.SIM'] }));
    await n.start();
    expect(n.cache.order('C-G1')!.strategyId).toBe(s.id);
    expect(s.id).toBe('Claimer-007');
    expect(n.cache.order('C-A1')!.strategyId).toBe('EXTERNAL');
    expect(n.cache.orders({ strategyId: 'Claimer-007' }).map((o) => o.clientOrderId)).toEqual(['C-G1']);
  });

  it('filterUnclaimedExternalOrders: three unclaimed dropped and counted, the claimed one kept', async () => {
    const v = await venue();
    v.controls.seedOrder({ ...LIMIT, venueOrderId: 'A1', clientOrderId: 'C-A1', status: 'ACCEPTED' });
    v.controls.seedOrder({ ...LIMIT, venueOrderId: 'A2', clientOrderId: 'C-A2', status: 'CANCELED' });
    v.controls.seedOrder({ ...LIMIT, instrumentId: 'USDJPY.SIM', price: '80.000', venueOrderId: 'J1', clientOrderId: 'C-J1', status: 'ACCEPTED' });
    v.controls.seedOrder({ ...LIMIT, instrumentId: 'GBPUSD.SIM', price: '1.20000', venueOrderId: 'G1', clientOrderId: 'C-G1', status: 'ACCEPTED' });
    const n = await node(v, { filterUnclaimedExternalOrders: true });
    n.addStrategy(new Claimer({ orderIdTag: '001', externalOrderClaims: ['GBPUSD.SIM'] }));
    await n.start();
    expect(n.cache.orders().map((o) => o.clientOrderId)).toEqual(['C-G1']);
    expect(n.lastReconciliation!.counts.externalDropped).toBe(3);
    expect(n.lastReconciliation!.success).toBe(true);
  });

  it('filteredClientOrderIds with two ids and reconciliationInstrumentIds [USDJPY.SIM, GBPUSD.SIM]', async () => {
    const v = await venue();
    v.controls.seedOrder({ ...LIMIT, venueOrderId: 'A1', clientOrderId: 'C-A1', status: 'ACCEPTED' });
    v.controls.seedOrder({ ...LIMIT, instrumentId: 'USDJPY.SIM', price: '80.000', venueOrderId: 'J1', clientOrderId: 'skip-1', status: 'ACCEPTED' });
    v.controls.seedOrder({ ...LIMIT, instrumentId: 'USDJPY.SIM', price: '80.000', venueOrderId: 'J2', clientOrderId: 'C-J2', status: 'ACCEPTED' });
    v.controls.seedOrder({ ...LIMIT, instrumentId: 'GBPUSD.SIM', price: '1.20000', venueOrderId: 'G1', clientOrderId: 'skip-2', status: 'ACCEPTED' });
    const n = await node(v, { filteredClientOrderIds: ['skip-1', 'skip-2'], reconciliationInstrumentIds: ['USDJPY.SIM', 'GBPUSD.SIM'] });
    await n.start();
    expect(n.cache.orders().map((o) => o.clientOrderId)).toEqual(['C-J2']);
    expect(n.lastReconciliation!.success).toBe(true);
  });
});

describe('restart of the node against the same venue', () => {
  class Buyer extends Strategy<Record<string, never>> {
    override onStart(): void {
      this.submitOrder(this.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '4000', price: '1.00000' }));
      this.submitOrder(this.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '3000' }));
    }
  }

  it('a second node (memory persistence) and a manual reconcile give the same orders and fills, no duplicates', async () => {
    const v = await venue();
    v.controls.setQuote('AUDUSD.SIM', { bid: '1.00100', ask: '1.00110' });
    // 'leave': stopping the node leaves the resting order working at the venue.
    const n1 = await node(v, {}, { shutdownPolicy: 'leave' });
    n1.addStrategy(new Buyer({ orderIdTag: '001' }));
    await n1.start();
    await until(() => n1.cache.orders().length === 2 && n1.cache.orders().every((o) => !o.isInflight), 5000, 'orders acknowledged');
    const ids = n1.cache.orders().map((o) => o.clientOrderId);
    await n1.stop();
    await n1.dispose();

    const n2 = await node(v);
    await n2.start();
    const snapshot = () => n2.cache.orders().map((o) => [o.clientOrderId, o.status, o.filledQty.toString(), fillsOf(o).length]);
    const first = snapshot();
    const again = await n2.reconcile();
    expect(again.success).toBe(true);
    expect(snapshot()).toEqual(first);
    expect(first.map((r) => r[0]).sort()).toEqual([...ids].sort());
    expect(first.map((r) => [r[1], r[2], r[3]]).sort()).toEqual([['ACCEPTED', '0', 0], ['FILLED', '3000', 1]]);
    expect(n2.cache.positions().map((p) => p.quantity.toString())).toEqual(['3000']);
  });
});
