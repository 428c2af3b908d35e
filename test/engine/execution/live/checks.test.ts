import { describe, expect, it } from 'vitest';
import { TestClock } from '../../../../src/engine/core/test-clock.js';
import { Decimal, Money, Price, Quantity } from '../../../../src/engine/core/decimal.js';
import { MemoryLogger } from '../../../../src/engine/core/logger.js';
import { InflightCheck, type InflightOrderView } from '../../../../src/engine/execution/live/checks/inflight-check.js';
import { OpenOrderCheck, type OpenOrderView, resolutionFor } from '../../../../src/engine/execution/live/checks/open-order-check.js';
import { PositionCheck } from '../../../../src/engine/execution/live/checks/position-check.js';
import type { FillReport, OrderStatusReport, PositionStatusReport } from '../../../../src/engine/model/reports.js';

const MS = 1_000_000n;

function inflightFixture(orders: InflightOrderView[], cfg = { inflightCheckThresholdMs: 10, inflightCheckRetries: 2 }) {
  const clock = new TestClock(1_000n * MS);
  const queries: string[] = [];
  const resolved: Array<[string, string]> = [];
  const queued = new Set<string>();
  const check = new InflightCheck({
    clock, config: () => cfg, inflightOrders: () => orders, hasQueuedEvents: (id) => queued.has(id),
    query: (id) => queries.push(id), resolve: (id, r) => resolved.push([id, r.kind]),
  });
  return { clock, queries, resolved, queued, check };
}

describe('InflightCheck', () => {
  it('scenario 18: one query per threshold, retry count rises only after the threshold', () => {
    const f = inflightFixture([{ clientOrderId: 'O-1', status: 'SUBMITTED', lastEvent: { tsEvent: 0n } }]);
    f.check.run();
    expect([f.queries.length, f.check.retryCount('O-1')]).toEqual([1, 1]);
    f.clock.advanceBy(5n * MS);
    f.check.run();
    expect([f.queries.length, f.check.retryCount('O-1')]).toEqual([1, 1]);
    f.clock.advanceBy(6n * MS);
    f.check.run();
    expect([f.queries.length, f.check.retryCount('O-1'), f.check.queryCount]).toEqual([2, 2, 2]);
  });

  it('scenario 19: an order whose SUBMITTED event is in the future is not queried', () => {
    const f = inflightFixture([{ clientOrderId: 'O-1', status: 'SUBMITTED', lastEvent: { tsEvent: 1_001n * MS } }]);
    f.check.run();
    expect(f.queries).toEqual([]);
  });

  it('resolves SUBMITTED as REJECT and pending as CANCEL after the retries', () => {
    const f = inflightFixture([
      { clientOrderId: 'O-1', status: 'SUBMITTED', lastEvent: { tsEvent: 0n } },
      { clientOrderId: 'O-2', status: 'PENDING_CANCEL', lastEvent: { tsEvent: 0n } },
    ]);
    for (let i = 0; i < 3; i++) { f.check.run(); f.clock.advanceBy(11n * MS); }
    expect(f.resolved).toEqual([['O-1', 'REJECT'], ['O-2', 'CANCEL']]);
    expect(f.queries).toHaveLength(4);
  });

  it('never touches an order whose events are still queued', () => {
    const f = inflightFixture([{ clientOrderId: 'O-1', status: 'SUBMITTED', lastEvent: { tsEvent: 0n } }]);
    f.queued.add('O-1');
    for (let i = 0; i < 5; i++) { f.check.run(); f.clock.advanceBy(11n * MS); }
    expect([f.queries.length, f.resolved.length]).toEqual([0, 0]);
  });

  it('a report clears the retry count', () => {
    const f = inflightFixture([{ clientOrderId: 'O-1', status: 'SUBMITTED', lastEvent: { tsEvent: 0n } }]);
    f.check.run();
    f.check.onReport('O-1');
    expect(f.check.retryCount('O-1')).toBe(0);
  });
});

function report(over: Partial<OrderStatusReport> = {}): OrderStatusReport {
  return {
    reportId: 'r', accountId: 'SIM-001', instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-1', clientOrderId: 'O-1', side: 'BUY',
    orderType: 'LIMIT', timeInForce: 'GTC', status: 'ACCEPTED', quantity: Quantity.from('100'), filledQty: Quantity.from('0'),
    price: Price.from('1.00000'), postOnly: false, reduceOnly: false, tsAccepted: 0n, tsLast: 0n, tsInit: 0n, ...over,
  };
}

function openFixture(orders: OpenOrderView[], cfg: { openCheckOpenOnly: boolean; openCheckMissingRetries: number }, venue: OrderStatusReport[] = []) {
  const clock = new TestClock(10_000n * MS);
  const applied: string[] = [];
  const resolved: Array<[string, string]> = [];
  const queries: Array<{ openOnly: boolean; start?: bigint }> = [];
  const check = new OpenOrderCheck({
    clock, config: () => ({ openCheckLookbackMins: 60, openCheckThresholdMs: 0, ...cfg }), openOrders: () => orders,
    fetchOrderReports: async (q) => { queries.push(q); return venue; }, fetchOrderReport: async () => null,
    applyReport: (r) => applied.push(r.venueOrderId), resolveMissing: (id, r) => resolved.push([id, r.kind]),
  });
  return { check, applied, resolved, queries };
}

