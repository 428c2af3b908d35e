import { afterEach, describe, expect, it } from 'vitest';
import { Strategy, type TradingNode, type LiveExecEngineConfigInput } from 'keel';
import { Cleanup, cacheOrder, createNode, startVenue } from '../engine/node/harness.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

type Side = 'LONG' | 'SHORT' | 'FLAT';

async function setup(opts: { oms?: 'NETTING' | 'HEDGING'; venue?: { side: Side; quantity: string; avgPxOpen?: string; venuePositionId?: string }; exec?: LiveExecEngineConfigInput }) {
  const venue = await startVenue({ omsType: opts.oms ?? 'NETTING' });
  cleanup.add(() => venue.stop());
  if (opts.venue) venue.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', ...opts.venue });
  const { node } = await createNode(venue, opts.exec ?? {});
  cleanup.add(() => node.dispose());
  return { venue, node };
}

/** Our position: one cached filled order (the execution engine opens the position from its fill). */
function ourPosition(node: TradingNode, side: 'LONG' | 'SHORT', qty: string, px = '1.00000', positionId?: string): void {
  cacheOrder(node, {
    clientOrderId: 'O-OURS', instrumentId: 'AUDUSD.SIM', side: side === 'LONG' ? 'BUY' : 'SELL', orderType: 'MARKET', quantity: qty, ...(positionId ? { positionId } : {}),
  }, ['SUBMITTED', { accepted: 'V-OURS' }, { fill: { tradeId: 'T-OURS', qty, px } }]);
}

const synthetic = (node: TradingNode) => node.cache.orders().filter((o) => o.clientOrderId !== 'O-OURS');

describe('start-up reconciliation of positions, NETTING (scenarios 13-15, 17)', () => {
  const rows: Array<[Side, string, Side, string, 'BUY' | 'SELL', string]> = [
    ['LONG', '100', 'LONG', '150', 'BUY', '50'],
    ['LONG', '150', 'LONG', '100', 'SELL', '50'],
    ['SHORT', '100', 'SHORT', '150', 'SELL', '50'],
    ['SHORT', '150', 'SHORT', '100', 'BUY', '50'],
    ['LONG', '100', 'FLAT', '0', 'SELL', '100'],
    ['SHORT', '100', 'FLAT', '0', 'BUY', '100'],
  ];
  it.each(rows)('13: ours %s %s vs venue %s %s → one synthetic FILLED %s %s', async (ourSide, ourQty, venueSide, venueQty, side, qty) => {
    const { node } = await setup({ venue: { side: venueSide, quantity: venueQty } });
    ourPosition(node, ourSide as 'LONG' | 'SHORT', ourQty);
    await node.start();
    const made = synthetic(node);
    expect(made.map((o) => [o.side, o.quantity.toString(), o.status, o.tags])).toEqual([[side, qty, 'FILLED', ['RECONCILIATION']]]);
    const net = node.cache.positionsOpen({ instrumentId: 'AUDUSD.SIM' }).reduce((s, p) => s + Number(p.signedQty.toString()), 0);
    expect(net).toBe(venueSide === 'SHORT' ? -Number(venueQty) : Number(venueQty));
  });

  it('14: flat cache, venue LONG 100 without average or quote → MARKET BUY 100 FILLED, EXTERNAL, RECONCILIATION', async () => {
    const { node } = await setup({ venue: { side: 'LONG', quantity: '100' } });
    await node.start();
    const made = synthetic(node);
    expect(made.map((o) => [o.type, o.side, o.quantity.toString(), o.status, o.strategyId, o.tags])).toEqual([['MARKET', 'BUY', '100', 'FILLED', 'EXTERNAL', ['RECONCILIATION']]]);
  });

  it('14: with a quote bid 0.99990 / ask 1.00010 → LIMIT BUY 100 @1.00010 filled at 1.00010', async () => {
    const { venue, node } = await setup({ venue: { side: 'LONG', quantity: '100' } });
    // Only the venue knows the quote: the node asks for it (snapshot on subscribe) before planning.
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    await node.start();
    const [o] = synthetic(node);
    expect([o!.type, o!.price?.toString(), o!.status, o!.avgPx?.toString()]).toEqual(['LIMIT', '1.00010', 'FILLED', '1.00010']);
  });

  it('15: a strategy claiming AUDUSD.SIM owns the synthetic order, with no tags', async () => {
    const { node } = await setup({ venue: { side: 'LONG', quantity: '100' } });
    const s = node.addStrategy(new (class Claimer extends Strategy {})({ externalOrderClaims: ['AUDUSD.SIM'] }));
    await node.start();
    const made = synthetic(node);
    expect(made.map((o) => [o.strategyId, o.tags, o.side, o.quantity.toString()])).toEqual([[s.id, [], 'BUY', '100']]);
    expect(s.state).toBe('RUNNING');
  });

  it('17: the synthetic fill price moves our average to the venue\'s (100 @1.00 → 150 @1.10 gives 1.30)', async () => {
    const { node } = await setup({ venue: { side: 'LONG', quantity: '150', avgPxOpen: '1.10' } });
    ourPosition(node, 'LONG', '100', '1.00');
    await node.start();
    expect(synthetic(node).map((o) => o.avgPx?.toString())).toEqual(['1.30000']);
  });

  it('17: a flip takes the venue\'s average for the opening leg', async () => {
    const { node } = await setup({ venue: { side: 'SHORT', quantity: '50', avgPxOpen: '1.05000' } });
    ourPosition(node, 'LONG', '100', '1.00000');
    await node.start();
    const made = synthetic(node);
    expect(made.map((o) => [o.side, o.quantity.toString()])).toEqual([['SELL', '100'], ['SELL', '50']]);
    expect(made[1]!.avgPx?.toString()).toBe('1.05000');
  });
});

