import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../../src/engine/execution/reconciliation/apply.js';
import type { PlanTarget } from '../../../../src/engine/execution/reconciliation/types.js';
import { Book, cacheOrder, fillReport, mass, orderReport, plan, positionReport } from './fixtures.js';

/** A venue state that exercises every kind of step: an external filled order, a cached order, a position gap. */
function venueState() {
  return mass({
    orders: [
      orderReport({ clientOrderId: 'O-EXT', venueOrderId: 'E1', status: 'FILLED', filledQty: '10000', avgPx: '1.00000', postOnly: true }),
      orderReport({ clientOrderId: 'O-LOCAL-1', venueOrderId: 'V-LOCAL-1', status: 'PARTIALLY_FILLED', filledQty: '4000', avgPx: '1.00000' }),
    ],
    fills: [fillReport({ tradeId: 'T-L1', venueOrderId: 'V-LOCAL-1', qty: '4000', px: '1.00000' })],
    positions: [positionReport({ side: 'LONG', qty: '20000', avgPx: '1.00000' })],
  });
}

describe('determinism', () => {
  it('planning the same state twice gives the same steps and ids', () => {
    const book = new Book();
    cacheOrder(book);

    const first = plan(book, venueState());
    const second = plan(book, venueState());

    expect(first.steps.length).toBe(3 + 1 + 3); // external order, local fill, position alignment
    expect(second.steps).toEqual(first.steps);
  });

  it('applying a plan then planning the same mass status again finds nothing to do', () => {
    const book = new Book();
    cacheOrder(book);
    const result = applyPlan(plan(book, venueState()), book);

    const again = plan(book, venueState());

    expect(result.success).toBe(true);
    expect(book.net('AUDUSD.SIM')).toBe('20000');
    expect(again.steps).toEqual([]);
    expect(again.items.map((i) => i.outcome)).toEqual(['MATCHED', 'MATCHED', 'MATCHED', 'MATCHED']);
  });

  it('a fill report older than an inferred fill already applied is assumed included in it', () => {
    const book = new Book();
    applyPlan(plan(book, mass({ orders: [orderReport({ status: 'FILLED', filledQty: '10000', avgPx: '1.00000' })] })), book);

    const later = plan(
      book,
      mass({
        orders: [orderReport({ status: 'FILLED', filledQty: '10000', avgPx: '1.00000' })],
        fills: [fillReport({ tradeId: 'T-OLD', qty: '10000', px: '1.00000', tsEvent: 1n })],
      }),
    );

    expect(later.steps).toEqual([]);
    expect(later.items.find((i) => i.kind === 'fill')).toMatchObject({ key: 'T-OLD', outcome: 'SKIPPED', rule: 'INCLUDED_IN_INFERRED_FILL' });
  });

  it('a later fill makes an inferred fill whose price brings our average to the venue\'s', () => {
    const book = new Book();
    cacheOrder(book, { fills: [['T-1', '5000', '1.00000']] });

    const p = plan(book, mass({ orders: [orderReport({ clientOrderId: 'O-LOCAL-1', venueOrderId: 'V-LOCAL-1', status: 'FILLED', filledQty: '10000', avgPx: '1.05000' })] }));
    applyPlan(p, book);

    expect(book.order('O-LOCAL-1')!.fills[1]!.lastPx.toString()).toBe('1.10000');
    expect(book.order('O-LOCAL-1')!.avgPx!.toNumber()).toBe(1.05);
  });
});

