import { afterEach, describe, expect, it } from 'vitest';
import type { FillReport, OrderStatusReport } from 'keel';
import { Money, Price, Quantity, Strategy, type LiveExecEngineConfigInput } from 'keel';
import type { SandboxVenue } from 'keel/sandbox';
import { Cleanup, cacheOrder, createNode, massOfFills, startVenue } from '../engine/node/harness.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function venueWith(seed: (v: SandboxVenue) => void): Promise<SandboxVenue> {
  const venue = await startVenue();
  cleanup.add(() => venue.stop());
  seed(venue);
  return venue;
}

async function startedNode(venue: SandboxVenue, execEngine: LiveExecEngineConfigInput = {}) {
  const { node } = await createNode(venue, execEngine);
  cleanup.add(() => node.dispose());
  await node.start();
  return node;
}

const LIMIT_BUY = { instrumentId: 'AUDUSD.SIM', venueOrderId: '1', clientOrderId: 'O-123456', side: 'BUY', type: 'LIMIT', quantity: '10000', price: '1.00000' } as const;

describe('start-up reconciliation of orders (scenarios 1-6, 8, 12)', () => {
  it('1: a REJECTED report → one EXTERNAL order tagged VENUE, REJECTED, reason kept', async () => {
    const venue = await venueWith((v) => v.controls.seedOrder({ ...LIMIT_BUY, status: 'REJECTED', reason: 'SOME_REASON' }));
    const node = await startedNode(venue);
    const orders = node.cache.orders();
    expect(orders).toHaveLength(1);
    const o = orders[0]!;
    expect([o.clientOrderId, o.status, o.strategyId, o.tags]).toEqual(['O-123456', 'REJECTED', 'EXTERNAL', ['VENUE']]);
    const last = o.lastEvent;
    expect(last.type === 'OrderRejected' ? last.reason : undefined).toBe('SOME_REASON');
    expect(node.lastReconciliation?.success).toBe(true);
    expect(node.state).toBe('RUNNING');
  });

  it('2: ACCEPTED → open ACCEPTED; CANCELED → CANCELED through ACCEPTED; STOP_LIMIT GTD EXPIRED → EXPIRED', async () => {
    const venue = await venueWith((v) => {
      v.controls.seedOrder({ ...LIMIT_BUY, status: 'ACCEPTED' });
      v.controls.seedOrder({ ...LIMIT_BUY, venueOrderId: '2', clientOrderId: 'O-2', status: 'CANCELED' });
      v.controls.seedOrder({ ...LIMIT_BUY, venueOrderId: '3', clientOrderId: 'O-3', type: 'STOP_LIMIT', triggerPrice: '1.00100', timeInForce: 'GTD', expireTime: 1_000_000_000n, status: 'EXPIRED' });
    });
    const node = await startedNode(venue);
    const accepted = node.cache.order('O-123456')!;
    expect([accepted.status, accepted.isOpen]).toEqual(['ACCEPTED', true]);
    const canceled = node.cache.order('O-2')!;
    expect([canceled.status, canceled.events.map((e) => e.type)]).toEqual(['CANCELED', ['OrderInitialized', 'OrderAccepted', 'OrderCanceled']]);
    expect(node.cache.order('O-3')!.status).toBe('EXPIRED');
  });

  it('3: STOP_LIMIT TRIGGERED → TRIGGERED and open; STOP_MARKET and MARKET_IF_TOUCHED → ACCEPTED', async () => {
    const base = { instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '10000', triggerPrice: '1.00000', status: 'TRIGGERED' } as const;
    const venue = await venueWith((v) => {
      v.controls.seedOrder({ ...base, venueOrderId: '1', clientOrderId: 'O-SL', type: 'STOP_LIMIT', price: '0.99500' });
      v.controls.seedOrder({ ...base, venueOrderId: '2', clientOrderId: 'O-SM', type: 'STOP_MARKET' });
      v.controls.seedOrder({ ...base, venueOrderId: '3', clientOrderId: 'O-MIT', type: 'MARKET_IF_TOUCHED' });
    });
    const node = await startedNode(venue);
    expect([node.cache.order('O-SL')!.status, node.cache.order('O-SL')!.isOpen]).toEqual(['TRIGGERED', true]);
    expect([node.cache.order('O-SM')!.status, node.cache.order('O-MIT')!.status]).toEqual(['ACCEPTED', 'ACCEPTED']);
  });

  it('4: FILLED post-only with no fill reports → one inferred fill 10000 @1.00000, MAKER, reconciliation', async () => {
    const venue = await venueWith((v) => v.controls.seedOrder({ ...LIMIT_BUY, postOnly: true, status: 'FILLED', filledQty: '10000', avgPx: '1.00000' }));
    const node = await startedNode(venue);
    const o = node.cache.order('O-123456')!;
    expect(o.status).toBe('FILLED');
    const fills = o.fills;
    expect(fills.map((f) => [f.lastQty.toString(), f.lastPx.toString(), f.liquiditySide, f.reconciliation])).toEqual([['10000', '1.00000', 'MAKER', true]]);
  });

  it('5: PARTIALLY_FILLED 5000 with fill 1 → PARTIALLY_FILLED, filled 5000', async () => {
    const venue = await venueWith((v) => v.controls.seedOrder({ ...LIMIT_BUY, status: 'PARTIALLY_FILLED', fills: [{ tradeId: '1', quantity: '5000', price: '1.00000' }] }));
    const node = await startedNode(venue);
    const o = node.cache.order('O-123456')!;
    expect([o.status, o.filledQty.toString()]).toEqual(['PARTIALLY_FILLED', '5000']);
  });

  it('6: CANCELED with 5000 filled and fill 1 → CANCELED, filled 5000, last trade id 1', async () => {
    const venue = await venueWith((v) => v.controls.seedOrder({ ...LIMIT_BUY, status: 'CANCELED', fills: [{ tradeId: '1', quantity: '5000', price: '1.00000' }] }));
    const node = await startedNode(venue);
    const o = node.cache.order('O-123456')!;
    expect([o.status, o.filledQty.toString(), o.lastTradeId]).toEqual(['CANCELED', '5000', '1']);
  });

  it('12: reconciliationInstrumentIds include-list, empty list = all; filteredClientOrderIds skips', async () => {
    const seed = (v: SandboxVenue): void => {
      v.controls.seedOrder({ ...LIMIT_BUY, venueOrderId: 'V-1', clientOrderId: 'order-1', status: 'ACCEPTED' });
      v.controls.seedOrder({ ...LIMIT_BUY, instrumentId: 'GBPUSD.SIM', venueOrderId: 'V-2', clientOrderId: 'order-2', status: 'ACCEPTED' });
      v.controls.seedOrder({ ...LIMIT_BUY, venueOrderId: 'V-3', clientOrderId: 'filter-this-id', status: 'ACCEPTED' });
    };
    const only = await startedNode(await venueWith(seed), { reconciliationInstrumentIds: ['AUDUSD.SIM'], filteredClientOrderIds: ['filter-this-id'] });
    expect(only.cache.orders().map((o) => o.clientOrderId)).toEqual(['order-1']);
    const all = await startedNode(await venueWith(seed), { reconciliationInstrumentIds: [] });
    expect(all.cache.orders().map((o) => o.clientOrderId).sort()).toEqual(['filter-this-id', 'order-1', 'order-2']);
  });
});

