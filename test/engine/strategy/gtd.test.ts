import { describe, expect, it } from 'vitest';
import { orderAccepted, orderSubmitted } from '../../../src/engine/model/event-factory.js';
import { OrderFactory } from '../../../src/engine/strategy/order-factory.js';
import { FakeContext } from './fake-context.js';
import { recorder } from './helpers.js';

const MIN = 60_000_000_000n;
const gtdLimit = (s: ReturnType<typeof recorder>['s'], expireTime: bigint) =>
  s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '10000', price: '1.00000', timeInForce: 'GTD', expireTime });

describe('GTD expiry (managed)', () => {
  it('submitting a GTD order sets one timer named after it (scenario 29)', () => {
    const { s } = recorder({ orderIdTag: '001', manageGtdExpiry: true });
    s.submitOrder(gtdLimit(s, MIN));
    expect([s.clock.timerNames(), s.clock.nextTimeNs('GTD-EXPIRY:O-19700101-000000-001-001-1')]).toEqual([['GTD-EXPIRY:O-19700101-000000-001-001-1'], MIN]);
  });

  it('an order that fills at once leaves no timer (scenario 29)', () => {
    const { s, ctx } = recorder({ orderIdTag: '001', manageGtdExpiry: true });
    const o = gtdLimit(s, MIN);
    s.submitOrder(o);
    ctx.accept(o);
    ctx.fill(o, '10000', '1.00000');
    expect(s.clock.timerNames()).toEqual([]);
  });

  it('at the expire time an open order is cancelled by the strategy, with no local OrderExpired', () => {
    const { s, ctx } = recorder({ manageGtdExpiry: true });
    const o = gtdLimit(s, MIN);
    s.submitOrder(o);
    ctx.accept(o);
    ctx.clock.advanceTo(MIN - 1n);
    const before = ctx.commandsOf('CancelOrder').length;
    ctx.clock.advanceTo(MIN);
    expect([before, ctx.commandsOf('CancelOrder').map((c) => c.clientOrderId), o.status, o.events.some((e) => e.type === 'OrderExpired'), s.clock.timerNames()]).toEqual([
      0, [o.clientOrderId], 'PENDING_CANCEL', false, [],
    ]);
  });

  it('a cancel by the strategy removes the timer; a rejected cancel re-arms it', () => {
    const { s, ctx } = recorder({ manageGtdExpiry: true });
    const o = gtdLimit(s, MIN);
    s.submitOrder(o);
    ctx.accept(o);
    s.cancelOrder(o);
    const afterCancel = s.clock.timerNames();
    ctx.cancelRejected(o);
    expect([afterCancel, s.clock.timerNames(), o.status]).toEqual([[], [`GTD-EXPIRY:${o.clientOrderId}`], 'ACCEPTED']);
  });

  it('a rejected cancel after expiry retries no sooner than a second later', () => {
    const { s, ctx } = recorder({ manageGtdExpiry: true });
    const o = gtdLimit(s, MIN);
    s.submitOrder(o); ctx.accept(o);
    ctx.clock.advanceTo(MIN);
    ctx.cancelRejected(o);
    ctx.clock.advanceTo(MIN + 999_999_999n);
    const early = ctx.commandsOf('CancelOrder').length;
    ctx.clock.advanceTo(MIN + 1_000_000_000n);
    expect([early, ctx.commandsOf('CancelOrder').length]).toEqual([1, 2]);
  });

  it('on start, open GTD orders get their timers back and those past expiry are cancelled at once', () => {
    const ctx = new FakeContext(2n * MIN);
    const f = new OrderFactory('TRADER-001', 'Recorder-000', ctx.clock);
    const past = f.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1', price: '1.00000', timeInForce: 'GTD', expireTime: MIN });
    const future = f.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: '1', price: '1.00000', timeInForce: 'GTD', expireTime: 3n * MIN });
    for (const o of [past, future]) ctx.seed(o, orderSubmitted(o, 0n), orderAccepted(o, `V-${o.clientOrderId}`, 0n));
    const { s } = recorder({ manageGtdExpiry: true }, ctx);
    expect([ctx.commandsOf('CancelOrder').map((c) => c.clientOrderId), s.clock.timerNames()]).toEqual([[past.clientOrderId], [`GTD-EXPIRY:${future.clientOrderId}`]]);
  });

  it('stop removes the timers; turning manageGtdExpiry off and on disarms and re-arms them', () => {
    const { s, ctx } = recorder({ manageGtdExpiry: true });
    const o = gtdLimit(s, MIN);
    s.submitOrder(o); ctx.accept(o);
    s.configure({ manageGtdExpiry: false });
    const off = s.clock.timerNames();
    s.configure({ manageGtdExpiry: true });
    const on = s.clock.timerNames();
    s.stop();
    expect([off, on, s.clock.timerNames()]).toEqual([[], [`GTD-EXPIRY:${o.clientOrderId}`], []]);
  });

  it('without manageGtdExpiry no timer is set', () => {
    const { s } = recorder();
    s.submitOrder(gtdLimit(s, MIN));
    expect(s.clock.timerNames()).toEqual([]);
  });
});
