import { describe, expect, it } from 'vitest';
import { orderModifyRejected } from '../../../src/engine/model/event-factory.js';
import type { Order } from '../../../src/engine/model/order.js';
import { recorder } from './helpers.js';

/** A managed bracket on USDJPY.SIM, submitted: the whole list goes to the venue (as NautilusTrader sends it). */
function bracket(opts: { qty?: string; contingencyType?: 'OCO' | 'OUO'; entryType?: 'MARKET' | 'LIMIT' } = {}) {
  const { s, ctx } = recorder({ manageContingentOrders: true });
  const list = s.orderFactory.bracket({
    instrumentId: 'USDJPY.SIM', side: 'BUY', quantity: opts.qty ?? '100000', entryType: opts.entryType ?? 'MARKET',
    ...(opts.entryType === 'LIMIT' ? { entryPrice: '80.000' } : {}),
    slTriggerPrice: '79.000', tpPrice: '81.000', contingencyType: opts.contingencyType ?? 'OUO',
  });
  s.submitOrderList(list);
  const [entry, sl, tp] = list.orders as [Order, Order, Order];
  return { s, ctx, entry, sl, tp };
}
/** The bracket with all three orders accepted at the venue (the venue does not act on the links). */
function acceptedBracket(opts: Parameters<typeof bracket>[0] = {}) {
  const b = bracket(opts);
  for (const o of [b.entry, b.sl, b.tp]) b.ctx.accept(o);
  return b;
}
const modifies = (ctx: ReturnType<typeof bracket>['ctx']) => ctx.commandsOf('ModifyOrder').map((c) => [c.clientOrderId.slice(-1), c.quantity?.toString()]);
const cancels = (ctx: ReturnType<typeof bracket>['ctx']) => ctx.commandsOf('CancelOrder').map((c) => c.clientOrderId.slice(-1));

