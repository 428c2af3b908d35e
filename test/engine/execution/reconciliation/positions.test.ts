import { describe, expect, it } from 'vitest';
import { Decimal, Price } from '../../../../src/engine/core/decimal.js';
import { applyPlan } from '../../../../src/engine/execution/reconciliation/apply.js';
import { exposureOf } from '../../../../src/engine/execution/reconciliation/exposure.js';
import { reconciliationPrice } from '../../../../src/engine/execution/reconciliation/prices.js';
import type { PlanStep } from '../../../../src/engine/execution/reconciliation/types.js';
import { Book, cachePosition, mass, plan, positionReport } from './fixtures.js';

const created = (steps: readonly PlanStep[]) => steps.flatMap((s) => (s.kind === 'createOrder' ? [s.init] : []));

/** Scenarios 13–17 of spec/scenarios.md (NETTING unless a venue position id is given). */
describe('start-up reconciliation of positions', () => {
  it.each([
    [100, 'LONG', '150', 'BUY', '50', '150'],
    [150, 'LONG', '100', 'SELL', '50', '100'],
    [-100, 'SHORT', '150', 'SELL', '50', '-150'],
    [-150, 'SHORT', '100', 'BUY', '50', '-100'],
    [100, 'FLAT', '0', 'SELL', '100', '0'],
    [-100, 'FLAT', '0', 'BUY', '100', '0'],
  ] as const)('13: ours %d vs venue %s %s → one synthetic %s %s, FILLED, nets to %s', (ours, side, qty, orderSide, orderQty, net) => {
    const book = new Book();
    cachePosition(book, ours, '1.00000');
    const p = plan(book, mass({ positions: [positionReport({ side, qty })] }));
    const result = applyPlan(p, book);

    const inits = created(p.steps);
    expect(inits).toHaveLength(1);
    expect(inits[0]).toMatchObject({ side: orderSide, strategyId: 'EXTERNAL', tags: ['RECONCILIATION'] });
    expect(inits[0]!.quantity.toString()).toBe(orderQty);
    expect(book.order(inits[0]!.clientOrderId)!.status).toBe('FILLED');
    expect(book.net('AUDUSD.SIM')).toBe(net);
    expect(result.counts).toMatchObject({ syntheticOrders: 1, created: 1, failed: 0 });
  });

  it('13b: crossing zero makes two orders: close ours, open the venue side', () => {
    const book = new Book();
    cachePosition(book, 100, '1.00000');
    const p = plan(book, mass({ positions: [positionReport({ side: 'SHORT', qty: '50', avgPx: '1.10000' })] }));
    applyPlan(p, book);

    expect(created(p.steps).map((i) => [i.side, i.quantity.toString(), i.price?.toString()])).toEqual([
      ['SELL', '100', '1.10000'],
      ['SELL', '50', '1.10000'],
    ]);
    expect(book.net('AUDUSD.SIM')).toBe('-50');
  });

  it('14: flat cache, venue LONG 100, no average and no quote → MARKET BUY 100 FILLED, EXTERNAL, RECONCILIATION', () => {
    const book = new Book();
    const p = plan(book, mass({ positions: [positionReport({ side: 'LONG', qty: '100' })] }));
    applyPlan(p, book);

    const [init] = created(p.steps);
    expect(init).toMatchObject({ orderType: 'MARKET', side: 'BUY', strategyId: 'EXTERNAL', tags: ['RECONCILIATION'] });
    expect(init!.quantity.toString()).toBe('100');
    expect(book.order(init!.clientOrderId)!.status).toBe('FILLED');
  });

  it('14b: with a quote bid 0.99990 / ask 1.00010 → LIMIT BUY 100 @1.00010, filled at 1.00010', () => {
    const book = new Book();
    book.quotes.set('AUDUSD.SIM', { bid: Price.from('0.99990'), ask: Price.from('1.00010') });
    const p = plan(book, mass({ positions: [positionReport({ side: 'LONG', qty: '100' })] }));
    applyPlan(p, book);

    const [init] = created(p.steps);
    const order = book.order(init!.clientOrderId)!;
    expect(init!.orderType).toBe('LIMIT');
    expect(init!.price!.toString()).toBe('1.00010');
    expect(order.status).toBe('FILLED');
    expect(order.avgPx!.toString()).toBe('1.00010');
  });

  it('15: a strategy claims AUDUSD.SIM → the order is that strategy\'s, with no tags', () => {
    const book = new Book();
    const p = plan(book, mass({ positions: [positionReport({ side: 'LONG', qty: '100' })] }), {}, { 'AUDUSD.SIM': 'EmaCross-001' });

    const inits = created(p.steps);
    expect(inits).toHaveLength(1);
    expect(inits[0]).toMatchObject({ strategyId: 'EmaCross-001', tags: [] });
  });

  it.each([
    ['a quantity mismatch', true, 100, '150', 1],
    ['a position we do not have', false, 0, '100', 1],
  ] as const)('16: HEDGING %s → one order (generateMissingOrders) / failure without it', (_name, cached, ours, venueQty, orders) => {
    const book = new Book();
    if (cached) cachePosition(book, ours, '1.00000', { positionId: 'P-V-1' });
    const report = positionReport({ side: 'LONG', qty: venueQty, avgPx: '1.00000', venuePositionId: 'P-V-1' });

    const generated = plan(book, mass({ positions: [report] }));
    const refused = plan(book, mass({ positions: [report] }), { generateMissingOrders: false });
    applyPlan(generated, book);

    expect(created(generated.steps)).toHaveLength(orders);
    expect(generated.success).toBe(true);
    expect(book.positionMap.get('P-V-1')!.signedQty.toString()).toBe(venueQty);
    expect(refused.success).toBe(false);
    expect(refused.steps).toHaveLength(0);
    expect(refused.items[0]!.outcome).toBe('FAILED');
  });

  it('16b: HEDGING venue flat and nothing cached → success, nothing to do', () => {
    const book = new Book();
    const p = plan(book, mass({ positions: [positionReport({ side: 'FLAT', qty: '0', venuePositionId: 'P-V-9' })] }), { generateMissingOrders: false });

    expect(p.success).toBe(true);
    expect(p.steps).toHaveLength(0);
    expect(p.items[0]!.outcome).toBe('MATCHED');
  });

  it.each([
    ['100 @1.00 → 150 @1.10', '100', '1.00', '150', '1.10', '1.30'],
    ['150 @1.00 → 100 @1.20', '150', '1.00', '100', '1.20', '0.60'],
    ['0 → 100 @1.05', '0', undefined, '100', '1.05', '1.05'],
    ['100 @1.0 → 0', '100', '1.0', '0', undefined, '1.0'],
    ['venue average missing', '100', '1.00', '150', undefined, undefined],
    ['a flip', '100', '1.00', '-50', '1.10', '1.10'],
    ['short 100 @1.00 → short 150 @1.10', '-100', '1.00', '-150', '1.10', '1.30'],
  ])('17: reconciliation price %s gives %s', (_name, ours, ourAvg, venue, venueAvg, expected) => {
    const px = reconciliationPrice(
      Decimal.from(ours),
      ourAvg === undefined ? undefined : Price.from(ourAvg),
      Decimal.from(venue),
      venueAvg === undefined ? undefined : Price.from(venueAvg),
      5,
    );

    if (expected === undefined) expect(px).toBeUndefined();
    else expect(px!.eq(Price.from(expected))).toBe(true);
  });

  it('17b: the synthetic order of 100 @1.00 → 150 @1.10 is a LIMIT BUY 50 @1.30 and moves our net average to 1.10', () => {
    const book = new Book();
    cachePosition(book, 100, '1.00000');
    const p = plan(book, mass({ positions: [positionReport({ side: 'LONG', qty: '150', avgPx: '1.10000' })] }));
    applyPlan(p, book);

    const [init] = created(p.steps);
    expect(init!.price!.toString()).toBe('1.30000');
    const net = exposureOf(book.positions({ instrumentId: 'AUDUSD.SIM' }), [], 0, 5);
    expect(net.signed.toString()).toBe('150');
    expect(net.avg!.eq(Price.from('1.10'))).toBe(true);
  });

  it('filterPositionReports skips every position report', () => {
    const book = new Book();
    const p = plan(book, mass({ positions: [positionReport({ side: 'LONG', qty: '100' })] }), { filterPositionReports: true });

    expect(p.steps).toHaveLength(0);
    expect(p.items[0]).toMatchObject({ outcome: 'SKIPPED', rule: 'POSITION_REPORTS_FILTERED' });
  });
});
