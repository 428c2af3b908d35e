/** Variations of spec §6 (contingent orders) on AUDUSD.SIM, public API only. */
import { afterEach, describe, expect, it } from 'vitest';
import { Quantity, Strategy } from 'keel';
import { cleanUp, node, until, venue } from './support.js';

afterEach(cleanUp);

class Bracketer extends Strategy<Record<string, never>> {}

async function running(opts: { omsType?: 'NETTING' | 'HEDGING' } = {}) {
  const v = await venue();
  v.controls.setQuote('AUDUSD.SIM', { bid: '1.00000', ask: '1.00010' });
  const n = await node(v);
  const s = n.addStrategy(new Bracketer({ orderIdTag: '001', manageContingentOrders: true, ...opts }));
  await n.start();
  return { v, n, s };
}

type Ct = 'OCO' | 'OUO';
function bracket(s: Bracketer, qty: string, more: { contingencyType?: Ct; entryType?: 'MARKET' | 'LIMIT'; entryPrice?: string } = {}) {
  const list = s.orderFactory.bracket({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from(qty), slTriggerPrice: '0.99500', tpPrice: '1.00500', ...more });
  const [entry, sl, tp] = list.orders;
  return { list, entry: entry!, sl: sl!, tp: tp! };
}

describe('bracket shape (factory)', () => {
  it('entry OTO linked to both; SL STOP_MARKET / TP LIMIT reduce-only, linked, OUO by default; TP post-only by default', async () => {
    const { s } = await running();
    const { list, entry, sl, tp } = bracket(s, '25', { entryType: 'LIMIT', entryPrice: '0.99900' });
    expect(list.orders).toHaveLength(3);
    expect([entry.type, entry.contingencyType, [...entry.linkedOrderIds].sort()]).toEqual(['LIMIT', 'OTO', [sl.clientOrderId, tp.clientOrderId].sort()]);
    expect([sl.type, sl.side, sl.triggerPrice?.toString(), sl.contingencyType, sl.linkedOrderIds, sl.parentOrderId]).toEqual(['STOP_MARKET', 'SELL', '0.99500', 'OUO', [tp.clientOrderId], entry.clientOrderId]);
    expect([tp.type, tp.side, tp.price?.toString(), tp.contingencyType, tp.linkedOrderIds, tp.parentOrderId]).toEqual(['LIMIT', 'SELL', '1.00500', 'OUO', [sl.clientOrderId], entry.clientOrderId]);
    expect([sl.reduceOnly, tp.reduceOnly, (tp as unknown as { postOnly: boolean }).postOnly]).toEqual([true, true, true]);
    expect(new Set(list.orders.map((o) => o.orderListId))).toEqual(new Set([list.id]));
    expect(list.orders.map((o) => o.quantity.toString())).toEqual(['25', '25', '25']);
  });

  it('default entry type is MARKET; OCO on request; tpPostOnly false honoured', async () => {
    const { s } = await running();
    const list = s.orderFactory.bracket({ instrumentId: 'AUDUSD.SIM', side: 'SELL', quantity: Quantity.from('5'), slTriggerPrice: '1.00500', tpPrice: '0.99500', contingencyType: 'OCO', tpPostOnly: false });
    const [entry, sl, tp] = list.orders;
    expect([entry!.type, sl!.side, tp!.side, sl!.contingencyType, tp!.contingencyType]).toEqual(['MARKET', 'BUY', 'BUY', 'OCO', 'OCO']);
    expect((tp as unknown as { postOnly: boolean }).postOnly).toBe(false);
  });

  it('node.orderTree(list id) shows the entry with both children and the links', async () => {
    const { n, s } = await running();
    const b = bracket(s, '10', { entryType: 'LIMIT', entryPrice: '0.99900' });
    s.submitOrderList(b.list);
    await until(() => b.entry.status === 'ACCEPTED', 5000, 'entry accepted');
    const tree = n.orderTree(b.list.id);
    expect(tree.roots.map((r) => [r.clientOrderId, r.role, r.children.map((c) => c.role).sort()])).toEqual([[b.entry.clientOrderId, 'ENTRY', ['STOP_LOSS', 'TAKE_PROFIT']]]);
    expect(n.cache.orderList(b.list.id)?.orders.map((o) => o.clientOrderId)).toEqual([b.entry.clientOrderId, b.sl.clientOrderId, b.tp.clientOrderId]);
  });
});

