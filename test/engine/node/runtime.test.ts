import { afterEach, describe, expect, it, vi } from 'vitest';
import { Cleanup, createNode, startVenue, until } from './harness.js';
import { Quantity } from '../../../src/engine/core/decimal.js';
import { Strategy } from '../../../src/engine/strategy/strategy.js';
import type { LiveEventItem } from '../../../src/engine/execution/live/live-execution-engine.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

class Trader extends Strategy {}

async function running(exec: Record<string, unknown> = {}, options: Record<string, unknown> = {}) {
  const venue = await startVenue();
  cleanup.add(() => venue.stop());
  venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
  const { node, logger } = await createNode(venue, exec, { shutdownPolicy: 'leave' }, options);
  cleanup.add(() => node.dispose());
  const s = node.addStrategy(new Trader({}));
  await node.start();
  return { venue, node, logger, s };
}

describe('runtime reports and unknown orders', () => {
  it('an order placed by hand at the venue is learnt at run time (status query first, then its fill: never dropped)', async () => {
    const { venue, node } = await running();
    venue.controls.placeExternalOrder({ instrumentId: 'AUDUSD.SIM', side: 'BUY', type: 'MARKET', quantity: '300', clientOrderId: 'HAND-1' });
    await until(() => node.cache.orders().some((o) => o.venueOrderId !== undefined && o.status === 'FILLED'), 5000, 'the external order');
    const o = node.cache.orders()[0]!;
    expect([o.strategyId, o.filledQty.toString(), o.status]).toEqual(['EXTERNAL', '300', 'FILLED']);
    expect(node.cache.positionsOpen().map((p) => p.signedQty.toString())).toEqual(['300']);
  });

  it('the position check applies a fill the node missed (dropped by the venue) by its trade id', async () => {
    const { venue, node, s } = await running({ positionCheckIntervalSecs: 1, positionCheckThresholdMs: 0 });
    venue.controls.fault({ kind: 'drop-acks', count: 1 });
    const order = s.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('100') });
    s.submitOrder(order);
    await until(() => node.execEngine.checks.positions.get('SIM')!.fillsApplied > 0, 5000, 'the position check');
    await node.execEngine.whenIdle();
    const venueFill = [...venue.engine.store.orders.values()].find((v) => v.clientOrderId === order.clientOrderId)!;
    expect([order.status, order.filledQty.toString(), order.fills.length, venueFill.status]).toEqual(['FILLED', '100', 1, 'FILLED']);
    expect(node.cache.positionsOpen().map((p) => p.signedQty.toString())).toEqual(['100']);
  });
});

describe('market data', () => {
  it('venue quotes reach the cache (latest quote) and the subscribed strategy, subscribed once at the venue', async () => {
    const { venue, node } = await running();
    const seen: string[] = [];
    const framesBefore = venue.stats().framesIn;
    const s = node.addStrategy(new (class Watcher extends Strategy {
      override onStart(): void { this.subscribeQuotes('AUDUSD.SIM'); }
      override onQuote(q: { bid: { toString(): string } }): void { seen.push(q.bid.toString()); }
    })({}));
    expect(s.state).toBe('RUNNING');
    await until(() => venue.stats().framesIn > framesBefore, 3000, 'the subscribe frame at the venue');
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99991', ask: '1.00011' });
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99992', ask: '1.00012' });
    await until(() => seen.length === 3, 3000, 'the snapshot and two quotes');
    // First the venue's latest quote at the time of subscribing (set by `running()`), then the two new ones.
    expect(seen).toEqual(['0.99990', '0.99991', '0.99992']);
    expect(node.cache.quote('AUDUSD.SIM')?.ask.toString()).toBe('1.00012');
  });
});

describe('an unexpected exception in queue processing', () => {
  // A venue event whose processing throws a plain TypeError (a bug, not a refused event).
  const poison = { kind: 'event', venue: 'SIM', event: { clientOrderId: 'X', get venueOrderId(): string { throw new TypeError('boom'); } } } as unknown as LiveEventItem;

  it('in a session (onFatal): the node stops, the process lives, the session is told', async () => {
    const fatal: unknown[] = [];
    const { node } = await running({}, { onFatal: (e: unknown) => fatal.push(e) });
    node.execEngine.eventQueue.push(poison);
    await until(() => fatal.length === 1, 5000, 'onFatal');
    expect([node.state, fatal[0] instanceof TypeError]).toEqual(['STOPPED', true]);
  });

  it('without onFatal (a node made in a notebook cell): the node stops and logs it; the engine never exits the process', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const { node, logger } = await running();
    node.execEngine.eventQueue.push(poison);
    await until(() => node.state === 'STOPPED', 5000, 'STOPPED');
    await new Promise((r) => setTimeout(r, 50));
    exit.mockRestore();
    expect(exit).not.toHaveBeenCalled();
    expect(logger.messages('error')).toContain('the node stopped after an unexpected error');
  });

  it('gracefulShutdownOnException: the node stops gracefully', async () => {
    const { node, logger } = await running({ gracefulShutdownOnException: true });
    node.execEngine.eventQueue.push(poison);
    await until(() => node.state === 'STOPPED', 5000, 'STOPPED');
    expect(logger.messages('error').some((m) => m.startsWith('unexpected exception processing event'))).toBe(true);
  });

  it('a refused event (an EngineError) is logged and the engine goes on', async () => {
    const { node, s } = await running();
    node.execEngine.eventQueue.push({ kind: 'event', venue: 'SIM', event: { type: 'OrderAccepted', instrumentId: 'AUDUSD.SIM', clientOrderId: 'NOPE', tsEvent: 0n } as never });
    const order = s.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('100') });
    s.submitOrder(order);
    await until(() => order.status === 'FILLED', 5000, 'FILLED');
    expect(node.state).toBe('RUNNING');
  });
});
