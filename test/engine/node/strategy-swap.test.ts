import { afterEach, describe, expect, it } from 'vitest';
import { EngineError, type Order, Strategy, TestClock } from 'keel';
import { Cleanup, createNode, startVenue, until } from './harness.js';

/**
 * Hot swap (`node.replaceStrategy`) against the real sandbox venue: a bracket's working children survive
 * the swap (same ids, no cancel), the new code's order manager still manages the OUO pair, the new
 * handlers run, and the swap is audited and revertible.
 */
class BracketV1 extends Strategy<{ note: string }> {
  readonly calls: string[] = [];
  override onStop(): void { this.calls.push('v1.onStop'); }
  override onHandOver(): unknown { this.calls.push('v1.onHandOver'); return { entries: 1 }; }
}

class BracketV2 extends Strategy<{ note: string }> {
  readonly calls: string[] = [];
  taken: unknown;
  override onTakeOver(state: unknown): void { this.calls.push('v2.onTakeOver'); this.taken = state; }
  override onStart(): void { this.calls.push('v2.onStart'); }
  override onOrderCanceled(e: { clientOrderId: string }): void { this.calls.push(`v2.canceled ${e.clientOrderId}`); }
}

const MIN = 60_000_000_000n;
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function setup(clock?: TestClock) {
  const venue = await startVenue(clock ? { clock } : {});
  cleanup.add(() => venue.stop());
  venue.controls.setQuote('USDJPY.SIM', { bid: '80.100', ask: '80.110' });
  const { node } = await createNode(venue, {}, {}, clock ? { clock } : {});
  cleanup.add(() => node.dispose());
  const s = node.addStrategy(new BracketV1({ strategyId: 'Bracket', manageContingentOrders: true, params: { note: 'v1' } }));
  await node.start();
  const list = s.orderFactory.bracket({
    instrumentId: 'USDJPY.SIM', side: 'BUY', quantity: '100000', slTriggerPrice: '79.000', tpPrice: '81.000', contingencyType: 'OUO',
  });
  s.submitOrderList(list);
  const [entry, sl, tp] = list.orders as [Order, Order, Order];
  await until(() => entry.status === 'FILLED' && sl.status === 'ACCEPTED' && tp.status === 'ACCEPTED', 5000, 'bracket working');
  return { venue, node, s, entry, sl, tp };
}

const venueStatus = (t: Awaited<ReturnType<typeof setup>>, o: Order) => {
  const [accountId] = [...t.venue.engine.accounts.keys()];
  return t.venue.engine.find(accountId!, { clientOrderId: o.clientOrderId })?.status;
};