describe('end to end', () => {
  for (const ct of ['OCO', 'OUO'] as const) {
    it(`${ct}: LIMIT entry cancelled before any fill → both children cancelled`, async () => {
      const { s } = await running();
      const b = bracket(s, '20', { contingencyType: ct, entryType: 'LIMIT', entryPrice: '0.99900' });
      s.submitOrderList(b.list);
      await until(() => b.entry.status === 'ACCEPTED', 5000, 'entry accepted');
      s.cancelOrder(b.entry);
      await until(() => b.entry.isClosed && b.sl.isClosed && b.tp.isClosed, 5000, 'all closed');
      expect([b.entry.status, b.sl.status, b.tp.status]).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
      expect([b.sl.filledQty.toString(), b.tp.filledQty.toString()]).toEqual(['0', '0']);
    });

    it(`${ct}: entry filled, stop-loss triggered and filled → take-profit CANCELED, position flat`, async () => {
      const { v, n, s } = await running();
      const b = bracket(s, '20', { contingencyType: ct });
      s.submitOrderList(b.list);
      await until(() => b.entry.status === 'FILLED' && b.sl.status === 'ACCEPTED' && b.tp.status === 'ACCEPTED', 5000, 'bracket working');
      v.controls.setQuote('AUDUSD.SIM', { bid: '0.99400', ask: '0.99410' });
      await until(() => b.sl.status === 'FILLED' && b.tp.isClosed, 5000, 'stop filled, tp closed');
      expect(b.tp.status).toBe('CANCELED');
      expect(n.cache.positions({ open: true })).toHaveLength(0);
    });

    it(`${ct}: entry filled, the user cancels the take-profit → stop-loss cancelled too`, async () => {
      const { s } = await running();
      const b = bracket(s, '20', { contingencyType: ct });
      s.submitOrderList(b.list);
      await until(() => b.entry.status === 'FILLED' && b.sl.status === 'ACCEPTED' && b.tp.status === 'ACCEPTED', 5000, 'bracket working');
      s.cancelOrder(b.tp);
      await until(() => b.tp.isClosed && b.sl.isClosed, 5000, 'both closed');
      expect([b.tp.status, b.sl.status]).toEqual(['CANCELED', 'CANCELED']);
    });
  }

  it('OUO: take-profit partly filled 8 of 20 → stop-loss reduced to 12 and still working', async () => {
    const { v, s } = await running();
    const b = bracket(s, '20', { contingencyType: 'OUO' });
    s.submitOrderList(b.list);
    await until(() => b.entry.status === 'FILLED' && b.sl.status === 'ACCEPTED' && b.tp.status === 'ACCEPTED', 5000, 'bracket working');
    v.controls.setQuote('AUDUSD.SIM', { bid: '1.00600', ask: '1.00610', bidSize: '8' });
    await until(() => b.tp.filledQty.toString() === '8' && b.sl.quantity.toString() === '12' && b.sl.status === 'ACCEPTED', 5000, 'stop-loss reduced to 12');
    expect([b.tp.status, b.sl.isOpen]).toEqual(['PARTIALLY_FILLED', true]);
  });

  it('OCO: take-profit partly filled 8 of 20 → stop-loss CANCELED', async () => {
    const { v, s } = await running();
    const b = bracket(s, '20', { contingencyType: 'OCO' });
    s.submitOrderList(b.list);
    await until(() => b.entry.status === 'FILLED' && b.sl.status === 'ACCEPTED' && b.tp.status === 'ACCEPTED', 5000, 'bracket working');
    v.controls.setQuote('AUDUSD.SIM', { bid: '1.00600', ask: '1.00610', bidSize: '8' });
    await until(() => b.sl.status === 'CANCELED', 5000, 'stop-loss cancelled');
    expect(b.tp.filledQty.toString()).toBe('8');
  });

  it('OUO: modifying the take-profit quantity to 15 modifies the stop-loss to 15', async () => {
    const { s } = await running();
    const b = bracket(s, '20', { contingencyType: 'OUO' });
    s.submitOrderList(b.list);
    await until(() => b.entry.status === 'FILLED' && b.sl.status === 'ACCEPTED' && b.tp.status === 'ACCEPTED', 5000, 'bracket working');
    s.modifyOrder(b.tp, { quantity: '15' });
    await until(() => b.tp.quantity.toString() === '15' && b.sl.quantity.toString() === '15' && b.sl.status === 'ACCEPTED', 5000, 'both at 15');
  });

  it('OTO: entry LIMIT 20 partly filled 5 → children follow the filled quantity (5), then 20 when it completes', async () => {
    const { v, s } = await running();
    const b = bracket(s, '20', { contingencyType: 'OUO', entryType: 'LIMIT', entryPrice: '0.99900' });
    s.submitOrderList(b.list);
    await until(() => b.entry.status === 'ACCEPTED', 5000, 'entry accepted');
    v.controls.setQuote('AUDUSD.SIM', { bid: '0.99880', ask: '0.99890', askSize: '5' });
    await until(() => b.entry.filledQty.toString() === '5', 5000, 'entry filled 5');
    await until(() => b.sl.quantity.toString() === '5' && b.tp.quantity.toString() === '5', 5000, 'children at 5');
    v.controls.setQuote('AUDUSD.SIM', { bid: '0.99880', ask: '0.99890' });
    await until(() => b.entry.status === 'FILLED' && b.sl.quantity.toString() === '20' && b.tp.quantity.toString() === '20', 5000, 'children at 20');
  });

  it('OTO under HEDGING: both children take the entry position id', async () => {
    const { s } = await running({ omsType: 'HEDGING' });
    const b = bracket(s, '20');
    s.submitOrderList(b.list);
    await until(() => b.entry.status === 'FILLED' && b.sl.positionId !== undefined && b.tp.positionId !== undefined, 5000, 'children with position id');
    expect([b.sl.positionId, b.tp.positionId]).toEqual([b.entry.positionId, b.entry.positionId]);
    expect(b.entry.positionId).toMatch(/^P-/);
  });
});
