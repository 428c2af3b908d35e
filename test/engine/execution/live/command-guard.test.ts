import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup, cacheOrder, createNode, startVenue } from '../../node/harness.js';
import type { TradingNode } from '../../../../src/engine/node.js';
import type { TradingCommand } from '../../../../src/engine/model/commands.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** A node that is not started: commands go through the live command queue, nothing is connected. */
async function nodeWithOrders(): Promise<{ node: TradingNode; warnings: () => string[]; errors: () => string[] }> {
  const venue = await startVenue();
  cleanup.add(() => venue.stop());
  const { node, logger } = await createNode(venue);
  cleanup.add(() => node.dispose());
  const limit = { instrumentId: 'AUDUSD.SIM', side: 'BUY' as const, orderType: 'LIMIT' as const, quantity: '100', price: '0.99000' };
  cacheOrder(node, { clientOrderId: 'O-FILLED', ...limit }, ['SUBMITTED', { accepted: 'V-1' }, { fill: { tradeId: 'T-1', qty: '100', px: '0.99000' } }]);
  cacheOrder(node, { clientOrderId: 'O-OPEN', ...limit }, ['SUBMITTED', { accepted: 'V-2' }]);
  return { node, warnings: () => logger.messages('warn'), errors: () => logger.messages('error') };
}

const cancel = (clientOrderId: string): TradingCommand => ({
  type: 'CancelOrder', commandId: `C-${clientOrderId}`, traderId: 'TRADER-001', strategyId: 'EXTERNAL', instrumentId: 'AUDUSD.SIM', clientOrderId, tsInit: 1n,
});
const modify = (clientOrderId: string): TradingCommand => ({
  type: 'ModifyOrder', commandId: `M-${clientOrderId}`, traderId: 'TRADER-001', strategyId: 'EXTERNAL', instrumentId: 'AUDUSD.SIM', clientOrderId, tsInit: 1n,
} as TradingCommand);

describe('stale cancel/modify commands are dropped before routing', () => {
  it('a cancel and a modify for a FILLED order: dropped with a warning naming the order and its status; no event, no error', async () => {
    const { node, warnings, errors } = await nodeWithOrders();
    const events = node.cache.order('O-FILLED')!.events.length;

    node.execEngine.execute(cancel('O-FILLED'));
    node.execEngine.execute(modify('O-FILLED'));
    await node.execEngine.whenIdle();

    expect(warnings()).toEqual([
      'CancelOrder for O-FILLED dropped: the order is closed (status FILLED)',
      'ModifyOrder for O-FILLED dropped: the order is closed (status FILLED)',
    ]);
    expect([node.cache.order('O-FILLED')!.events.length, errors(), node.execEngine.processingErrors]).toEqual([events, [], 0]);
  });

  it('a second cancel of an order whose cancel is pending is dropped; the first is routed (PENDING_CANCEL)', async () => {
    const { node, warnings, errors } = await nodeWithOrders();

    node.execEngine.execute(cancel('O-OPEN'));
    node.execEngine.execute(cancel('O-OPEN'));
    await node.execEngine.whenIdle();

    expect(node.cache.order('O-OPEN')!.status).toBe('PENDING_CANCEL');
    expect(warnings()).toEqual(['CancelOrder for O-OPEN dropped: a cancel of the order is already pending (status PENDING_CANCEL)']);
    expect(errors()).toEqual([]);
  });
});