describe('TradingNode.replaceStrategy (hot swap)', () => {
  it('keeps the bracket working (same ids, no cancel), runs the hand-over, and a fill after the swap cancels the sibling', async () => {
    const t = await setup();
    const v2 = new BracketV2({ strategyId: 'Bracket', manageContingentOrders: true, params: { note: 'v2' } });
    const change = t.node.replaceStrategy('Bracket-000', v2);

    expect(v2.id).toBe('Bracket-000');
    expect(t.node.strategies.map((s) => s.constructor.name)).toEqual(['BracketV2']);
    expect([t.s.state, v2.state]).toEqual(['DISPOSED', 'RUNNING']);
    expect(t.s.calls).toEqual(['v1.onStop', 'v1.onHandOver']);
    expect(v2.calls).toEqual(['v2.onTakeOver', 'v2.onStart']);
    expect(v2.taken).toEqual({ entries: 1 });
    // Nothing was cancelled: both children still work at the venue, under the same ids, owned by the same strategy id.
    expect([t.sl.status, t.tp.status, venueStatus(t, t.sl), venueStatus(t, t.tp)]).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    expect(t.node.cache.orders({ strategyId: 'Bracket-000', open: true }).map((o) => o.clientOrderId)).toEqual([t.sl.clientOrderId, t.tp.clientOrderId]);
    expect([...t.sl.events, ...t.tp.events].some((e) => e.type === 'OrderPendingCancel')).toBe(false);

    expect(change).toMatchObject({ kind: 'ConfigChange', target: 'strategy:Bracket-000', changes: [{ key: 'code', before: 'BracketV1', after: 'BracketV2' }] });
    expect(t.node.configChanges.at(-1)).toEqual(change);

    // The take-profit fills after the swap: the new instance's order manager cancels the stop-loss (OUO still managed).
    t.venue.controls.setQuote('USDJPY.SIM', { bid: '81.100', ask: '81.110' });
    await until(() => t.tp.isClosed && t.sl.isClosed, 5000, 'children closed');
    expect([t.tp.status, t.sl.status, venueStatus(t, t.sl)]).toEqual(['FILLED', 'CANCELED', 'CANCELED']);
    expect(v2.calls).toContain(`v2.canceled ${t.sl.clientOrderId}`);
    // The new instance continues the order ids: its next order does not reuse one of the old instance's.
    const next = v2.orderFactory.market({ instrumentId: 'USDJPY.SIM', side: 'BUY', quantity: '1000' });
    expect([t.entry.clientOrderId, t.sl.clientOrderId, t.tp.clientOrderId]).not.toContain(next.clientOrderId);
  });

  it('revert swaps the previous class back through the same path, keeping the working orders', async () => {
    const t = await setup();
    const change = t.node.replaceStrategy('Bracket-000', new BracketV2({ strategyId: 'Bracket', manageContingentOrders: true, params: { note: 'v2' } }));
    const undo = t.node.revert(change.changeId);
    const back = t.node.strategies[0]!;
    expect([back.constructor.name, back.id, back.state, (back.params as { note: string }).note]).toEqual(['BracketV1', 'Bracket-000', 'RUNNING', 'v1']);
    expect(undo).toMatchObject({ target: 'strategy:Bracket-000', revertOf: change.changeId, changes: [{ key: 'code', before: 'BracketV2', after: 'BracketV1' }] });
    expect([t.sl.status, t.tp.status, venueStatus(t, t.sl), venueStatus(t, t.tp)]).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    t.venue.controls.setQuote('USDJPY.SIM', { bid: '78.900', ask: '78.910' });
    await until(() => t.tp.isClosed && t.sl.isClosed, 5000, 'children closed');
    expect([t.sl.status, t.tp.status]).toEqual(['FILLED', 'CANCELED']);
  });

  it('a GTD order keeps its expiry across the swap: the new instance re-arms the alert and cancels it at expiry', async () => {
    // Venue and node share one TestClock (as the GTD scenarios do), so the expiry moment is the test's.
    const clock = new TestClock(0n);
    const t = await setup(clock);
    t.s.configure({ manageGtdExpiry: true });
    const gtd = t.s.orderFactory.limit({ instrumentId: 'USDJPY.SIM', side: 'BUY', quantity: '1000', price: '70.000', timeInForce: 'GTD', expireTime: MIN });
    t.s.submitOrder(gtd);
    await until(() => gtd.status === 'ACCEPTED', 5000, 'GTD accepted');
    const v2 = new BracketV2({ strategyId: 'Bracket', manageContingentOrders: true, manageGtdExpiry: true, params: { note: 'v2' } });
    t.node.replaceStrategy('Bracket-000', v2);
    expect(v2.clock.timerNames()).toEqual([`GTD-EXPIRY:${gtd.clientOrderId}`]);
    clock.advanceTo(MIN - 1n);
    const before = gtd.events.map((e) => e.type);
    clock.advanceTo(MIN);
    await until(() => gtd.isClosed, 5000, 'closed at expiry');
    // The new instance's cancel goes out at the expire time (the venue's own expiry may close it first).
    expect([before.includes('OrderPendingCancel'), gtd.events.map((e) => e.type).includes('OrderPendingCancel'), v2.clock.timerNames()]).toEqual([false, true, []]);
  });

  it('refuses a next strategy with a different id, an unknown id and a stopped strategy, with a code, changing nothing', async () => {
    const t = await setup();
    const codeOf = (fn: () => unknown) => {
      try { fn(); } catch (e) { return e instanceof EngineError ? `${e.code}: ${e.message}` : String(e); }
      return 'no error';
    };
    const before = t.node.configChanges.length;
    expect(codeOf(() => t.node.replaceStrategy('Bracket-000', new BracketV2({ params: { note: 'x' } })))).toBe(
      "STRATEGY_SWAP_REFUSED: replaceStrategy(Bracket-000): expected a strategy with the id Bracket-000 (strategyId 'Bracket'), received BracketV2",
    );
    expect(codeOf(() => t.node.replaceStrategy('Nope-001', new BracketV2({ strategyId: 'Nope' })))).toBe(
      'STRATEGY_UNKNOWN: replaceStrategy: expected the id of a strategy of this node (Bracket-000), received Nope-001',
    );
    t.s.stop();
    expect(codeOf(() => t.node.replaceStrategy('Bracket-000', new BracketV2({ strategyId: 'Bracket' })))).toBe(
      'STRATEGY_SWAP_REFUSED: replaceStrategy(Bracket-000): expected a RUNNING strategy, received one STOPPED',
    );
    expect([t.node.strategies[0], t.s.state, t.node.configChanges.length, t.sl.status, t.tp.status]).toEqual([t.s, 'STOPPED', before, 'ACCEPTED', 'ACCEPTED']);
  });
});
