import { describe, expect, it } from 'vitest';
import { planReconciliation } from '../../../../src/engine/execution/reconciliation/plan.js';
import type { ReconciliationPlan } from '../../../../src/engine/execution/reconciliation/types.js';
import type { ExecutionMassStatus } from '../../../../src/engine/model/reports.js';
import type { Order } from '../../../../src/engine/model/order.js';
import { Book, NOW, TRADER, cacheOrder, cachePosition, fillReport, instruments, mass, orderReport, positionReport } from './fixtures.js';

/**
 * Issue 11 item 2, the planner's side: a position difference that the live stream may explain is
 * deferred (SKIPPED, rule POSITION_DEFERRED, with the reason), never "fixed" with a synthetic order.
 * keel's position here: BUY 100 filled at NOW - 7000 (fixtures' `cachePosition`, trade T-O-POS-1).
 */
class LiveBook extends Book {
  orders(q: { instrumentId?: string } = {}): Order[] {
    return [...this.orderMap.values()].filter((o) => q.instrumentId === undefined || o.instrumentId === q.instrumentId);
  }
}

function planLive(book: Book, ms: ExecutionMassStatus, live: { snapshotAskedNs?: bigint; pendingInstruments?: ReadonlySet<string> }): ReconciliationPlan {
  return planReconciliation({ traderId: TRADER, instruments, claims: {}, nowNs: NOW, trigger: 'MANUAL', massStatus: ms, view: book, config: {}, ...live });
}

const positionItem = (p: ReconciliationPlan) => {
  const i = p.items.find((x) => x.kind === 'position')!;
  return [i.outcome, i.rule, p.counts.syntheticOrders];
};