describe('reconciliation of cached orders (scenarios 7-11)', () => {
  async function cachedNode(venue: SandboxVenue, execEngine: LiveExecEngineConfigInput = {}) {
    const { node } = await createNode(venue, execEngine);
    cleanup.add(() => node.dispose());
    return node;
  }

  it('7: cached GTD ACCEPTED, venue EXPIRED with 3000 filled → EXPIRED, filled 3000, last trade T-EXPIRE-001', async () => {
    const venue = await venueWith((v) => v.controls.seedOrder({
      instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-EXPIRE-001', clientOrderId: 'O-7', side: 'BUY', type: 'LIMIT', quantity: '10000', price: '1.00000',
      timeInForce: 'GTD', expireTime: 1_000_000_000n, status: 'EXPIRED', fills: [{ tradeId: 'T-EXPIRE-001', quantity: '3000', price: '1.00000' }],
    }));
    const node = await cachedNode(venue);
    cacheOrder(node, { clientOrderId: 'O-7', instrumentId: 'AUDUSD.SIM', side: 'BUY', orderType: 'LIMIT', quantity: '10000', price: '1.00000', timeInForce: 'GTD', expireTime: 1_000_000_000n }, ['SUBMITTED', { accepted: 'V-EXPIRE-001' }]);
    await node.start();
    const o = node.cache.order('O-7')!;
    expect([o.status, o.filledQty.toString(), o.lastTradeId]).toEqual(['EXPIRED', '3000', 'T-EXPIRE-001']);
  });

  it('8: locally SUBMITTED SELL 50000 @1.10000 reported REJECTED (INSUFFICIENT_MARGIN) → REJECTED with that reason', async () => {
    const venue = await venueWith((v) => v.controls.seedOrder({
      instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-8', clientOrderId: 'O-8', side: 'SELL', type: 'LIMIT', quantity: '50000', price: '1.10000', status: 'REJECTED', reason: 'INSUFFICIENT_MARGIN',
    }));
    const node = await cachedNode(venue);
    cacheOrder(node, { clientOrderId: 'O-8', instrumentId: 'AUDUSD.SIM', side: 'SELL', orderType: 'LIMIT', quantity: '50000', price: '1.10000' }, ['SUBMITTED']);
    await node.start();
    const o = node.cache.order('O-8')!;
    expect(o.status).toBe('REJECTED');
    expect(o.lastEvent.type === 'OrderRejected' ? o.lastEvent.reason : '').toBe('INSUFFICIENT_MARGIN');
  });

  it('9: cached ACCEPTED 100000 as V-001, venue PARTIALLY_FILLED 50000 with T-001 (commission 2.50 USD) → filled 50000, average 1.0', async () => {
    const venue = await venueWith((v) => v.controls.seedOrder({
      instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-001', clientOrderId: 'O-9', side: 'BUY', type: 'LIMIT', quantity: '100000', price: '1.00000', status: 'PARTIALLY_FILLED',
      fills: [{ tradeId: 'T-001', quantity: '50000', price: '1.00000', commission: '2.50 USD' }],
    }));
    const node = await cachedNode(venue);
    cacheOrder(node, { clientOrderId: 'O-9', instrumentId: 'AUDUSD.SIM', side: 'BUY', orderType: 'LIMIT', quantity: '100000', price: '1.00000' }, ['SUBMITTED', { accepted: 'V-001' }]);
    await node.start();
    const o = node.cache.order('O-9')!;
    expect([o.status, o.filledQty.toString(), o.avgPx?.eq(Price.from('1.0'))]).toEqual(['PARTIALLY_FILLED', '50000', true]);
    expect(o.fills[0]!.commission.toString()).toBe(Money.from('2.50', 'USD').toString());
  });

  it('10: cached MARKET BUY 100 FILLED; a runtime report FILLED with filled 0 fails and leaves the order unchanged', async () => {
    const venue = await venueWith(() => {});
    const node = await cachedNode(venue);
    cacheOrder(node, { clientOrderId: 'O-10', instrumentId: 'AUDUSD.SIM', side: 'BUY', orderType: 'MARKET', quantity: '100' }, ['SUBMITTED', { accepted: 'V-10' }, { fill: { tradeId: 'T-10', qty: '100', px: '1.00000' } }]);
    await node.start();
    const before = node.cache.order('O-10')!.eventCount;
    const result = node.execEngine.reconciler.applyReport('SIM', report({ clientOrderId: 'O-10', venueOrderId: 'V-10', orderType: 'MARKET', status: 'FILLED', quantity: '100', filledQty: '0' }), []);
    const o = node.cache.order('O-10')!;
    expect([result.success, o.status, o.filledQty.toString(), o.eventCount]).toEqual([false, 'FILLED', '100', before]);
  });

  it('11: a reconciliation fill past the quantity is refused (run still succeeds) unless allowOverfills', async () => {
    for (const allow of [false, true]) {
      const venue = await venueWith(() => {});
      const node = await cachedNode(venue, { allowOverfills: allow });
      cacheOrder(node, { clientOrderId: 'O-11', instrumentId: 'AUDUSD.SIM', side: 'BUY', orderType: 'LIMIT', quantity: '100', price: '1.00000' }, ['SUBMITTED', { accepted: 'V-11' }, { fill: { tradeId: 'T-1', qty: '60', px: '1.00000' } }]);
      await node.start();
      const result = await node.execEngine.reconciler.reconcileMassStatus(node.execEngine.client('SIM')!, massOfFills('SIM', 'SIM-001', [fillReport({ venueOrderId: 'V-11', tradeId: 'T-2', lastQty: '60' })], 0n), 'RUNTIME');
      const refused = result.items.filter((i) => i.rule === 'OVERFILL_REFUSED').map((i) => i.key);
      expect([allow, result.success, node.cache.order('O-11')!.filledQty.toString(), refused]).toEqual(allow ? [true, true, '120', []] : [false, true, '60', ['T-2']]);
    }
  });
});