describe('OpenOrderCheck', () => {
  const accepted: OpenOrderView = { clientOrderId: 'O-1', venueOrderId: 'V-1', instrumentId: 'AUDUSD.SIM', status: 'ACCEPTED', tsLast: 0n };
  const partial: OpenOrderView = { clientOrderId: 'O-2', venueOrderId: 'V-2', instrumentId: 'AUDUSD.SIM', status: 'PARTIALLY_FILLED', tsLast: 0n };
  const pending: OpenOrderView = { clientOrderId: 'O-3', venueOrderId: 'V-3', instrumentId: 'AUDUSD.SIM', status: 'PENDING_CANCEL', tsLast: 0n };

  it('scenario 21: full history, missing for the retries → reject ACCEPTED, cancel PARTIALLY_FILLED, pending waits', async () => {
    const f = openFixture([accepted, partial, pending], { openCheckOpenOnly: false, openCheckMissingRetries: 2 });
    await f.check.run();
    expect(f.resolved).toEqual([]);
    await f.check.run();
    expect(f.resolved).toEqual([['O-1', 'REJECT'], ['O-2', 'CANCEL']]);
    expect(f.queries[0]).toEqual({ openOnly: false, start: 10_000n * MS - 3_600_000n * MS });
  });

  it('scenario 22: open-only mode never resolves missing orders', async () => {
    const f = openFixture([accepted], { openCheckOpenOnly: true, openCheckMissingRetries: 1 });
    for (let i = 0; i < 4; i++) await f.check.run();
    expect(f.resolved).toEqual([]);
    expect(f.check.targetedQueries).toBe(4);
  });

  it('a venue report is applied and resets the missing count', async () => {
    const f = openFixture([accepted], { openCheckOpenOnly: true, openCheckMissingRetries: 3 }, [report()]);
    await f.check.run();
    expect([f.applied, f.check.missingCount('O-1')]).toEqual([['V-1'], 0]);
  });

  it('a cycle counts once its targeted queries are answered, not when the list arrives (the scheduler skips ticks until then)', async () => {
    let answer: (r: OrderStatusReport | null) => void = () => {};
    const check = new OpenOrderCheck({
      clock: new TestClock(10_000n * MS), config: () => ({ openCheckOpenOnly: true, openCheckLookbackMins: 60, openCheckThresholdMs: 0, openCheckMissingRetries: 1 }),
      openOrders: () => [accepted], fetchOrderReports: async () => [],
      fetchOrderReport: () => new Promise((resolve) => { answer = resolve; }),
      applyReport: () => {}, resolveMissing: () => {},
    });
    const run = check.run();
    await new Promise((r) => setImmediate(r));
    const whileQuerying = [check.targetedQueries, check.cycles];
    answer(null);
    await run;

    expect(whileQuerying).toEqual([1, 0]);
    expect(check.cycles).toBe(1);
  });

  it('resolution table by status', () => {
    expect(['ACCEPTED', 'TRIGGERED', 'PARTIALLY_FILLED', 'PENDING_UPDATE', 'FILLED'].map((s) => resolutionFor(s)?.kind)).toEqual(['REJECT', 'REJECT', 'CANCEL', undefined, undefined]);
  });
});

describe('PositionCheck', () => {
  function posReport(qty: string): PositionStatusReport {
    const d = Decimal.from(qty);
    return { reportId: 'p', accountId: 'SIM-001', instrumentId: 'AUDUSD.SIM', side: d.isPositive() ? 'LONG' : 'FLAT', quantity: Quantity.from(qty), signedQty: d, tsLast: 0n, tsInit: 0n };
  }
  const fill: FillReport = {
    reportId: 'f', accountId: 'SIM-001', instrumentId: 'AUDUSD.SIM', venueOrderId: 'V-1', tradeId: 'T-9', side: 'BUY', lastQty: Quantity.from('50'),
    lastPx: Price.from('1.00000'), commission: Money.from('0', 'USD'), liquiditySide: 'TAKER', tsEvent: 0n, tsInit: 0n,
  };

  it('applies missing fills on a discrepancy, then only logs after the retries', async () => {
    const clock = new TestClock(10_000n * MS);
    const logger = new MemoryLogger();
    const applied: string[] = [];
    const check = new PositionCheck({
      clock, logger, accountId: 'SIM-001', config: () => ({ positionCheckLookbackMins: 60, positionCheckThresholdMs: 5000, positionCheckRetries: 2 }),
      fetchPositionReports: async () => [posReport('150')], localInstruments: () => ['AUDUSD.SIM'], localNetQty: () => Decimal.from('100'),
      lastLocalFillNs: () => 0n, fetchFillReports: async () => [fill], hasTradeId: () => false,
      applyFills: async (fills) => { applied.push(...fills.map((x) => x.tradeId)); return fills.length; },
    });
    for (let i = 0; i < 3; i++) await check.run();
    expect(applied).toEqual(['T-9', 'T-9']);
    expect(check.attemptCount('AUDUSD.SIM')).toBe(2);
    expect(logger.messages('warn')).toEqual(['position check: discrepancy persists, retries exhausted']);
  });

  it('skips instruments with a recent local fill and matches equal positions', async () => {
    const clock = new TestClock(10_000n * MS);
    let local = '100';
    let fetched = 0;
    const check = new PositionCheck({
      clock, logger: new MemoryLogger(), accountId: 'SIM-001', config: () => ({ positionCheckLookbackMins: 60, positionCheckThresholdMs: 5000, positionCheckRetries: 2 }),
      fetchPositionReports: async () => [posReport('150')], localInstruments: () => ['AUDUSD.SIM'], localNetQty: () => Decimal.from(local),
      lastLocalFillNs: () => 9_000n * MS, fetchFillReports: async () => { fetched += 1; return []; }, hasTradeId: () => false, applyFills: async () => 0,
    });
    await check.run();
    local = '150.0';
    await check.run();
    expect([fetched, check.discrepancies]).toEqual([0, 0]);
  });
});
