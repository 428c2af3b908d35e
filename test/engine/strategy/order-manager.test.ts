import { describe, expect, it } from 'vitest';
import { orderModifyRejected } from '../../../src/engine/model/event-factory.js';
import type { Order } from '../../../src/engine/model/order.js';
import { recorder } from './helpers.js';

/** A managed bracket on USDJPY.SIM; the entry submitted (children held until it fills). */
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
const modifies = (ctx: ReturnType<typeof bracket>['ctx']) => ctx.commandsOf('ModifyOrder').map((c) => [c.clientOrderId.slice(-1), c.quantity?.toString()]);

describe('OTO (managed)', () => {
  it('sends only the entry; the children wait INITIALIZED until it fills', () => {
    const { ctx, entry, sl, tp } = bracket();
    expect([ctx.commandsOf('SubmitOrder').map((c) => c.clientOrderId), sl.status, tp.status]).toEqual([[entry.clientOrderId], 'INITIALIZED', 'INITIALIZED']);
  });

  it('entry filled: children submitted on its position, quantities unchanged', () => {
    const { ctx, entry, sl, tp } = bracket();
    ctx.accept(entry);
    ctx.fill(entry, '100000', '80.000');
    const subs = ctx.commandsOf('SubmitOrder');
    expect(subs.map((c) => [c.clientOrderId, c.positionId])).toEqual([
      [entry.clientOrderId, undefined],
      [sl.clientOrderId, 'USDJPY.SIM-Recorder-000'],
      [tp.clientOrderId, 'USDJPY.SIM-Recorder-000'],
    ]);
    expect([sl.positionId, tp.positionId, sl.status, modifies(ctx)]).toEqual(['USDJPY.SIM-Recorder-000', 'USDJPY.SIM-Recorder-000', 'SUBMITTED', []]);
  });

  it('rapid partial fills: children follow the filled quantity, compared with what was last requested', () => {
    const { ctx, entry, sl, tp } = bracket({ qty: '100' });
    ctx.accept(entry);
    ctx.fill(entry, '30', '80.000');
    ctx.fill(entry, '30', '80.000'); // before any modify was acknowledged
    ctx.fill(entry, '40', '80.000');
    expect(modifies(ctx)).toEqual([['2', '30'], ['3', '30'], ['2', '60'], ['3', '60'], ['2', '100'], ['3', '100']]);
    expect(ctx.commandsOf('SubmitOrder').length).toBe(3);
    expect([sl.status, tp.status]).toEqual(['PENDING_UPDATE', 'PENDING_UPDATE']);
  });

  it('entry closed with nothing filled: unsubmitted children are cancelled locally (scenario 25, OCO and OUO)', () => {
    for (const contingencyType of ['OCO', 'OUO'] as const) {
      const { s, ctx, entry, sl, tp } = bracket({ contingencyType, entryType: 'LIMIT' });
      ctx.accept(entry);
      s.cancelOrder(entry);
      ctx.canceled(entry);
      expect([entry.status, sl.status, tp.status, ctx.commandsOf('CancelOrder').map((c) => c.clientOrderId)]).toEqual(['CANCELED', 'CANCELED', 'CANCELED', [entry.clientOrderId]]);
    }
  });

  it('entry canceled after a partial fill keeps the children, sized to the fill', () => {
    const { ctx, entry, sl, tp } = bracket({ qty: '100' });
    ctx.accept(entry);
    ctx.fill(entry, '40', '80.000');
    ctx.canceled(entry);
    expect([sl.isClosed, tp.isClosed, modifies(ctx)]).toEqual([false, false, [['2', '40'], ['3', '40']]]);
  });
});

function filledBracket(contingencyType: 'OCO' | 'OUO', qty = '100000') {
  const b = bracket({ contingencyType, qty });
  b.ctx.accept(b.entry);
  b.ctx.fill(b.entry, qty, '80.000');
  b.ctx.accept(b.sl);
  b.ctx.accept(b.tp);
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