describe('claims, filters and duplicates', () => {
  it('an unclaimed external order is dropped and counted with filterUnclaimedExternalOrders', () => {
    const book = new Book();
    const p = plan(book, mass({ orders: [orderReport()] }), { filterUnclaimedExternalOrders: true });

    expect(p.steps).toEqual([]);
    expect(p.items[0]).toMatchObject({ outcome: 'SKIPPED', rule: 'UNCLAIMED_EXTERNAL' });
    expect(p.counts.externalDropped).toBe(1);
  });

  it('a claimed external order is kept under filterUnclaimedExternalOrders and owned by the claimer', () => {
    const book = new Book();
    const p = plan(book, mass({ orders: [orderReport()] }), { filterUnclaimedExternalOrders: true }, { 'AUDUSD.SIM': 'EmaCross-001' });
    applyPlan(p, book);

    expect(book.order('O-123456')!.strategyId).toBe('EmaCross-001');
    expect(p.counts.externalDropped).toBe(0);
  });

  it('position alignment orders are never dropped by filterUnclaimedExternalOrders', () => {
    const book = new Book();
    const p = plan(book, mass({ positions: [positionReport({ side: 'LONG', qty: '100' })] }), { filterUnclaimedExternalOrders: true });

    expect(p.counts.syntheticOrders).toBe(1);
  });

  it('duplicate order and fill reports are dropped: one order, one fill', () => {
    const book = new Book();
    const r = orderReport({ status: 'PARTIALLY_FILLED', filledQty: '5000', avgPx: '1.00000' });
    const f = fillReport({ tradeId: '1', qty: '5000', px: '1.00000' });
    const p = plan(book, mass({ orders: [r, r], fills: [f, f] }));
    applyPlan(p, book);

    expect(book.order('O-123456')!.filledQty.toString()).toBe('5000');
    expect(p.items.filter((i) => i.rule === 'DUPLICATE_REPORT').map((i) => i.kind)).toEqual(['order', 'fill']);
  });

  it('a trade id we have with other data keeps ours and says so', () => {
    const book = new Book();
    cacheOrder(book, { fills: [['T-1', '5000', '1.00000']] });
    const p = plan(
      book,
      mass({
        orders: [orderReport({ clientOrderId: 'O-LOCAL-1', venueOrderId: 'V-LOCAL-1', status: 'PARTIALLY_FILLED', filledQty: '5000', avgPx: '1.00000' })],
        fills: [fillReport({ tradeId: 'T-1', venueOrderId: 'V-LOCAL-1', qty: '5000', px: '1.00100' })],
      }),
    );

    expect(p.steps).toEqual([]);
    expect(p.items[1]).toMatchObject({ kind: 'fill', outcome: 'MATCHED' });
    expect(p.items[1]!.reason).toContain('keel\'s fill kept');
  });

  it('a closed RECONCILIATION order reported again is skipped', () => {
    const book = new Book();
    cacheOrder(book, { clientOrderId: 'O-R', venueOrderId: 'V-R', tags: ['RECONCILIATION'], quantity: '100', fills: [['T-R', '100', '1.00000']] });
    const p = plan(book, mass({ orders: [orderReport({ clientOrderId: 'O-R', venueOrderId: 'V-R', quantity: '100', status: 'FILLED', filledQty: '100', avgPx: '1.00000' })] }));

    expect(p.items[0]).toMatchObject({ outcome: 'SKIPPED', rule: 'RECONCILIATION_ORDER_CLOSED' });
  });

  it('a fill for a venue order nobody knows is listed for a query, not dropped silently', () => {
    const book = new Book();
    const p = plan(book, mass({ fills: [fillReport({ tradeId: 'T-X', venueOrderId: 'V-UNKNOWN', qty: '10', px: '1.00000' })] }));

    expect(p.unknownOrderFills).toEqual(['V-UNKNOWN']);
    expect(p.items[0]).toMatchObject({ kind: 'fill', rule: 'ORDER_UNKNOWN' });
  });
});

describe('applyPlan', () => {
  it('a step that throws fails its item, skips the rest of that order and keeps the others', () => {
    const book = new Book();
    const p = plan(book, mass({ orders: [orderReport({ clientOrderId: 'O-A', venueOrderId: 'A' }), orderReport({ clientOrderId: 'O-B', venueOrderId: 'B' })] }));
    const target: PlanTarget = {
      addOrder: (o) => book.addOrder(o),
      applyEvent: (e) => {
        if (e.clientOrderId === 'O-A') throw new Error('engine refused');
        book.applyEvent(e);
      },
    };

    const result = applyPlan(p, target, { clock: { timestampNs: () => p.tsStarted + 3_000_000n } });

    expect(result.items.map((i) => [i.key, i.outcome])).toEqual([
      ['O-A', 'FAILED'],
      ['O-B', 'CREATED'],
    ]);
    expect(result.success).toBe(false);
    expect(result.durationMs).toBe(3);
    expect(book.order('O-B')!.status).toBe('ACCEPTED');
  });
});
