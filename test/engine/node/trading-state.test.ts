import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup, createNode, startVenue, until } from './harness.js';
import { Price, Quantity } from '../../../src/engine/core/decimal.js';
import { Strategy } from '../../../src/engine/strategy/strategy.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

class Plain extends Strategy {}

async function trading() {
  const venue = await startVenue();
  cleanup.add(() => venue.stop());
  venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
  const { node } = await createNode(venue);
  cleanup.add(() => node.dispose());
  const s = node.addStrategy(new Plain({}));
  await node.start();
  const status = (id: string) => node.cache.order(id)?.status;
  const market = (side: 'BUY' | 'SELL', qty: string) => {
    const o = s.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side, quantity: Quantity.from(qty) });
    s.submitOrder(o);
    return o.clientOrderId;
  };
  return { venue, node, s, status, market };
}

describe('node.halt / reduceOnly / resume (real venue)', () => {
  it('HALTED denies a submit and lets a cancel through; resume trades again; each move is audited and revertible', async () => {
    const { node, s, status, market } = await trading();
    const limit = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('100'), price: Price.from('0.50000') });
    s.submitOrder(limit);
    await until(() => status(limit.clientOrderId) === 'ACCEPTED', 3000, 'ACCEPTED');

    const halt = node.halt('operator check', 'repl');
    const denied = market('BUY', '100');
    s.cancelOrder(node.cache.order(limit.clientOrderId)!);
    await until(() => status(limit.clientOrderId) === 'CANCELED', 3000, 'CANCELED');

    expect([node.tradingState, status(denied)]).toEqual(['HALTED', 'DENIED']);
    expect(node.cache.order(denied)!.events.at(-1)).toMatchObject({ type: 'OrderDenied',
      reason: 'TRADING_HALTED: expected trading state ACTIVE for a new order, received HALTED (operator check); cancels still go out' });
    expect(halt).toMatchObject({ target: 'tradingState', source: 'repl', changes: [
      { key: 'reason', before: undefined, after: 'operator check' }, { key: 'tradingState', before: 'ACTIVE', after: 'HALTED' }] });

    const resumed = node.resume('notebook');
    const again = market('BUY', '100');
    await until(() => status(again) === 'FILLED', 3000, 'FILLED');
    expect(resumed).toMatchObject({ target: 'tradingState', source: 'notebook', changes: [
      { key: 'reason', before: 'operator check', after: undefined }, { key: 'tradingState', before: 'HALTED', after: 'ACTIVE' }] });

    // Undo the resume: back to HALTED with its reason, audited as a revert.
    const undo = node.revert(resumed.changeId, 'repl');
    expect([node.tradingState, node.riskEngine.tradingStateReason, undo.revertOf, undo.source]).toEqual(['HALTED', 'operator check', resumed.changeId, `repl (revert ${resumed.changeId})`]);
    expect(node.configChanges.filter((c) => c.target === 'tradingState').map((c) => c.changeId)).toEqual([halt.changeId, resumed.changeId, undo.changeId]);
  });

  it('REDUCING lets a reducing order through and denies an increasing one', async () => {
    const { node, status, market } = await trading();
    const open = market('BUY', '300');
    await until(() => status(open) === 'FILLED', 3000, 'open FILLED');

    node.reduceOnly('wind down');
    const up = market('BUY', '100');
    const down = market('SELL', '100');
    await until(() => status(down) === 'FILLED', 3000, 'reduce FILLED');

    expect([node.tradingState, status(up), status(down)]).toEqual(['REDUCING', 'DENIED', 'FILLED']);
    expect(node.cache.order(up)!.events.at(-1)).toMatchObject({ type: 'OrderDenied',
      reason: 'TRADING_REDUCING: expected an order that reduces the net position of AUDUSD.SIM (300), received BUY 100 (wind down)' });
    expect(node.cache.positionsOpen({ instrumentId: 'AUDUSD.SIM' }).map((p) => p.signedQty.toString())).toEqual(['200']);
  });
});