describe('OTO (managed): the children are at the venue from the start', () => {
  it('sends the whole list as one SubmitOrderList; every order SUBMITTED, then ACCEPTED', () => {
    const { ctx, entry, sl, tp } = bracket();
    const [list] = ctx.commandsOf('SubmitOrderList');
    expect([list?.orders.map((o) => o.clientOrderId), ctx.commandsOf('SubmitOrder').length, [entry, sl, tp].map((o) => o.status)]).toEqual([
      [entry.clientOrderId, sl.clientOrderId, tp.clientOrderId], 0, ['SUBMITTED', 'SUBMITTED', 'SUBMITTED'],
    ]);
    for (const o of [entry, sl, tp]) ctx.accept(o);
    expect([entry, sl, tp].map((o) => o.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
  });

  it('a list already submitted cannot be sent again (ORDER_ALREADY_SUBMITTED), and nothing more is sent', () => {
    const { s, ctx } = recorder({ manageContingentOrders: true });
    const list = s.orderFactory.bracket({ instrumentId: 'USDJPY.SIM', side: 'BUY', quantity: '10', slTriggerPrice: '79.000', tpPrice: '81.000' });
    s.submitOrderList(list);
    expect(() => s.submitOrderList(list)).toThrow(expect.objectContaining({ code: 'ORDER_ALREADY_SUBMITTED' }));
    expect(ctx.commands.length).toBe(1);
  });

  it('before the entry fills nothing is sent for the children (accepted, entry modified)', () => {
    const { s, ctx, entry } = acceptedBracket({ entryType: 'LIMIT', qty: '10' });
    s.modifyOrder(entry, { price: '79.950' });
    ctx.updated(entry, '10');
    expect([modifies(ctx), cancels(ctx)]).toEqual([[['1', undefined]], []]);
  });

  it('entry fully filled: children take its position id; no modify for an unchanged quantity', () => {
    const { ctx, entry, sl, tp } = acceptedBracket();
    ctx.fill(entry, '100000', '80.000');
    expect([sl.positionId, tp.positionId, sl.status, tp.status, modifies(ctx), cancels(ctx)]).toEqual([
      'USDJPY.SIM-Recorder-000', 'USDJPY.SIM-Recorder-000', 'ACCEPTED', 'ACCEPTED', [], [],
    ]);
  });

  it('entry filled 5 of 10: children modified to 5; filled 10: modified to 10', () => {
    const { ctx, entry, sl, tp } = acceptedBracket({ qty: '10' });
    ctx.fill(entry, '5', '80.000');
    expect(modifies(ctx)).toEqual([['2', '5'], ['3', '5']]);
    ctx.updated(sl, '5');
    ctx.updated(tp, '5');
    ctx.fill(entry, '5', '80.000');
    ctx.updated(sl, '10');
    ctx.updated(tp, '10');
    expect([modifies(ctx), sl.quantity.toString(), tp.quantity.toString()]).toEqual([[['2', '5'], ['3', '5'], ['2', '10'], ['3', '10']], '10', '10']);
  });

  it.each(['OCO', 'OUO'] as const)('%s: 3 partial fills in a row, the acks arriving late: children end at the filled quantity, no lost update', (kind) => {
    const { ctx, entry, sl, tp } = acceptedBracket({ qty: '100', contingencyType: kind });
    ctx.fill(entry, '20', '80.000');
    ctx.fill(entry, '30', '80.000'); // before any modify was acknowledged
    ctx.updated(sl, '20'); // stale: 50 has been asked since
    ctx.updated(tp, '20');
    ctx.fill(entry, '10', '80.000');
    for (const q of ['50', '60']) {
      ctx.updated(sl, q);
      ctx.updated(tp, q);
    }
    expect([modifies(ctx), sl.quantity.toString(), tp.quantity.toString(), sl.status, tp.status, cancels(ctx)]).toEqual([
      [['2', '20'], ['3', '20'], ['2', '50'], ['3', '50'], ['2', '60'], ['3', '60']], '60', '60', 'ACCEPTED', 'ACCEPTED', [],
    ]);
  });

  it.each(['OCO', 'OUO'] as const)('%s: entry closed with nothing filled → children cancelled at the venue: PENDING_CANCEL then CANCELED (scenario 25)', (kind) => {
    const { s, ctx, entry, sl, tp } = acceptedBracket({ contingencyType: kind, entryType: 'LIMIT' });
    s.cancelOrder(entry);
    ctx.canceled(entry);
    expect([entry.status, sl.status, tp.status, cancels(ctx)]).toEqual(['CANCELED', 'PENDING_CANCEL', 'PENDING_CANCEL', ['1', '2', '3']]);
    ctx.canceled(sl);
    ctx.canceled(tp);
    expect([sl.status, tp.status, cancels(ctx)]).toEqual(['CANCELED', 'CANCELED', ['1', '2', '3']]);
  });

  it('entry canceled after a partial fill keeps the children, sized to the fill', () => {
    const { ctx, entry, sl, tp } = acceptedBracket({ qty: '100' });
    ctx.fill(entry, '40', '80.000');
    ctx.canceled(entry);
    expect([sl.isClosed, tp.isClosed, modifies(ctx), cancels(ctx)]).toEqual([false, false, [['2', '40'], ['3', '40']], []]);
  });

  it('a child cancelled by the venue before the entry filled: the sibling cancelled, the entry left working (OCO)', () => {
    const { ctx, entry, sl, tp } = acceptedBracket({ contingencyType: 'OCO', entryType: 'LIMIT' });
    ctx.canceled(sl); // e.g. REDUCE_ONLY_WOULD_INCREASE: it would have traded with nothing to reduce
    expect([entry.status, tp.status, cancels(ctx)]).toEqual(['ACCEPTED', 'PENDING_CANCEL', ['3']]);
  });
});

function filledBracket(contingencyType: 'OCO' | 'OUO', qty = '100000') {
  const b = acceptedBracket({ contingencyType, qty });
  b.ctx.fill(b.entry, qty, '80.000');
  return b;
}

describe('OCO / OUO (managed)', () => {
  it.each(['OCO', 'OUO'] as const)('%s: the stop-loss cancelled → the take-profit cancelled too (scenario 26)', (kind) => {
    const { s, ctx, sl, tp } = filledBracket(kind);
    s.cancelOrder(sl);
    ctx.canceled(sl);
    expect([ctx.commandsOf('CancelOrder').map((c) => c.clientOrderId), tp.status]).toEqual([[sl.clientOrderId, tp.clientOrderId], 'PENDING_CANCEL']);
    ctx.canceled(tp);
    expect([sl.status, tp.status]).toEqual(['CANCELED', 'CANCELED']);
  });

  it.each(['OCO', 'OUO'] as const)('%s: stop-loss filled → take-profit cancelled, and the other way round (scenario 27)', (kind) => {
    const a = filledBracket(kind);
    a.ctx.fill(a.sl, '100000', '79.000');
    const b = filledBracket(kind);
    b.ctx.fill(b.tp, '100000', '81.000');
    expect([a.tp.status, a.ctx.commandsOf('CancelOrder').map((c) => c.clientOrderId), b.sl.status, b.ctx.commandsOf('CancelOrder').map((c) => c.clientOrderId)]).toEqual([
      'PENDING_CANCEL', [a.tp.clientOrderId], 'PENDING_CANCEL', [b.sl.clientOrderId],
    ]);
  });

  it('OCO: a partial fill of the stop-loss cancels the take-profit (scenario 28)', () => {
    const { ctx, sl, tp } = filledBracket('OCO', '10');
    ctx.fill(sl, '5', '79.000');
    expect([tp.status, modifies(ctx)]).toEqual(['PENDING_CANCEL', []]);
  });

  it('OUO: a partial fill of the stop-loss reduces the take-profit to its leaves, once (scenario 28)', () => {
    const { ctx, sl, tp } = filledBracket('OUO', '10');
    ctx.fill(sl, '5', '79.000');
    ctx.updated(tp, '5');
    expect([modifies(ctx), tp.quantity.toString(), tp.status, sl.quantity.toString()]).toEqual([[['3', '5']], '5', 'ACCEPTED', '10']);
  });

  it('OUO: modifying one quantity modifies the other to the same, without ping-pong', () => {
    const { s, ctx, sl, tp } = filledBracket('OUO', '10');
    s.modifyOrder(sl, { quantity: '8' });
    ctx.updated(sl, '8');
    ctx.updated(tp, '8');
    expect([modifies(ctx), sl.quantity.toString(), tp.quantity.toString()]).toEqual([[['2', '8'], ['3', '8']], '8', '8']);
  });

  it('OUO: a modify rejected lets the same quantity be asked again', () => {
    const { s, ctx, sl } = filledBracket('OUO', '10');
    s.modifyOrder(sl, { quantity: '8' });
    expect(s.modifyOrder(sl, { quantity: '8' })).toBe(false);
    ctx.applyLocal(orderModifyRejected(sl, 'QUANTITY_INVALID', 0n));
    expect(s.modifyOrder(sl, { quantity: '8' })).toBe(true);
  });

  it('without manageContingentOrders the whole list is sent and nothing is managed', () => {
    const { s, ctx } = recorder();
    const list = s.orderFactory.bracket({ instrumentId: 'USDJPY.SIM', side: 'BUY', quantity: '10', slTriggerPrice: '79.000', tpPrice: '81.000' });
    s.submitOrderList(list);
    const [entry, sl, tp] = list.orders as [Order, Order, Order];
    ctx.accept(entry); ctx.accept(sl); ctx.accept(tp);
    ctx.fill(sl, '10', '79.000');
    expect([ctx.commandsOf('SubmitOrderList')[0]?.orders.length, ctx.commandsOf('CancelOrder').length, tp.status]).toEqual([3, 0, 'ACCEPTED']);
  });
});
