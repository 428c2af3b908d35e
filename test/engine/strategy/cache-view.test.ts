import { afterEach, describe, expect, it } from 'vitest';
import { Quantity } from '../../../src/engine/core/decimal.js';
import type { StrategyContext } from '../../../src/engine/strategy/context.js';
import { Strategy } from '../../../src/engine/strategy/strategy.js';
import { cacheView } from '../../../src/engine/strategy/cache-view.js';
import { Cache } from '../../../src/engine/cache/cache.js';
import { Cleanup, createNode, startVenue, until } from '../node/harness.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** Keeps the context the node hands it, to look at what a strategy can reach. */
class Peek extends Strategy {
  seen: StrategyContext | undefined;
  override register(ctx: StrategyContext): void {
    this.seen = ctx;
    super.register(ctx);
  }
  override onStart(): void {
    this.subscribeQuotes('AUDUSD.SIM');
  }
}

const WRITERS = ['addOrder', 'addOrderList', 'updateOrder', 'addPosition', 'updatePosition', 'addQuote'];

describe('the cache view strategies receive', () => {
  it('has only readers, frozen, over the cache it reads', () => {
    const view = cacheView(new Cache());
    expect(Object.keys(view).sort()).toEqual(['order', 'orderList', 'orders', 'position', 'positions', 'quote']);
    expect(WRITERS.filter((w) => w in view)).toEqual([]);
    expect(Object.isFrozen(view)).toBe(true);
    expect([view.order('nope'), view.orders(), view.positions(), view.quote('AUDUSD.SIM')]).toEqual([undefined, [], [], undefined]);
  });

  it('a strategy in a running node cannot reach a cache writer, and its reads still work', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    const { node } = await createNode(venue);
    cleanup.add(() => node.dispose());
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
    const s = node.addStrategy(new Peek({}));
    await node.start();
    await until(() => s.cache.quote('AUDUSD.SIM') !== undefined);
    const ctx = s.seen!;
    expect(WRITERS.filter((w) => w in ctx.cache || w in s.cache)).toEqual([]);
    expect((s.cache as unknown as Record<string, unknown>)['addOrder']).toBe(undefined);

    const order = s.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000') });
    s.submitOrder(order);
    await until(() => s.cache.order(order.clientOrderId)?.status === 'FILLED');
    expect(s.cache.orders({ strategyId: s.id }).map((o) => o.clientOrderId)).toEqual([order.clientOrderId]);
    expect(s.cache.positions({ strategyId: s.id, open: true }).map((p) => p.quantity.toString())).toEqual(['1000']);
    expect(s.cache.quote('AUDUSD.SIM')?.ask.toString()).toBe('1.00010');
  });
});
