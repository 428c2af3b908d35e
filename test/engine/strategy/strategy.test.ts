import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Price, Quantity } from '../../../src/engine/core/decimal.js';
import type { QuoteTick } from '../../../src/engine/model/market-data.js';
import type { OrderFilled } from '../../../src/engine/model/events.js';
import { Strategy } from '../../../src/engine/strategy/strategy.js';
import { StrategyRegistry } from '../../../src/engine/strategy/strategy-registry.js';
import { FakeContext } from './fake-context.js';
import { Recorder, recorder, running } from './helpers.js';

class EmaCross extends Strategy<{ fast: number; slow: number }> {
  static override paramsSchema = z.object({ fast: z.number().int().positive(), slow: z.number().int().positive() }).strict();
  quotes: string[] = [];
  fills: string[] = [];
  override onStart(): void {
    this.subscribeQuotes('AUDUSD.SIM');
  }
  override onQuote(q: QuoteTick): void {
    this.quotes.push(q.bid.toString());
  }
  override onOrderFilled(e: OrderFilled): void {
    this.fills.push(e.tradeId);
  }
}
class Other extends Strategy {}

const quote = (bid: string): QuoteTick => ({
  instrumentId: 'AUDUSD.SIM', bid: Price.from(bid), ask: Price.from(bid), bidSize: Quantity.from('1'), askSize: Quantity.from('1'), tsEvent: 0n, tsInit: 0n,
});

describe('Strategy ids', () => {
  it('id is {strategyId}-{orderIdTag}, strategyId defaulting to the class name', () => {
    expect(new EmaCross({ orderIdTag: '001', params: { fast: 10, slow: 20 } }).id).toBe('EmaCross-001');
    expect(new Other({ strategyId: 'Mine', orderIdTag: '7' }).id).toBe('Mine-7');
  });

  it('two strategies added without tags get 000 and 001 in the order added', () => {
    const reg = new StrategyRegistry();
    const a = reg.add(new EmaCross({ params: { fast: 1, slow: 2 } }));
    const b = reg.add(new Other());
    expect([a.id, b.id]).toEqual(['EmaCross-000', 'Other-001']);
  });

  it('a duplicate tag or id is an error and the registry is unchanged', () => {
    const reg = new StrategyRegistry();
    reg.add(new Other({ orderIdTag: '001' }));
    expect(() => reg.add(new EmaCross({ orderIdTag: '001', params: { fast: 1, slow: 2 } }))).toThrow(expect.objectContaining({ code: 'STRATEGY_DUPLICATE_TAG' }));
    expect(reg.all().map((s) => s.id)).toEqual(['Other-001']);
  });

  it('refuses bad config and params with every problem listed', () => {
    expect(() => new Other({ omsType: 'BOTH' as never, typo: 1 } as never)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => new EmaCross({ params: { fast: -1, slow: 20 } })).toThrow(/fast/);
  });

  it('two strategies claiming one instrument is an error', () => {
    const ctx = new FakeContext();
    running(new Other({ orderIdTag: '001', externalOrderClaims: ['AUDUSD.SIM'] }), ctx);
    const b = new EmaCross({ orderIdTag: '002', externalOrderClaims: ['AUDUSD.SIM'], params: { fast: 1, slow: 2 } });
    expect(() => b.register(ctx)).toThrow(expect.objectContaining({ code: 'CLAIM_DUPLICATE' }));
    expect(ctx.claims.owner('AUDUSD.SIM')).toBe('Other-001');
  });
});

