import { afterEach, describe, expect, it } from 'vitest';
import { TestClock, Price, Quantity, Strategy, type LiveExecEngineConfigInput } from 'keel';
import { Cleanup, cacheOrder, createNode, startVenue, until } from '../engine/node/harness.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const MS = 1_000_000n;
const T0 = 1_700_000_000_000n * MS;

async function nodeOnTestClock(exec: LiveExecEngineConfigInput) {
  // One TestClock for venue and node: logins are signed with the clock's time and the venue checks it.
  const clock = new TestClock(T0);
  const venue = await startVenue({ clock });
  cleanup.add(() => venue.stop());
  const { node } = await createNode(venue, exec, { shutdownPolicy: 'leave' }, { clock });
  cleanup.add(() => node.dispose());
  return { venue, node, clock };
}

const LIMIT = { instrumentId: 'AUDUSD.SIM', side: 'BUY', orderType: 'LIMIT', quantity: '100', price: '1.00000' } as const;

describe('in-flight check on a TestClock (scenarios 18, 19)', () => {
  const exec = { inflightCheckIntervalMs: 50, inflightCheckThresholdMs: 10, inflightCheckRetries: 2 };

  it('18: one query and a retry count of 1; none before the threshold since it; then 2', async () => {
    const { venue, node, clock } = await nodeOnTestClock(exec);
    cacheOrder(node, { ...LIMIT, clientOrderId: 'O-18' }, ['SUBMITTED'], T0 - 1000n * MS);
    await node.start();
    venue.controls.fault({ kind: 'silent' });
    const inflight = node.execEngine.checks.inflight;
    clock.advanceBy(50n * MS);
    expect([inflight.queryCount, inflight.retryCount('O-18')]).toEqual([1, 1]);
    clock.advanceBy(5n * MS);
    inflight.run();
    expect([inflight.queryCount, inflight.retryCount('O-18')]).toEqual([1, 1]);
    clock.advanceBy(45n * MS);
    expect([inflight.queryCount, inflight.retryCount('O-18')]).toEqual([2, 2]);
    clock.advanceBy(50n * MS);
    const o = node.cache.order('O-18')!;
    expect([o.status, o.lastEvent.type === 'OrderRejected' ? o.lastEvent.reason : '']).toEqual(['REJECTED', 'INFLIGHT_TIMEOUT']);
  });

  it('19: an order whose SUBMITTED event is 1 ms in the future is not queried', async () => {
    const { node } = await nodeOnTestClock(exec);
    cacheOrder(node, { ...LIMIT, clientOrderId: 'O-19' }, ['SUBMITTED'], T0 + 1n * MS);
    await node.start();
    node.execEngine.checks.inflight.run();
    expect([node.execEngine.checks.inflight.queryCount, node.execEngine.checks.inflight.retryCount('O-19')]).toEqual([0, 0]);
  });

  it('a live config change takes effect from the next tick (interval re-armed, threshold read at the tick)', async () => {
    const { venue, node, clock } = await nodeOnTestClock({ inflightCheckIntervalMs: 1000, inflightCheckThresholdMs: 5000, inflightCheckRetries: 5 });
    cacheOrder(node, { ...LIMIT, clientOrderId: 'O-C' }, ['SUBMITTED'], T0 - 1000n * MS);
    await node.start();
    venue.controls.fault({ kind: 'silent' });
    clock.advanceBy(1000n * MS);
    expect(node.execEngine.checks.inflight.queryCount).toBe(0); // 2 s old < 5 s threshold
    const change = node.execEngine.configure({ inflightCheckIntervalMs: 50, inflightCheckThresholdMs: 10 });
    expect(change.changes.map((c) => c.key)).toEqual(['inflightCheckIntervalMs', 'inflightCheckThresholdMs']);
    clock.advanceBy(50n * MS);
    expect(node.execEngine.checks.inflight.queryCount).toBe(1);
  });

  it('the checks only begin reconciliationStartupDelaySecs after start-up reconciliation', async () => {
    const { node, clock } = await nodeOnTestClock({ ...exec, reconciliationStartupDelaySecs: 2 });
    cacheOrder(node, { ...LIMIT, clientOrderId: 'O-D' }, ['SUBMITTED'], T0 - 1000n * MS);
    await node.start();
    clock.advanceBy(1_950n * MS);
    expect(node.execEngine.checks.inflight.queryCount).toBe(0);
    clock.advanceBy(100n * MS);
    expect(node.execEngine.checks.inflight.queryCount).toBe(1);
  });
});

