import { describe, expect, it } from 'vitest';
import type { Order } from '../../../src/engine/model/order.js';
import { buildOrderTree } from '../../../src/engine/execution/order-tree/build.js';
import { recorder } from './helpers.js';

function managedBracket() {
  const { s, ctx } = recorder({ manageContingentOrders: true });
  const list = s.orderFactory.bracket({ instrumentId: 'USDJPY.SIM', side: 'BUY', quantity: '100000', slTriggerPrice: '79.000', tpPrice: '81.000' });
  s.submitOrderList(list);
  const [entry, sl, tp] = list.orders as [Order, Order, Order];
  return { s, ctx, list, entry, sl, tp };
}

describe('buildOrderTree', () => {
  it('gives roles, links and the position of a bracket, by list id or by any member id', () => {
    const { ctx, list, entry, sl, tp } = managedBracket();
    ctx.accept(entry); ctx.fill(entry, '100000', '80.000'); ctx.accept(sl); ctx.accept(tp);
    const tree = buildOrderTree(ctx.cache, list.id);
    expect(tree.roots.map((r) => [r.role, r.status, r.children.map((c) => [c.role, c.type, c.status])])).toEqual([
      ['ENTRY', 'FILLED', [['STOP_LOSS', 'STOP_MARKET', 'ACCEPTED'], ['TAKE_PROFIT', 'LIMIT', 'ACCEPTED']]],
    ]);
    expect(tree.links).toEqual([
      { from: entry.clientOrderId, to: sl.clientOrderId, kind: 'OTO' },
      { from: entry.clientOrderId, to: tp.clientOrderId, kind: 'OTO' },
      { from: sl.clientOrderId, to: tp.clientOrderId, kind: 'OUO' },
    ]);
    expect([tree.orderListId, tree.position, tree.unprotected]).toEqual([list.id, { id: 'USDJPY.SIM-Recorder-000', side: 'LONG', quantity: '100000', isOpen: true }, false]);
    expect(buildOrderTree(ctx.cache, tp.clientOrderId)).toEqual(tree);
  });

  it('an open position whose protective orders are all closed is unprotected, with the reason', () => {
    const { s, ctx, list, entry, sl, tp } = managedBracket();
    ctx.accept(entry); ctx.fill(entry, '100000', '80.000'); ctx.accept(sl); ctx.accept(tp);
    s.cancelOrder(sl); ctx.canceled(sl); ctx.canceled(tp);
    const tree = buildOrderTree(ctx.cache, list.id);
    expect([tree.unprotected, tree.unprotectedReason]).toEqual([
      true,
      `position USDJPY.SIM-Recorder-000 is LONG 100000 but every protective order is closed: ${sl.clientOrderId} (STOP_LOSS) CANCELED, ${tp.clientOrderId} (TAKE_PROFIT) CANCELED`,
    ]);
  });

  it('an unknown id is a coded error', () => {
    const { ctx } = managedBracket();
    expect(() => buildOrderTree(ctx.cache, 'O-nope')).toThrow(expect.objectContaining({ code: 'ORDER_TREE_NOT_FOUND' }));
  });
});