function report(o: { clientOrderId: string; venueOrderId: string; orderType: 'MARKET' | 'LIMIT'; status: 'FILLED'; quantity: string; filledQty: string }): OrderStatusReport {
  return {
    reportId: 'R-1', accountId: 'SIM-001', instrumentId: 'AUDUSD.SIM', clientOrderId: o.clientOrderId, venueOrderId: o.venueOrderId, side: 'BUY', orderType: o.orderType,
    timeInForce: 'GTC', status: o.status, quantity: Quantity.from(o.quantity), filledQty: Quantity.from(o.filledQty), postOnly: false, reduceOnly: false, tsAccepted: 1n, tsLast: 1n, tsInit: 1n,
  };
}

function fillReport(f: { venueOrderId: string; tradeId: string; lastQty: string }): FillReport {
  return {
    reportId: `F-${f.tradeId}`, accountId: 'SIM-001', instrumentId: 'AUDUSD.SIM', venueOrderId: f.venueOrderId, tradeId: f.tradeId, side: 'BUY', lastQty: Quantity.from(f.lastQty),
    lastPx: Price.from('1.00000'), commission: Money.from('0', 'USD'), liquiditySide: 'MAKER', tsEvent: 10n, tsInit: 10n,
  };
}

describe('more rules of §4 against the venue', () => {
  it('filterUnclaimedExternalOrders drops unclaimed venue orders (counted) and keeps claimed ones', async () => {
    const venue = await venueWith((v) => {
      v.controls.seedOrder({ ...LIMIT_BUY, venueOrderId: 'V-A', clientOrderId: 'O-A', status: 'ACCEPTED' });
      v.controls.seedOrder({ ...LIMIT_BUY, instrumentId: 'GBPUSD.SIM', venueOrderId: 'V-G', clientOrderId: 'O-G', status: 'ACCEPTED' });
    });
    const { node } = await createNode(venue, { filterUnclaimedExternalOrders: true });
    cleanup.add(() => node.dispose());
    const s = node.addStrategy(new (class Claimer extends Strategy {})({ externalOrderClaims: ['GBPUSD.SIM'] }));
    await node.start();
    expect(node.cache.orders().map((o) => [o.clientOrderId, o.strategyId])).toEqual([['O-G', s.id]]);
    expect(node.lastReconciliation!.counts.externalDropped).toBe(1);
  });

  it('filterPositionReports ignores the venue position (no synthetic order, success)', async () => {
    const venue = await venueWith((v) => v.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'LONG', quantity: '100' }));
    const node = await startedNode(venue, { filterPositionReports: true });
    expect([node.cache.orders().length, node.lastReconciliation!.success]).toEqual([0, true]);
  });

  it('reconciliationLookbackMins asks only for what changed in the window', async () => {
    const venue = await venueWith((v) => {
      const old = 1_000_000_000n; // 1970: far outside any window
      v.controls.seedOrder({ ...LIMIT_BUY, venueOrderId: 'V-OLD', clientOrderId: 'O-OLD', status: 'CANCELED', tsAccepted: old, tsLast: old });
      v.controls.seedOrder({ ...LIMIT_BUY, venueOrderId: 'V-NEW', clientOrderId: 'O-NEW', status: 'ACCEPTED' });
    });
    const node = await startedNode(venue, { reconciliationLookbackMins: 60 });
    expect(node.cache.orders().map((o) => o.clientOrderId)).toEqual(['O-NEW']);
  });

  it('reconciling the same venue state again changes nothing (deterministic ids, no duplicates)', async () => {
    const venue = await venueWith((v) => {
      v.controls.seedOrder({ ...LIMIT_BUY, status: 'FILLED', filledQty: '10000', avgPx: '1.00000' });
      v.controls.seedPosition({ instrumentId: 'GBPUSD.SIM', side: 'SHORT', quantity: '500' });
    });
    const node = await startedNode(venue);
    const before = node.cache.orders().map((o) => [o.clientOrderId, o.eventCount]);
    const again = await node.reconcile();
    expect([again.success, again.counts.created, again.counts.eventsApplied]).toEqual([true, 0, 0]);
    expect(node.cache.orders().map((o) => [o.clientOrderId, o.eventCount])).toEqual(before);
  });
});