describe('position differences the live stream explains are deferred', () => {
  it('a fill keel applied after it asked for the snapshot, which the snapshot lacks: deferred, nothing created', () => {
    const book = new LiveBook();
    cachePosition(book, 100, '1.00000');

    const p = planLive(book, mass({ positions: [positionReport({ side: 'FLAT', qty: '0' })] }), { snapshotAskedNs: NOW - 7_500n });

    expect(positionItem(p)).toEqual(['SKIPPED', 'POSITION_DEFERRED', 0]);
    expect(p.steps).toEqual([]);
    expect(p.items.find((x) => x.kind === 'position')!.reason).toBe(
      'keel holds 100 and the venue 0, deferred: fill T-O-POS-1 of O-POS-1 was applied after the venue\'s snapshot was asked for and is not in it',
    );
  });

  it('the same fill in the snapshot, or applied before the snapshot was asked for, explains nothing: the synthetic order is made as before', () => {
    const inSnapshot = new LiveBook();
    cachePosition(inSnapshot, 100, '1.00000');
    const withFill = mass({ fills: [fillReport({ tradeId: 'T-O-POS-1', venueOrderId: 'V-O-POS-1', clientOrderId: 'O-POS-1', qty: '100', px: '1.00000' })],
      positions: [positionReport({ side: 'FLAT', qty: '0' })] });
    const before = new LiveBook();
    cachePosition(before, 100, '1.00000');

    expect(positionItem(planLive(inSnapshot, withFill, { snapshotAskedNs: NOW - 7_500n }))).toEqual(['CREATED', undefined, 1]);
    expect(positionItem(planLive(before, mass({ positions: [positionReport({ side: 'FLAT', qty: '0' })] }), { snapshotAskedNs: NOW }))).toEqual(['CREATED', undefined, 1]);
  });

  it('an order in flight that the snapshot does not report: deferred; once the snapshot reports it, it is not', () => {
    const book = new LiveBook();
    cachePosition(book, 100, '1.00000');
    cacheOrder(book, { clientOrderId: 'O-FLY', status: 'SUBMITTED', side: 'SELL', quantity: '100' });

    const deferred = planLive(book, mass({ positions: [positionReport({ side: 'FLAT', qty: '0' })] }), { snapshotAskedNs: NOW });
    const reported = planLive(book, mass({ orders: [orderReport({ clientOrderId: 'O-FLY', venueOrderId: 'V-FLY', side: 'SELL', quantity: '100', status: 'CANCELED' })],
      positions: [positionReport({ side: 'FLAT', qty: '0' })] }), { snapshotAskedNs: NOW });

    expect(positionItem(deferred)).toEqual(['SKIPPED', 'POSITION_DEFERRED', 0]);
    expect(deferred.items.find((x) => x.kind === 'position')!.reason).toMatch(/order O-FLY is in flight \(SUBMITTED\) and not in the venue's snapshot$/);
    expect(positionItem(reported)).toEqual(['CREATED', undefined, 1]);
  });

  it('venue events for the instrument still queued in keel: deferred', () => {
    const book = new LiveBook();
    cachePosition(book, 100, '1.00000');

    const p = planLive(book, mass({ positions: [positionReport({ side: 'LONG', qty: '150' })] }), { snapshotAskedNs: NOW, pendingInstruments: new Set(['AUDUSD.SIM']) });

    expect(positionItem(p)).toEqual(['SKIPPED', 'POSITION_DEFERRED', 0]);
    expect(p.items.find((x) => x.kind === 'position')!.reason).toBe('keel holds 100 and the venue 150, deferred: venue events for AUDUSD.SIM are still queued in keel: the difference may be theirs');
  });

  it('order and position reports out of step (a fill the snapshot reports is newer than its position report): deferred', () => {
    const book = new LiveBook();
    cacheOrder(book, { clientOrderId: 'O-1', venueOrderId: 'V-1', quantity: '100' });
    const ms = mass({
      orders: [orderReport({ clientOrderId: 'O-1', venueOrderId: 'V-1', quantity: '100', filledQty: '100', status: 'FILLED', avgPx: '1.00000' })],
      fills: [fillReport({ tradeId: 'T-NEW', venueOrderId: 'V-1', clientOrderId: 'O-1', qty: '100', px: '1.00000', tsEvent: NOW - 100n })],
      positions: [positionReport({ side: 'FLAT', qty: '0' })], // tsLast NOW - 500: before T-NEW
    });

    const p = planLive(book, ms, {});

    expect(positionItem(p)).toEqual(['SKIPPED', 'POSITION_DEFERRED', 0]);
    expect(p.items.find((x) => x.kind === 'position')!.reason).toMatch(/fill T-NEW of O-1 happened after the venue's position report was last changed .*out of step$/);
    // The order's own fill is still applied: only the position alignment waits.
    expect(p.steps.map((x) => (x.kind === 'applyEvent' ? x.event.type : 'create'))).toEqual(['OrderFilled']);
  });

  it('the race of a manual reconciliation: keel filled an order after the snapshot; its report (ACCEPTED, 0) and the FLAT position are both left as keel has them', () => {
    const book = new LiveBook();
    const order = cacheOrder(book, { clientOrderId: 'O-1', venueOrderId: 'V-1', type: 'MARKET', quantity: '100', fills: [['T-1', '100', '1.00000']] });
    const ms = mass({
      orders: [orderReport({ clientOrderId: 'O-1', venueOrderId: 'V-1', orderType: 'MARKET', price: null, quantity: '100', status: 'ACCEPTED' })],
      positions: [positionReport({ side: 'FLAT', qty: '0' })],
    });

    const p = planLive(book, ms, { snapshotAskedNs: NOW - 7_500n });

    expect(p.steps).toEqual([]);
    expect(positionItem(p)).toEqual(['SKIPPED', 'POSITION_DEFERRED', 0]);
    const orderRow = p.items.find((x) => x.kind === 'order')!;
    expect([orderRow.outcome, orderRow.rule, p.success]).toEqual(['SKIPPED', 'ORDER_DEFERRED', true]);
    expect(orderRow.reason).toBe("keel applied fill T-1 after the venue's snapshot was taken: its filled 0 is behind keel's 100; the next reconciliation looks again");
    expect([order.status, book.net('AUDUSD.SIM')]).toEqual(['FILLED', '100']);
  });
});

describe('an order report behind keel because keel applied fills after the snapshot was asked for', () => {
  const setup = () => {
    const book = new LiveBook();
    cacheOrder(book, { clientOrderId: 'O-AHEAD', venueOrderId: 'V-AHEAD', quantity: '100', fills: [['T-1', '40', '1.00000'], ['T-2', '60', '1.00000']] });
    const ms = mass({
      orders: [orderReport({ clientOrderId: 'O-AHEAD', venueOrderId: 'V-AHEAD', quantity: '100', filledQty: '40', avgPx: '1.00000', status: 'PARTIALLY_FILLED' })],
      fills: [fillReport({ tradeId: 'T-1', venueOrderId: 'V-AHEAD', clientOrderId: 'O-AHEAD', qty: '40', px: '1.00000' })],
    });
    return { book, ms };
  };
  const orderItem = (p: ReconciliationPlan) => p.items.find((x) => x.kind === 'order')!;

  it('is deferred (SKIPPED ORDER_DEFERRED, the run succeeds), naming the fill the snapshot lacks', () => {
    const { book, ms } = setup();

    const p = planLive(book, ms, { snapshotAskedNs: NOW - 7_000n });

    expect([orderItem(p).outcome, orderItem(p).rule, p.success, p.steps]).toEqual(['SKIPPED', 'ORDER_DEFERRED', true, []]);
    expect(orderItem(p).reason).toBe("keel applied fill T-2 after the venue's snapshot was taken: its filled 40 is behind keel's 100; the next reconciliation looks again");
  });

  it('when keel had that fill before the snapshot was asked for, nothing explains it: the order fails and nothing changes', () => {
    const { book, ms } = setup();

    const p = planLive(book, ms, { snapshotAskedNs: NOW });

    expect([orderItem(p).outcome, p.success, p.steps]).toEqual(['FAILED', false, []]);
    expect(orderItem(p).reason).toBe("venue filled 40 is below keel's 100: left unchanged");
  });
});
