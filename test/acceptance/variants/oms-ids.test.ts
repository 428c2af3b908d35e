/** Variations of spec §2 (identifiers) and §3 (OMS and positions), public API only. */
import { afterEach, describe, expect, it } from 'vitest';
import { Quantity, Strategy } from 'keel';
import { cleanUp, node, until, venue } from './support.js';

afterEach(cleanUp);

class Trader extends Strategy<Record<string, never>> {}
class Other extends Strategy<Record<string, never>> {}

async function running(venueOms: 'NETTING' | 'HEDGING', omsType: 'NETTING' | 'HEDGING') {
  const v = await venue({ omsType: venueOms });
  v.controls.setQuote('AUDUSD.SIM', { bid: '1.00000', ask: '1.00010' });
  const n = await node(v);
  const s = n.addStrategy(new Trader({ orderIdTag: '001', omsType }));
  await n.start();
  const trade = async (side: 'BUY' | 'SELL', qty: string, positionId?: string) => {
    const o = s.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side, quantity: Quantity.from(qty) });
    s.submitOrder(o, positionId ? { positionId } : {});
    await until(() => o.isClosed, 5000, `${side} ${qty} closed`);
    return o;
  };
  return { v, n, s, trade };
}

describe('NETTING', () => {
  it('submitting with another position id is denied; the reason names NETTING and the expected id', async () => {
    const { n, s } = await running('NETTING', 'NETTING');
    const o = s.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('10') });
    s.submitOrder(o, { positionId: 'AUDUSD.SIM-SomeoneElse-009' });
    await until(() => o.status === 'DENIED', 2000, 'denied');
    const e = o.events.at(-1) as { type: string; reason?: string };
    expect(e.type).toBe('OrderDenied');
    expect(e.reason).toContain('NETTING');
    expect(e.reason).toContain('AUDUSD.SIM-Trader-001');
    expect(n.cache.positions()).toHaveLength(0);
  });

  it('SELL past zero flips in place, closing and reopening keep one id: BUY 30, SELL 50, BUY 20, SELL 5', async () => {
    const { n, trade } = await running('NETTING', 'NETTING');
    await trade('BUY', '30');
    await trade('SELL', '50');
    const p = () => n.cache.positions()[0]!;
    expect([p().side, p().quantity.toString(), p().signedQty.toString()]).toEqual(['SHORT', '20', '-20']);
    await trade('BUY', '20');
    expect([p().isOpen, p().side]).toEqual([false, 'FLAT']);
    await trade('SELL', '5');
    expect([p().isOpen, p().side, p().quantity.toString()]).toEqual([true, 'SHORT', '5']);
    expect(n.cache.positions().map((x) => x.id)).toEqual(['AUDUSD.SIM-Trader-001']);
  });
});

describe('HEDGING', () => {
  // A HEDGING strategy on a NETTING venue: keel assigns the ids (a HEDGING venue's own ids are kept, below).
  it('BUY 30 then SELL 50 on that position → it closes, ...-1F is SHORT 20; 2 positions, 1 open', async () => {
    const { n, trade } = await running('NETTING', 'HEDGING');
    const buy = await trade('BUY', '30');
    const id = buy.positionId!;
    expect(id).toMatch(/^P-\d{8}-\d{6}-001-001-1$/);
    await trade('SELL', '50', id);
    const ps = n.cache.positions();
    expect(ps.map((p) => [p.id, p.isOpen, p.side, p.quantity.toString()])).toEqual([[id, false, 'FLAT', '0'], [`${id}F`, true, 'SHORT', '20']]);
    expect(n.cache.positions({ open: true })).toHaveLength(1);
  });

  it('two entries without a position id open two positions counted 1 and 2', async () => {
    const { n, trade } = await running('NETTING', 'HEDGING');
    await trade('BUY', '10');
    await trade('SELL', '15');
    const ps = n.cache.positions({ open: true });
    expect(ps.map((p) => p.id.replace(/^P-\d{8}-\d{6}-/, ''))).toEqual(['001-001-1', '001-001-2']);
    expect(ps.map((p) => p.signedQty.toString())).toEqual(['10', '-15']);
  });

  it('on a HEDGING venue the venue-assigned position ids are kept: two entries, two venue ids', async () => {
    const { n, trade } = await running('HEDGING', 'HEDGING');
    const a = await trade('BUY', '10');
    const b = await trade('BUY', '12');
    const ids = n.cache.positions({ open: true }).map((p) => p.id);
    expect(ids).toEqual([a.positionId, b.positionId]);
    expect(new Set(ids).size).toBe(2);
  });

  it('a fill that flips splits the commission by quantity between the close and the new F position', async () => {
    const { n, trade } = await running('NETTING', 'HEDGING');
    const buy = await trade('BUY', '40');
    const sell = await trade('SELL', '100', buy.positionId!);
    const fill = sell.events.find((e) => e.type === 'OrderFilled') as unknown as { commission: { toString(): string } };
    const [closed, flipped] = n.cache.positions();
    expect([closed!.isOpen, flipped!.id, flipped!.quantity.toString()]).toEqual([false, `${buy.positionId}F`, '60']);
    expect(fill.commission).toBeDefined();
  });
});

describe('client order ids', () => {
  it('O-{date}-{time}-{trader}-{strategy}-{n}, counted per strategy from 1', async () => {
    const v = await venue();
    const n = await node(v);
    const a = n.addStrategy(new Trader({ orderIdTag: '004' }));
    const b = n.addStrategy(new Other({ orderIdTag: '005' }));
    await n.start();
    const ids = [a, a, b, a].map((s) => s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1', price: '0.90000' }).clientOrderId);
    expect(ids.map((id) => id.replace(/^O-\d{8}-\d{6}-/, ''))).toEqual(['001-004-1', '001-004-2', '001-005-1', '001-004-3']);
    const list = a.orderFactory.bracket({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1', slTriggerPrice: '0.90000', tpPrice: '1.10000' });
    expect(list.id).toMatch(/^OL-\d{8}-\d{6}-001-004-1$/);
  });

  it('strategies added without tags get 000, 001, ...; a duplicate tag is an error', async () => {
    const v = await venue();
    const n = await node(v);
    const a = n.addStrategy(new Trader());
    const b = n.addStrategy(new Other());
    const c = n.addStrategy(new Trader());
    expect([a.id, b.id, c.id]).toEqual(['Trader-000', 'Other-001', 'Trader-002']);
    expect(() => n.addStrategy(new Other({ orderIdTag: '001' }))).toThrow();
  });

  it('strategyId sets the name part of the id', async () => {
    const v = await venue();
    const n = await node(v);
    const s = n.addStrategy(new Trader({ strategyId: 'MeanRev', orderIdTag: '042' }));
    expect(s.id).toBe('MeanRev-042');
  });

  it('two strategies claiming one instrument is an error', async () => {
    const v = await venue();
    const n = await node(v);
    n.addStrategy(new Trader({ orderIdTag: '001', externalOrderClaims: ['USDJPY.SIM', 'AUDUSD.SIM'] }));
    let err: unknown;
    try {
      n.addStrategy(new Other({ orderIdTag: '002', externalOrderClaims: ['AUDUSD.SIM'] }));
      await n.start();
    } catch (e) {
      err = e;
    }
    expect(err).toBeDefined();
    expect(String((err as Error).message)).toContain('AUDUSD.SIM');
  });
});
