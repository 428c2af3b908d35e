import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../../src/engine/execution/reconciliation/apply.js';
import { planOrderReport } from '../../../../src/engine/execution/reconciliation/plan.js';
import type { OrderFilled } from '../../../../src/engine/model/events.js';
import { externalClientOrderId } from '../../../../src/engine/model/identifiers.js';
import { Book, NOW, TRADER, cacheOrder, fillReport, instruments, mass, orderReport, plan, stepTypes } from './fixtures.js';

/** Scenarios 1–12 of spec/scenarios.md at the planner level (plan, then apply to a real Order). */
describe('start-up reconciliation of orders', () => {
  it('1: an unknown REJECTED order is created REJECTED for EXTERNAL, tag VENUE, reason kept', () => {
    const book = new Book();
    const p = plan(book, mass({ orders: [orderReport({ status: 'REJECTED', reason: 'SOME_REASON' })] }));
    applyPlan(p, book);

    const o = book.order('O-123456')!;
    expect(stepTypes(p)).toEqual(['OrderInitialized', 'OrderRejected']);
    expect(o.status).toBe('REJECTED');
    expect(o.strategyId).toBe('EXTERNAL');
    expect(o.tags).toEqual(['VENUE']);
    expect(o.lastEvent).toMatchObject({ type: 'OrderRejected', reason: 'SOME_REASON' });
    expect(p.items[0]).toMatchObject({ kind: 'order', key: 'O-123456', outcome: 'CREATED', createdOrders: ['O-123456'] });
  });

  it('1b: a REJECTED report without a reason gives UNKNOWN', () => {
    const book = new Book();
    applyPlan(plan(book, mass({ orders: [orderReport({ status: 'REJECTED' })] })), book);

    expect(book.order('O-123456')!.lastEvent).toMatchObject({ type: 'OrderRejected', reason: 'UNKNOWN' });
  });

  it.each([
    ['ACCEPTED', 'LIMIT', ['OrderInitialized', 'OrderAccepted'], 'ACCEPTED', true],
    ['CANCELED', 'LIMIT', ['OrderInitialized', 'OrderAccepted', 'OrderCanceled'], 'CANCELED', false],
    ['EXPIRED', 'STOP_LIMIT', ['OrderInitialized', 'OrderAccepted', 'OrderExpired'], 'EXPIRED', false],
  ] as const)('2: reported %s (%s) → steps %j, status %s', (status, type, steps, final, open) => {
    const book = new Book();
    const r = orderReport({ status, orderType: type, ...(type === 'STOP_LIMIT' ? { triggerPrice: '1.00100', timeInForce: 'GTD', expireTime: NOW } : {}) });
    const p = plan(book, mass({ orders: [r] }));
    applyPlan(p, book);

    expect(stepTypes(p)).toEqual(steps);
    expect(book.order('O-123456')!.status).toBe(final);
    expect(book.order('O-123456')!.isOpen).toBe(open);
  });

  it.each([
    ['STOP_LIMIT', 'TRIGGERED', true],
    ['LIMIT_IF_TOUCHED', 'TRIGGERED', true],
    ['STOP_MARKET', 'ACCEPTED', true],
    ['MARKET_IF_TOUCHED', 'ACCEPTED', true],
  ] as const)('3: %s reported TRIGGERED → %s', (type, final, open) => {
    const book = new Book();
    const r = orderReport({
      status: 'TRIGGERED',
      orderType: type,
      triggerPrice: '1.00000',
      price: type === 'STOP_LIMIT' || type === 'LIMIT_IF_TOUCHED' ? '0.99500' : null,
    });
    applyPlan(plan(book, mass({ orders: [r] })), book);

    expect(book.order('O-123456')!.status).toBe(final);
    expect(book.order('O-123456')!.isOpen).toBe(open);
  });

  it('4: FILLED post-only with no fill reports → one inferred MAKER fill of 10000 @1.00000 marked reconciliation', () => {
    const book = new Book();
    const p = plan(book, mass({ orders: [orderReport({ status: 'FILLED', filledQty: '10000', avgPx: '1.00000', postOnly: true })] }));
    applyPlan(p, book);

    const o = book.order('O-123456')!;
    const fills = o.fills;
    expect(o.status).toBe('FILLED');
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ liquiditySide: 'MAKER', reconciliation: true });
    expect(fills[0]!.lastQty.toString()).toBe('10000');
    expect(fills[0]!.lastPx.toString()).toBe('1.00000');
    expect(p.items[0]!.inferredFills).toEqual([fills[0]!.tradeId]);
    expect(p.counts.inferredFills).toBe(1);
  });

  it('5: PARTIALLY_FILLED 5000 of 10000 with fill 1 → PARTIALLY_FILLED, filled 5000, no inferred fill', () => {
    const book = new Book();
    const p = plan(
      book,
      mass({ orders: [orderReport({ status: 'PARTIALLY_FILLED', filledQty: '5000', avgPx: '1.00000' })], fills: [fillReport({ tradeId: '1', qty: '5000', px: '1.00000' })] }),
    );
    applyPlan(p, book);

    const o = book.order('O-123456')!;
    expect(o.status).toBe('PARTIALLY_FILLED');
    expect(o.filledQty.toString()).toBe('5000');
    expect(o.tradeIds).toEqual(['1']);
    expect(p.counts.inferredFills).toBe(0);
    expect(p.items.find((i) => i.kind === 'fill')).toMatchObject({ key: '1', outcome: 'UPDATED' });
  });

  it('6: CANCELED with 5000 filled and fill 1 → CANCELED, filled 5000, last trade id 1 (fill before cancel)', () => {
    const book = new Book();
    const p = plan(book, mass({ orders: [orderReport({ status: 'CANCELED', filledQty: '5000', avgPx: '1.00000' })], fills: [fillReport({ tradeId: '1', qty: '5000', px: '1.00000' })] }));
    applyPlan(p, book);

    const o = book.order('O-123456')!;
    expect(stepTypes(p)).toEqual(['OrderInitialized', 'OrderAccepted', 'OrderFilled', 'OrderCanceled']);
    expect(o.status).toBe('CANCELED');
    expect(o.filledQty.toString()).toBe('5000');
    expect(o.lastTradeId).toBe('1');
  });

  it('7: cached GTD LIMIT reported EXPIRED with 3000 filled → EXPIRED, filled 3000, last trade T-EXPIRE-001', () => {
    const book = new Book();
    cacheOrder(book, { clientOrderId: 'O-GTD-1', venueOrderId: 'V-EXPIRE-001', timeInForce: 'GTD', expireTime: NOW });
    const r = orderReport({ clientOrderId: 'O-GTD-1', venueOrderId: 'V-EXPIRE-001', status: 'EXPIRED', filledQty: '3000', avgPx: '1.00000', timeInForce: 'GTD' });
    const p = plan(book, mass({ orders: [r], fills: [fillReport({ tradeId: 'T-EXPIRE-001', venueOrderId: 'V-EXPIRE-001', qty: '3000', px: '1.00000' })] }));
    applyPlan(p, book);

    const o = book.order('O-GTD-1')!;
    expect(o.status).toBe('EXPIRED');
    expect(o.filledQty.toString()).toBe('3000');
    expect(o.lastTradeId).toBe('T-EXPIRE-001');
    expect(p.items[0]).toMatchObject({ outcome: 'UPDATED', had: { status: 'ACCEPTED', filled: '0' } });
  });

  it('8: a locally SUBMITTED SELL 50000 @1.10000 reported REJECTED keeps the venue reason', () => {
    const book = new Book();
    cacheOrder(book, { clientOrderId: 'O-SUB-1', side: 'SELL', quantity: '50000', price: '1.10000', status: 'SUBMITTED' });
    const r = orderReport({ clientOrderId: 'O-SUB-1', venueOrderId: 'V-9', side: 'SELL', quantity: '50000', price: '1.10000', status: 'REJECTED', reason: 'INSUFFICIENT_MARGIN' });
    applyPlan(plan(book, mass({ orders: [r] })), book);

    expect(book.order('O-SUB-1')!.status).toBe('REJECTED');
    expect(book.order('O-SUB-1')!.lastEvent).toMatchObject({ type: 'OrderRejected', reason: 'INSUFFICIENT_MARGIN' });
  });

  it('9: cached ACCEPTED V-001 reported PARTIALLY_FILLED 50000 with T-001, commission 2.50 USD → filled 50000, average 1.0', () => {
    const book = new Book();
    cacheOrder(book, { clientOrderId: 'O-9', venueOrderId: 'V-001', quantity: '100000' });
    const r = orderReport({ clientOrderId: 'O-9', venueOrderId: 'V-001', quantity: '100000', status: 'PARTIALLY_FILLED', filledQty: '50000', avgPx: '1.00000' });
    applyPlan(plan(book, mass({ orders: [r], fills: [fillReport({ tradeId: 'T-001', venueOrderId: 'V-001', qty: '50000', px: '1.00000', commission: '2.50' })] })), book);

    const o = book.order('O-9')!;
    expect(o.status).toBe('PARTIALLY_FILLED');
    expect(o.filledQty.toString()).toBe('50000');
    expect(o.avgPx!.eq(o.avgPx!.withPrecision(1))).toBe(true);
    expect(o.avgPx!.toNumber()).toBe(1.0);
    expect((o.fill('T-001') as OrderFilled).commission.toString()).toBe('2.50 USD');
  });

  it('10: a runtime report FILLED with filled 0 for a cached FILLED MARKET order fails and leaves the order unchanged', () => {
    const book = new Book();
    const o = cacheOrder(book, { clientOrderId: 'O-MKT', venueOrderId: 'V-MKT', type: 'MARKET', quantity: '100', fills: [['T-M1', '100', '1.00000']] });
    const before = o.eventCount;
    const r = orderReport({ clientOrderId: 'O-MKT', venueOrderId: 'V-MKT', orderType: 'MARKET', quantity: '100', price: null, status: 'FILLED', filledQty: '0' });

    const p = planOrderReport(r, [], book, {}, { traderId: TRADER, instruments, nowNs: NOW, trigger: 'RUNTIME', venue: 'SIM' });
    const result = applyPlan(p, book);

    expect(p.success).toBe(false);
    expect(p.steps).toHaveLength(0);
    expect(result.items[0]).toMatchObject({ outcome: 'FAILED', key: 'O-MKT' });
    expect(result.items[0]!.reason).toContain('below');
    expect(o.status).toBe('FILLED');
    expect(o.eventCount).toBe(before);
  });

  it.each([
    [false, 'MATCHED', 'ACCEPTED', '0'],
    [true, 'UPDATED', 'FILLED', '12000'],
  ] as const)('11: an inferred fill past the quantity with allowOverfills=%s → order %s', (allow, outcome, status, filled) => {
    const book = new Book(allow);
    cacheOrder(book, { clientOrderId: 'O-OVER', venueOrderId: 'V-OVER' });
    const r = orderReport({ clientOrderId: 'O-OVER', venueOrderId: 'V-OVER', status: 'FILLED', filledQty: '12000', avgPx: '1.00000' });
    const result = applyPlan(plan(book, mass({ orders: [r] }), { allowOverfills: allow }), book);

    expect(result.success).toBe(true);
    expect(result.items[0]!.outcome).toBe(outcome);
    expect(book.order('O-OVER')!.status).toBe(status);
    expect(book.order('O-OVER')!.filledQty.toString()).toBe(filled);
    expect(result.items.filter((i) => i.rule === 'OVERFILL_REFUSED').map((i) => [i.kind, i.venue['quantity']])).toEqual(allow ? [] : [['fill', '12000']]);
  });

  it('11b: FILLED SELL 100 with T-1 70 and T-2 50, allowOverfills=false → T-1 applied, T-2 refused, no inferred fill repeats it, success', () => {
    const book = new Book();
    const r = orderReport({ clientOrderId: 'C-OF', venueOrderId: 'V-OF', side: 'SELL', quantity: '100', status: 'FILLED', filledQty: '120', avgPx: '1.00000' });
    const fills = [
      fillReport({ tradeId: 'T-1', venueOrderId: 'V-OF', qty: '70', px: '1.00000', tsEvent: NOW - 3_000n }),
      fillReport({ tradeId: 'T-2', venueOrderId: 'V-OF', qty: '50', px: '1.00000', tsEvent: NOW - 2_000n }),
    ];
    const p = plan(book, mass({ orders: [r], fills }));
    const result = applyPlan(p, book);

    const o = book.order('C-OF')!;
    expect([result.success, o.status, o.filledQty.toString(), o.fills.map((f) => f.tradeId)]).toEqual([true, 'PARTIALLY_FILLED', '70', ['T-1']]);
    expect(result.items.filter((i) => i.kind === 'fill').map((i) => [i.key, i.outcome, i.rule])).toEqual([
      ['T-1', 'UPDATED', undefined],
      ['T-2', 'SKIPPED', 'OVERFILL_REFUSED'],
    ]);
    expect(result.counts.inferredFills).toBe(0);
    expect(result.items.find((i) => i.key === 'T-2')!.reason).toContain('would take filled to 120 of quantity 100');
    expect(result.items[0]).toMatchObject({ kind: 'order', outcome: 'CREATED' });
    expect(result.items[0]!.reason).toContain('T-2');
  });

  it('11c: the same order with allowOverfills=true → both fills applied, filled 120', () => {
    const book = new Book(true);
    const r = orderReport({ clientOrderId: 'C-OF', venueOrderId: 'V-OF', side: 'SELL', quantity: '100', status: 'FILLED', filledQty: '120', avgPx: '1.00000' });
    const fills = [fillReport({ tradeId: 'T-1', venueOrderId: 'V-OF', qty: '70', px: '1.00000' }), fillReport({ tradeId: 'T-2', venueOrderId: 'V-OF', qty: '50', px: '1.00000' })];
    const result = applyPlan(plan(book, mass({ orders: [r], fills }), { allowOverfills: true }), book);

    expect([result.success, book.order('C-OF')!.filledQty.toString(), result.counts.skipped]).toEqual([true, '120', 0]);
  });

  const aud = orderReport({ clientOrderId: 'order-1', venueOrderId: 'A1' });
  const gbp = orderReport({ clientOrderId: 'order-2', venueOrderId: 'G2', instrumentId: 'GBPUSD.SIM' });
  const filtered = orderReport({ clientOrderId: 'filter-this-id', venueOrderId: 'F3' });
  it.each([
    ['include AUDUSD', { reconciliationInstrumentIds: ['AUDUSD.SIM'] }, [aud, gbp], ['order-1']],
    ['include list empty', { reconciliationInstrumentIds: [] }, [aud, gbp], ['order-1', 'order-2']],
    ['no filter', {}, [aud, filtered], ['order-1', 'filter-this-id']],
    ['filtered id', { filteredClientOrderIds: ['filter-this-id'] }, [aud, filtered], ['order-1']],
  ])('12: %s → cached %j, success', (_name, config, reports, cached) => {
    const book = new Book();
    const result = applyPlan(plan(book, mass({ orders: reports }), config), book);

    expect([...book.orderMap.keys()]).toEqual(cached);
    expect(result.success).toBe(true);
  });

  it('12b: skipped reports say which rule skipped them', () => {
    const book = new Book();
    const reports = [orderReport({ clientOrderId: 'order-2', venueOrderId: 'G2', instrumentId: 'GBPUSD.SIM' }), orderReport({ clientOrderId: 'filter-this-id', venueOrderId: 'F3' })];
    const p = plan(book, mass({ orders: reports }), { reconciliationInstrumentIds: ['AUDUSD.SIM'], filteredClientOrderIds: ['filter-this-id'] });

    expect(p.items.map((i) => [i.key, i.outcome, i.rule])).toEqual([
      ['order-2', 'SKIPPED', 'INSTRUMENT_NOT_INCLUDED'],
      ['filter-this-id', 'SKIPPED', 'FILTERED_CLIENT_ORDER_ID'],
    ]);
    expect(p.counts.skipped).toBe(2);
  });

  it('an order report without a client order id gets the deterministic external id', () => {
    const book = new Book();
    const { clientOrderId: _omit, ...noId } = orderReport({ venueOrderId: '77' });
    applyPlan(plan(book, mass({ orders: [noId] })), book);

    expect(book.order(externalClientOrderId('SIM', '77'))!.venueOrderId).toBe('77');
  });
});