describe('Strategy lifecycle', () => {
  it('moves READY → RUNNING → STOPPED → READY → DISPOSED; a wrong action is a coded error', () => {
    const { s } = running(new Other());
    const states = [s.state];
    s.stop(); states.push(s.state);
    expect(() => s.stop()).toThrow(expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }));
    s.reset(); states.push(s.state);
    s.dispose(); states.push(s.state);
    expect(states).toEqual(['RUNNING', 'STOPPED', 'READY', 'DISPOSED']);
  });

  it('an anonymous class fails at construction with what to do, not later at the order id tag', () => {
    const Anonymous = [class extends Strategy {}][0]!;

    const attempt = () => new Anonymous();

    expect(attempt).toThrow(expect.objectContaining({ code: 'STRATEGY_UNNAMED', message: expect.stringContaining('give the class a name or pass strategyId') }));
    expect(new Anonymous({ strategyId: 'Named' }).id).toBe('Named');
  });

  it('clock, cache and factory need a node: using them unregistered is a coded error', () => {
    expect(() => new Other().clock).toThrow(expect.objectContaining({ code: 'STRATEGY_NOT_REGISTERED' }));
  });

  it('delivers quotes while running and unsubscribes on stop', () => {
    const { s, ctx } = running(new EmaCross({ params: { fast: 1, slow: 2 } }));
    ctx.emitData('quotes:AUDUSD.SIM', quote('1.00010'));
    s.stop();
    ctx.emitData('quotes:AUDUSD.SIM', quote('1.00020'));
    expect([s.quotes, ctx.dataSubscriberCount('quotes:AUDUSD.SIM')]).toEqual([['1.00010'], 0]);
  });

  it('calls one hook per order event after onOrderEvent, with the cache already updated', () => {
    const { s, ctx } = running(new EmaCross({ params: { fast: 1, slow: 2 } }));
    const o = s.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '100' });
    s.submitOrder(o);
    ctx.accept(o);
    ctx.fill(o, '100', '1.00000');
    expect([s.fills, s.cache.order(o.clientOrderId)?.status, ctx.commandsOf('SubmitOrder').length]).toEqual([['T-1'], 'FILLED', 1]);
  });

  it('a hook that throws is logged and counted, and the next events still arrive', () => {
    class Boom extends Recorder {
      override onOrderAccepted(): void {
        throw new Error('boom');
      }
    }
    const { s, ctx } = running(new Boom());
    const o = s.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1' });
    s.submitOrder(o);
    ctx.accept(o);
    ctx.fill(o, '1', '1.00000');
    expect([s.handlerErrors, s.seen]).toEqual([1, ['OrderSubmitted', 'OrderAccepted', 'OrderFilled']]);
    expect(ctx.log.messages('error')).toEqual([expect.stringMatching(/^Boom-000: onOrderAccepted threw: boom \(at strategy\.test\.ts:\d+:\d+\)$/)]);
  });

  it('the log says where a hook threw (the first frame in user code) and strategy.errors keeps it', () => {
    class Thrower extends Strategy {
      override onStart(): void {
        this.subscribeQuotes('AUDUSD.SIM');
      }
      override onQuote(): void {
        throw new TypeError("Cannot read properties of undefined (reading 'close')");
      }
    }
    const { s, ctx } = running(new Thrower());

    ctx.emitData('quotes:AUDUSD.SIM', quote('1.00010'));

    const [entry] = ctx.log.at('error');
    expect(entry?.fields).toMatchObject({ strategyId: 'Thrower-000', hook: 'onQuote', error: "Cannot read properties of undefined (reading 'close')" });
    expect((entry?.fields as { where: string }).where).toMatch(/^strategy\.test\.ts:\d+:\d+$/);
    expect(s.errors).toEqual([{ hook: 'onQuote', message: "Cannot read properties of undefined (reading 'close')", where: (entry?.fields as { where: string }).where, count: 1, firstTs: 0n, lastTs: 0n }]);
  });

  it('repeats of one error are folded: logged once, then "… N more times in S s" after the 5 s window, and at stop', () => {
    class EveryQuote extends Strategy {
      override onStart(): void {
        this.subscribeQuotes('AUDUSD.SIM');
      }
      override onQuote(): void {
        throw new Error('no bars yet');
      }
    }
    const { s, ctx } = running(new EveryQuote());

    for (let i = 0; i < 55; i++) {
      ctx.clock.advanceTo(BigInt(i) * 90_000_000n); // 55 quotes over 4.86 s: one window
      ctx.emitData('quotes:AUDUSD.SIM', quote('1.00010'));
    }
    const inWindow = ctx.log.messages('error');
    ctx.clock.advanceTo(6_000_000_000n);
    ctx.emitData('quotes:AUDUSD.SIM', quote('1.00010'));
    ctx.emitData('quotes:AUDUSD.SIM', quote('1.00010'));
    const afterWindow = ctx.log.messages('error');
    s.stop();

    expect(inWindow).toHaveLength(1);
    expect(afterWindow.slice(1)).toEqual([
      "EveryQuote-000: onQuote threw 'no bars yet' 54 more times in 4.9 s",
      expect.stringMatching(/^EveryQuote-000: onQuote threw: no bars yet \(at strategy\.test\.ts:\d+:\d+\)$/),
    ]);
    expect(ctx.log.messages('error').at(-1)).toBe("EveryQuote-000: onQuote threw 'no bars yet' 1 more time in 0.0 s");
    expect(s.errors.map((e) => [e.hook, e.message, e.count, e.firstTs, e.lastTs])).toEqual([['onQuote', 'no bars yet', 57, 0n, 6_000_000_000n]]);
    expect(s.handlerErrors).toBe(57);
  });
});

describe('Strategy commands', () => {
  it('a modify with unchanged values sends nothing; a changed one sends only what changes', () => {
    const { s, ctx } = recorder();
    const o = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '100', price: '1.00000' });
    s.submitOrder(o);
    ctx.accept(o);
    const sent = [s.modifyOrder(o, { quantity: '100', price: '1.00000' }), s.modifyOrder(o, { quantity: '100', price: '1.00010' })];
    const mods = ctx.commandsOf('ModifyOrder');
    expect([sent, mods.length, mods[0]?.price?.toString(), mods[0]?.quantity]).toEqual([[false, true], 1, '1.00010', undefined]);
  });

  it('cancelAllOrders cancels every working order of the strategy once', () => {
    const { s, ctx } = recorder();
    const a = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1', price: '1.00000' });
    const b = s.orderFactory.limit({ instrumentId: 'GBPUSD.SIM', side: 'BUY', quantity: '1', price: '1.00000' });
    s.submitOrder(a); s.submitOrder(b); ctx.accept(a); ctx.accept(b);
    s.cancelAllOrders('AUDUSD.SIM');
    s.cancelAllOrders('AUDUSD.SIM');
    expect(ctx.commandsOf('CancelOrder').map((c) => c.clientOrderId)).toEqual([a.clientOrderId]);
  });

  it('closePosition sends a reduce-only MARKET for the whole position on that position', () => {
    const { s, ctx } = recorder();
    const o = s.orderFactory.market({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '300' });
    s.submitOrder(o); ctx.accept(o); ctx.fill(o, '300', '1.00000');
    const close = s.closePosition(s.cache.positions({ open: true })[0]!)!;
    const cmd = ctx.commandsOf('SubmitOrder')[1]!;
    expect([close.side, close.type, close.reduceOnly, close.quantity.toString(), cmd.positionId]).toEqual(['SELL', 'MARKET', true, '300', 'AUDUSD.SIM-Recorder-000']);
  });
});