describe('HEDGING positions (scenario 16)', () => {
  async function hedging(venuePos: { side: Side; quantity: string } | undefined, ours: string | undefined, exec: LiveExecEngineConfigInput = {}) {
    const { node } = await setup({ oms: 'HEDGING', exec, ...(venuePos ? { venue: { ...venuePos, venuePositionId: 'VP-1' } } : {}) });
    node.core.registerStrategy('EXTERNAL', { omsType: 'HEDGING' });
    if (ours !== undefined) ourPosition(node, 'LONG', ours, '1.00000', 'VP-1');
    return node;
  }

  it('a quantity mismatch → one order; a position we lack with venue quantity ≠ 0 → one order', async () => {
    const mismatch = await hedging({ side: 'LONG', quantity: '150' }, '100');
    await mismatch.start();
    expect(synthetic(mismatch).map((o) => [o.side, o.quantity.toString()])).toEqual([['BUY', '50']]);
    const missing = await hedging({ side: 'LONG', quantity: '100' }, undefined);
    await missing.start();
    expect(synthetic(missing).map((o) => [o.side, o.quantity.toString(), o.positionId])).toEqual([['BUY', '100', 'VP-1']]);
  });

  it('the same with generateMissingOrders false → reconciliation fails, strategies do not start, the node says why', async () => {
    const node = await hedging({ side: 'LONG', quantity: '150' }, '100', { generateMissingOrders: false });
    const s = node.addStrategy(new (class Waiter extends Strategy {})({}));
    await expect(node.start()).rejects.toMatchObject({ code: 'RECONCILIATION_FAILED' });
    expect([node.state, node.lastReconciliation?.success, s.state]).toEqual(['DEGRADED', false, 'READY']);
    expect(node.stateReason).toMatch(/reconciliation failed/);
    expect(synthetic(node)).toEqual([]);
  });

  it('venue flat and nothing cached → success, nothing made', async () => {
    const node = await hedging({ side: 'FLAT', quantity: '0' }, undefined);
    await node.start();
    expect([node.lastReconciliation?.success, node.cache.orders().length]).toEqual([true, 0]);
  });
});
