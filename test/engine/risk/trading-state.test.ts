import { describe, expect, it } from 'vitest';
import { harness } from '../execution/harness.js';
import { ConfigLog } from '../../../src/engine/config/config-log.js';
import { TradingStateMachine } from '../../../src/engine/risk/trading-state.js';
import { RiskEngine } from '../../../src/engine/risk/risk-engine.js';
import { TestClock } from '../../../src/engine/core/test-clock.js';
import type { OrderEvent } from '../../../src/engine/model/events.js';

function denials(events: readonly OrderEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'OrderDenied' ? [e.reason] : []));
}

describe('trading state table', () => {
  it('moves between ACTIVE, HALTED and REDUCING and refuses staying put with INVALID_STATE_TRANSITION', () => {
    expect(TradingStateMachine.allowed('ACTIVE')).toEqual(['HALTED', 'REDUCING']);
    expect(TradingStateMachine.allowed('HALTED')).toEqual(['ACTIVE', 'REDUCING']);
    expect(TradingStateMachine.allowed('REDUCING')).toEqual(['ACTIVE', 'HALTED']);
    expect(() => TradingStateMachine.next('HALTED', 'HALTED')).toThrow(expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }));
  });

  it('a second halt is refused and changes nothing (no audit entry)', () => {
    const log = new ConfigLog(() => {});
    const risk = new RiskEngine({ clock: new TestClock(), instruments: { find: () => undefined }, configLog: log, target: { execute: () => {}, denyOrder: () => {} } });
    risk.setTradingState('HALTED', 'fat finger', 'repl');
    expect(() => risk.setTradingState('HALTED')).toThrow(expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }));
    expect([risk.tradingState, risk.tradingStateReason, log.changes.length]).toEqual(['HALTED', 'fat finger', 1]);
    expect(log.changes[0]).toMatchObject({ target: 'tradingState', source: 'repl', changes: [
      { key: 'reason', before: undefined, after: 'fat finger' }, { key: 'tradingState', before: 'ACTIVE', after: 'HALTED' }] });
  });
});

describe('RiskEngine trading state', () => {
  it('HALTED denies every new order with TRADING_HALTED (even with bypass) and lets a cancel through', () => {
    const h = harness({ risk: { bypass: true } });
    const working = h.submit(h.init('BUY', '1000', { orderType: 'LIMIT', price: '0.50000' }))!;
    h.risk.setTradingState('HALTED', 'news');

    const denied = h.submit(h.init('BUY', '1000'))!;
    h.risk.execute({ type: 'CancelOrder', commandId: 'C-x', traderId: 'TRADER-001', strategyId: working.strategyId, instrumentId: 'AUDUSD.SIM',
      clientOrderId: working.clientOrderId, tsInit: 0n });

    expect(denied.status).toBe('DENIED');
    expect(denials(h.orderEvents)).toEqual(['TRADING_HALTED: expected trading state ACTIVE for a new order, received HALTED (news); cancels still go out']);
    expect(h.venue.commands).toEqual(['submit O-1', 'cancel O-1']);
  });

  it('REDUCING passes an order that reduces the net position and denies one that increases, flips or opens it', () => {
    const h = harness();
    h.trade('BUY', '3000');
    h.risk.setTradingState('REDUCING');

    const reduce = h.submit(h.init('SELL', '1000'))!;
    const increase = h.submit(h.init('BUY', '1000'))!;
    const flip = h.submit(h.init('SELL', '5000'))!;
    const other = h.submit(h.init('SELL', '1', { instrumentId: 'GBPUSD.SIM' }))!;

    expect([reduce.status, increase.status, flip.status, other.status]).toEqual(['ACCEPTED', 'DENIED', 'DENIED', 'DENIED']);
    expect(denials(h.orderEvents)).toEqual([
      'TRADING_REDUCING: expected an order that reduces the net position of AUDUSD.SIM (3000), received BUY 1000',
      'TRADING_REDUCING: expected an order that reduces the net position of AUDUSD.SIM (3000), received SELL 5000',
      'TRADING_REDUCING: expected an order that reduces the net position of GBPUSD.SIM (0), received SELL 1',
    ]);
  });

  it('resume (ACTIVE) trades again and the reason is dropped', () => {
    const h = harness();
    h.risk.setTradingState('HALTED', 'x');
    h.risk.setTradingState('ACTIVE');
    expect([h.submit(h.init('BUY', '1000'))!.status, h.risk.tradingStateReason]).toEqual(['ACCEPTED', undefined]);
  });
});
