import { afterEach, describe, expect, it } from 'vitest';
import { TestClock, Strategy } from 'keel';
import { Cleanup, createNode, startVenue, until } from '../engine/node/harness.js';

/** Scenarios 29-30 against the real sandbox venue; venue and node share one TestClock starting at the epoch. */
class Gtd extends Strategy {}
class Other extends Strategy {}

const MIN = 60_000_000_000n;
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function setup() {
  const clock = new TestClock(0n);
  const venue = await startVenue({ clock });
  cleanup.add(() => venue.stop());
  venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00000' });
  const { node } = await createNode(venue, {}, {}, { clock });
  cleanup.add(() => node.dispose());
  const s = node.addStrategy(new Gtd({ orderIdTag: '001', manageGtdExpiry: true }));
  await node.start();
  return { clock, venue, node, s };
}

describe('29: GTD expiry managed by the strategy', () => {
  it('a GTD LIMIT expiring at epoch + 1 min → one timer; at expiry the strategy cancels it', async () => {
    const { clock, s } = await setup();
    const o = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '10000', price: '0.99000', timeInForce: 'GTD', expireTime: MIN });
    s.submitOrder(o);
    await until(() => o.status === 'ACCEPTED', 5000, 'accepted');
    expect([o.clientOrderId, s.clock.timerNames()]).toEqual(['O-19700101-000000-001-001-1', ['GTD-EXPIRY:O-19700101-000000-001-001-1']]);
    clock.advanceTo(MIN - 1n);
    const before = o.events.map((e) => e.type);
    clock.advanceTo(MIN);
    await until(() => o.isClosed, 5000, 'closed at expiry');
    // The strategy's cancel goes out at the expire time (the venue's own expiry may close it first).
    expect([before.includes('OrderPendingCancel'), o.events.map((e) => e.type).includes('OrderPendingCancel'), o.isClosed, s.clock.timerNames()]).toEqual([false, true, true, []]);
  });

  it('a GTD LIMIT that fills at once leaves no timer', async () => {
    const { s } = await setup();
    const o = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '10000', price: '1.00010', timeInForce: 'GTD', expireTime: MIN });
    s.submitOrder(o);
    await until(() => o.status === 'FILLED', 5000, 'filled');
    expect(s.clock.timerNames()).toEqual([]);
  });
});

describe('30: strategy ids in a node', () => {
  it('two strategies added without tags → {Name}-000 and {Name}-001; a duplicate tag is an error', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    const { node } = await createNode(venue);
    cleanup.add(() => node.dispose());
    const a = node.addStrategy(new Gtd());
    const b = node.addStrategy(new Other());
    expect([a.id, b.id]).toEqual(['Gtd-000', 'Other-001']);
    expect(() => node.addStrategy(new Other({ strategyId: 'Third', orderIdTag: '001' }))).toThrow(expect.objectContaining({ code: 'STRATEGY_DUPLICATE_TAG' }));
    expect(node.strategies.map((s) => s.id)).toEqual(['Gtd-000', 'Other-001']);
  });
});
