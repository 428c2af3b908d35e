import { afterEach, describe, expect, it } from 'vitest';
import { type Order, Strategy } from 'keel';
import { Cleanup, createNode, startVenue, until } from '../engine/node/harness.js';

/**
 * Scenarios 25-28 against the real sandbox venue over ws, with the venue knowing nothing of
 * contingencies (`contingentAtVenue` off: keel's strategy order manager does all the work). As in
 * NautilusTrader, the whole bracket is sent at once: all three orders reach ACCEPTED at the venue.
 * Bracket on USDJPY.SIM, `manageContingentOrders: true`.
 */
class Bracketeer extends Strategy {}

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function setup() {
  const venue = await startVenue();
  cleanup.add(() => venue.stop());
  venue.controls.setQuote('USDJPY.SIM', { bid: '80.100', ask: '80.110' });
  const { node } = await createNode(venue);
  cleanup.add(() => node.dispose());
  const s = node.addStrategy(new Bracketeer({ manageContingentOrders: true }));
  await node.start();
  return { venue, node, s };
}

type Setup = Awaited<ReturnType<typeof setup>>;

function submitBracket({ s }: Setup, a: { contingencyType: 'OCO' | 'OUO'; entryType?: 'MARKET' | 'LIMIT'; quantity?: string }) {
  const list = s.orderFactory.bracket({
    instrumentId: 'USDJPY.SIM', side: 'BUY', quantity: a.quantity ?? '100000', entryType: a.entryType ?? 'MARKET',
    ...(a.entryType === 'LIMIT' ? { entryPrice: '80.000' } : {}),
    slTriggerPrice: '79.000', tpPrice: '81.000', contingencyType: a.contingencyType,
  });
  s.submitOrderList(list);
  return list.orders as [Order, Order, Order];
}

/** Market entry filled and both children working at the venue. */
async function filledBracket(t: Setup, contingencyType: 'OCO' | 'OUO', quantity = '100000') {
  const [entry, sl, tp] = submitBracket(t, { contingencyType, quantity });
  await until(() => entry.status === 'FILLED' && sl.status === 'ACCEPTED' && tp.status === 'ACCEPTED', 5000, 'bracket working');
  return [entry, sl, tp] as const;
}

const statuses = (...orders: Order[]) => orders.map((o) => o.status);

describe.each(['OCO', 'OUO'] as const)('contingent orders managed by the strategy (%s)', (kind) => {
  it('25: LIMIT entry not filled, cancelled → entry CANCELED; stop-loss and take-profit PENDING_CANCEL then CANCELED', async () => {
    const t = await setup();
    const [entry, sl, tp] = submitBracket(t, { contingencyType: kind, entryType: 'LIMIT' });
    // The whole list is at the venue: the children rest there (reduce-only, not marketable) before the entry fills.
    await until(() => [entry, sl, tp].every((o) => o.status === 'ACCEPTED'), 5000, 'all accepted');
    t.s.cancelOrder(entry);
    await until(() => entry.isClosed && sl.isClosed && tp.isClosed, 5000, 'all closed');
    expect(statuses(entry, sl, tp)).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
    for (const child of [sl, tp]) {
      expect(child.events.map((e) => e.type)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderPendingCancel', 'OrderCanceled']);
    }
    const [accountId] = [...t.venue.engine.accounts.keys()];
    expect([sl, tp].map((o) => t.venue.engine.find(accountId!, { clientOrderId: o.clientOrderId })?.status)).toEqual(['CANCELED', 'CANCELED']);
  });

  it('26: MARKET entry filled; cancel the stop-loss → the take-profit is cancelled too', async () => {
    const t = await setup();
    const [, sl, tp] = await filledBracket(t, kind);
    t.s.cancelOrder(sl);
    await until(() => sl.isClosed && tp.isClosed, 5000, 'children closed');
    expect(statuses(sl, tp)).toEqual(['CANCELED', 'CANCELED']);
    expect(tp.events.map((e) => e.type)).toContain('OrderPendingCancel');
  });

  it('27: stop-loss filled → take-profit CANCELED', async () => {
    const t = await setup();
    const [entry, sl, tp] = await filledBracket(t, kind);
    t.venue.controls.setQuote('USDJPY.SIM', { bid: '78.900', ask: '78.910' });
    await until(() => sl.isClosed && tp.isClosed, 5000, 'children closed');
    expect([...statuses(entry, sl, tp), t.node.cache.positions({ open: true }).length]).toEqual(['FILLED', 'FILLED', 'CANCELED', 0]);
  });

  it('27: take-profit filled → stop-loss CANCELED', async () => {
    const t = await setup();
    const [, sl, tp] = await filledBracket(t, kind);
    t.venue.controls.setQuote('USDJPY.SIM', { bid: '81.000', ask: '81.010' });
    await until(() => sl.isClosed && tp.isClosed, 5000, 'children closed');
    expect(statuses(sl, tp)).toEqual(['CANCELED', 'FILLED']);
  });
});

describe('28: a bracket of 10 with one child partly filled (5)', () => {
  it('OCO: the stop-loss filled 5 → the take-profit CANCELED', async () => {
    const t = await setup();
    const [, sl, tp] = await filledBracket(t, 'OCO', '10');
    t.venue.controls.setQuote('USDJPY.SIM', { bid: '78.900', ask: '78.910', bidSize: '5' });
    await until(() => tp.isClosed && sl.isClosed, 5000, 'children closed');
    expect([sl.filledQty.toString(), tp.status]).toEqual(['5', 'CANCELED']);
  });

  it('OUO: the take-profit filled 5 → the stop-loss reduced to quantity 5 and still working', async () => {
    // The mirror of the spec's example: at this venue a stop-market cancels what it could not fill
    // at once, so a partly filled stop-loss closes (and OUO then cancels the other); a resting
    // take-profit stays open with 5 left, which is the rule under test (reduce the others to the leaves).
    const t = await setup();
    const [, sl, tp] = await filledBracket(t, 'OUO', '10');
    t.venue.controls.setQuote('USDJPY.SIM', { bid: '81.000', ask: '81.010', bidSize: '5' });
    await until(() => tp.filledQty.toString() === '5' && sl.quantity.toString() === '5' && sl.status === 'ACCEPTED', 5000, 'stop-loss reduced');
    expect([tp.status, tp.leavesQty.toString(), sl.quantity.toString(), sl.isOpen]).toEqual(['PARTIALLY_FILLED', '5', '5', true]);
  });
});
