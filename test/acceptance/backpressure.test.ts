import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxExecutionClient } from 'keel/sandbox';
import { Price, Quantity, Strategy, type Order } from 'keel';
import { Cleanup, createNode, startVenue, until } from '../engine/node/harness.js';

/**
 * Issue 11 item 12: `qsize` bounds memory. While the event queue is at capacity keel stops reading the
 * venue's socket (TCP pushes back on the venue) instead of parking the burst in an unbounded overflow;
 * nothing is dropped and the order of events is kept.
 */
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

class Trader extends Strategy {}

describe('back-pressure on the venue socket', () => {
  it('qsize 10, a burst of 20,000 venue events: at most qsize messages wait, none lost, order kept', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.98000', ask: '1.02000' });
    const { node } = await createNode(venue, { qsize: 10 }, { shutdownPolicy: 'leave' });
    cleanup.add(() => node.dispose());
    const s = node.addStrategy(new Trader({}));
    await node.start();
    const q = node.execEngine.eventQueue;
    let maxSize = 0;
    const push = q.push.bind(q);
    q.push = (item) => {
      const accepted = push(item);
      maxSize = Math.max(maxSize, q.size);
      return accepted;
    };

    const orders: Order[] = [];
    for (let i = 0; i < 10_000; i++) {
      const o = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('100'), price: Price.from('1.00000') });
      s.submitOrder(o);
      orders.push(o);
    }
    await until(() => orders.every((o) => o.status === 'ACCEPTED'), 60_000, '10,000 accepts');
    // One quote crosses every resting order: 10,000 fills in one burst (20,000 venue events in all).
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.98000', ask: '0.99000' });
    await until(() => orders.every((o) => o.status === 'FILLED'), 60_000, '10,000 fills');
    await node.execEngine.whenIdle();

    expect(maxSize).toBeLessThanOrEqual(10);
    expect(q.maxWaiting).toBe(0);
    expect((node.execEngine.client('SIM') as SandboxExecutionClient).readPauseCount).toBeGreaterThan(0);
    const wrongOrder = orders.filter((o) => o.events.map((e) => e.type).join(',') !== 'OrderInitialized,OrderSubmitted,OrderAccepted,OrderFilled');
    expect(wrongOrder.map((o) => o.clientOrderId)).toEqual([]);
    expect(node.cache.positionsOpen()[0]!.quantity.toString()).toBe('1000000');
    expect(node.execEngine.processingErrors).toBe(0);
  }, 150_000);
});
