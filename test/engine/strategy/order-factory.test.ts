import { describe, expect, it } from 'vitest';
import { Price, Quantity } from '../../../src/engine/core/decimal.js';
import { TestClock } from '../../../src/engine/core/test-clock.js';
import { InstrumentProvider } from '../../../src/engine/model/instruments.js';
import { OrderFactory } from '../../../src/engine/strategy/order-factory.js';
import { FakeContext } from './fake-context.js';
import { recorder } from './helpers.js';

const factory = (clock = new TestClock(0n)) => new OrderFactory('TRADER-001', 'EmaCross-001', clock, new InstrumentProvider());

describe('OrderFactory ids', () => {
  it('numbers client order ids per strategy from 1 in the spec format', () => {
    const f = factory();
    const a = f.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '10000' });
    const b = f.limit({ instrumentId: 'AUDUSD.SIM', side: 'SELL', quantity: 10000, price: '1.00010' });
    expect([a.clientOrderId, b.clientOrderId]).toEqual(['O-19700101-000000-001-001-1', 'O-19700101-000000-001-001-2']);
  });

  it('uses the UTC time of the clock', () => {
    const f = factory(new TestClock(1_640_995_200_000_000_000n + 3_723_000_000_000n)); // 2022-01-01 01:02:03
    expect(f.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1' }).clientOrderId).toBe('O-20220101-010203-001-001-1');
  });

  it('continues counting after a restart from the ids the strategy already has', () => {
    const f = factory();
    f.continueFrom(['O-19700101-000000-001-001-7', 'O-19700101-000000-001-001-12', 'O-19700101-000000-001-002-99'], ['OL-19700101-000000-001-001-3']);
    const list = f.bracket({ instrumentId: 'USDJPY.SIM', side: 'BUY', quantity: '100000', slTriggerPrice: '79.000', tpPrice: '81.000' });
    expect(list.id).toBe('OL-19700101-000000-001-001-4');
    expect(list.orders.map((o) => o.clientOrderId)).toEqual(['O-19700101-000000-001-001-13', 'O-19700101-000000-001-001-14', 'O-19700101-000000-001-001-15']);
  });

  it('a registered strategy counts on from the orders the cache holds', () => {
    const ctx = new FakeContext();
    const old = factory(ctx.clock).limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1', price: '1.00000' });
    ctx.seed(old);
    const { s } = recorder({ orderIdTag: '001', strategyId: 'EmaCross' }, ctx);
    expect(s.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1' }).clientOrderId).toBe('O-19700101-000000-001-001-2');
  });
});

describe('OrderFactory orders', () => {
  it('builds INITIALIZED orders with exact decimals at the instrument precision', () => {
    const o = factory().stopLimit({ instrumentId: 'USDJPY.SIM', side: 'BUY', quantity: Quantity.from('10000'), price: '99.5', triggerPrice: Price.from('100.000'), tags: ['ENTRY'] });
    expect([o.status, o.type, o.price?.toString(), o.triggerPrice?.toString(), o.quantity.toString(), o.tags]).toEqual(['INITIALIZED', 'STOP_LIMIT', '99.500', '100.000', '10000', ['ENTRY']]);
  });

  it('refuses a LIMIT without a price and a GTD without an expire time, with a code', () => {
    const f = factory();
    expect(() => f.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1' } as never)).toThrow(expect.objectContaining({ code: 'ORDER_ARGS_INVALID' }));
    expect(() => f.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1', timeInForce: 'GTD' })).toThrow(/expireTime/);
  });

  it('refuses a price more precise than the instrument allows', () => {
    expect(() => factory().limit({ instrumentId: 'USDJPY.SIM', side: 'BUY', quantity: '1', price: '80.0001' })).toThrow(expect.objectContaining({ code: 'DECIMAL_TOO_PRECISE' }));
  });
});

describe('OrderFactory.bracket', () => {
  it('links entry OTO to both children; children reduce-only STOP_MARKET / post-only LIMIT linked OUO', () => {
    const list = factory().bracket({ instrumentId: 'USDJPY.SIM', side: 'BUY', quantity: '100000', entryType: 'LIMIT', entryPrice: '80.000', slTriggerPrice: '79.000', tpPrice: '81.000' });
    const [entry, sl, tp] = list.orders;
    expect(list).toMatchObject({ id: 'OL-19700101-000000-001-001-1', instrumentId: 'USDJPY.SIM', strategyId: 'EmaCross-001' });
    expect([entry!.type, entry!.contingencyType, entry!.linkedOrderIds, entry!.parentOrderId, entry!.price?.toString()]).toEqual([
      'LIMIT', 'OTO', [sl!.clientOrderId, tp!.clientOrderId], undefined, '80.000',
    ]);
    expect([sl!.type, sl!.side, sl!.reduceOnly, sl!.contingencyType, sl!.linkedOrderIds, sl!.parentOrderId, sl!.triggerPrice?.toString()]).toEqual([
      'STOP_MARKET', 'SELL', true, 'OUO', [tp!.clientOrderId], entry!.clientOrderId, '79.000',
    ]);
    expect([tp!.type, tp!.side, tp!.reduceOnly, tp!.postOnly, tp!.contingencyType, tp!.linkedOrderIds, tp!.price?.toString()]).toEqual([
      'LIMIT', 'SELL', true, true, 'OUO', [sl!.clientOrderId], '81.000',
    ]);
    expect(list.orders.every((o) => o.orderListId === list.id)).toBe(true);
  });

  it('defaults to a MARKET entry; OCO and tpPostOnly false on request', () => {
    const list = factory().bracket({ instrumentId: 'USDJPY.SIM', side: 'SELL', quantity: '10', slTriggerPrice: '81.000', tpPrice: '79.000', contingencyType: 'OCO', tpPostOnly: false });
    expect(list.orders.map((o) => [o.type, o.side, o.contingencyType, o.postOnly])).toEqual([
      ['MARKET', 'SELL', 'OTO', false],
      ['STOP_MARKET', 'BUY', 'OCO', false],
      ['LIMIT', 'BUY', 'OCO', false],
    ]);
  });
});