describe('end to end on a live clock (scenario 20)', () => {
  it('20: interval 100 ms, threshold 200 ms, retries 2, a silent venue → REJECTED within 3 s', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    const { node } = await createNode(venue, { inflightCheckIntervalMs: 100, inflightCheckThresholdMs: 200, inflightCheckRetries: 2 }, { shutdownPolicy: 'leave' });
    cleanup.add(() => node.dispose());
    const s = node.addStrategy(new (class Silent extends Strategy {})({}));
    await node.start();
    venue.controls.fault({ kind: 'silent' });
    const order = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('100'), price: Price.from('0.90000') });
    s.submitOrder(order);
    await until(() => node.cache.order(order.clientOrderId)?.status === 'REJECTED', 3000, 'REJECTED');
    const o = node.cache.order(order.clientOrderId)!;
    expect(o.lastEvent.type === 'OrderRejected' ? o.lastEvent.reason : '').toBe('INFLIGHT_TIMEOUT');
    expect(node.execEngine.checks.inflight.queryCount).toBe(2);
  });
});

describe('open-order check (scenarios 21, 22)', () => {
  async function openCheckNode(openOnly: boolean) {
    const ctx = await nodeOnTestClock({ openCheckIntervalSecs: 1, openCheckOpenOnly: openOnly, openCheckThresholdMs: 0, openCheckMissingRetries: 2 });
    cacheOrder(ctx.node, { ...LIMIT, clientOrderId: 'O-ACC' }, ['SUBMITTED', { accepted: 'V-ACC' }], T0 - 10_000n * MS);
    cacheOrder(ctx.node, { ...LIMIT, clientOrderId: 'O-PF' }, ['SUBMITTED', { accepted: 'V-PF' }, { fill: { tradeId: 'T-PF', qty: '50', px: '1.00000' } }], T0 - 10_000n * MS);
    await ctx.node.start();
    return ctx;
  }
  async function cycles(node: Awaited<ReturnType<typeof openCheckNode>>['node'], clock: TestClock, n: number): Promise<void> {
    const check = node.execEngine.checks.openOrders.get('SIM')!;
    for (let i = 0; i < n; i++) {
      const before = check.cycles;
      clock.advanceBy(1_000n * MS);
      // `cycles` counts finished cycles (targeted queries answered): only then does the next tick run a
      // cycle instead of being skipped as an overlap.
      await until(() => check.cycles > before, 3000, 'an open-order check cycle');
      await node.execEngine.whenIdle();
    }
  }

  it('21: full history, threshold 0: after the missing retries ACCEPTED → REJECTED, PARTIALLY_FILLED 50/100 → CANCELED with 50 filled', async () => {
    const { node, clock } = await openCheckNode(false);
    await cycles(node, clock, 1);
    expect([node.cache.order('O-ACC')!.status, node.cache.order('O-PF')!.status]).toEqual(['ACCEPTED', 'PARTIALLY_FILLED']);
    await cycles(node, clock, 1);
    await until(() => node.cache.order('O-PF')!.isClosed, 3000);
    const acc = node.cache.order('O-ACC')!;
    const pf = node.cache.order('O-PF')!;
    expect([acc.status, acc.isClosed, acc.lastEvent.type === 'OrderRejected' ? acc.lastEvent.reason : '']).toEqual(['REJECTED', true, 'ORDER_NOT_FOUND_AT_VENUE']);
    expect([pf.status, pf.filledQty.toString()]).toEqual(['CANCELED', '50']);
  });

  it('22: open-only mode never rejects missing orders', async () => {
    const { node, clock } = await openCheckNode(true);
    await cycles(node, clock, 4);
    expect([node.cache.order('O-ACC')!.status, node.cache.order('O-PF')!.status]).toEqual(['ACCEPTED', 'PARTIALLY_FILLED']);
    expect(node.execEngine.checks.openOrders.get('SIM')!.missingCount('O-ACC')).toBeGreaterThanOrEqual(2);
  });

  it('an order the venue still has is reconciled from its report, not resolved', async () => {
    const { venue, node, clock } = await openCheckNode(false);
    venue.controls.seedOrder({ instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-ACC', clientOrderId: 'O-ACC', side: 'BUY', type: 'LIMIT', quantity: '100', price: '1.00000', status: 'ACCEPTED' });
    await cycles(node, clock, 3);
    expect([node.cache.order('O-ACC')!.status, node.execEngine.checks.openOrders.get('SIM')!.missingCount('O-ACC')]).toEqual(['ACCEPTED', 0]);
  });
});
