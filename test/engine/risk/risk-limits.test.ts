/**
 * Maximum position per instrument and the loss circuit breaker, against the real sandbox venue.
 * AUDUSD.SIM: USD (2 decimals), taker fee 0.00002 of the notional (500 at 1.00000 pays 0.01).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup, createNode, startVenue, until } from '../node/harness.js';
import { Quantity } from '../../../src/engine/core/decimal.js';
import { Strategy } from '../../../src/engine/strategy/strategy.js';
import { topics } from '../../../src/engine/bus/switchboard.js';
import type { RiskEngineConfigInput } from '../../../src/engine/config/risk-engine-config.js';
import type { CircuitBreakerTripped } from '../../../src/engine/risk/loss-circuit-breaker.js';

const AUD = 'AUDUSD.SIM';
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

class Quoted extends Strategy {
  quotes = 0;
  override onStart(): void { this.subscribeQuotes(AUD); }
  override onQuote(): void { this.quotes += 1; }
}

async function trading(riskEngine: RiskEngineConfigInput = {}) {
  const venue = await startVenue();
  cleanup.add(() => venue.stop());
  const { node, logger } = await createNode(venue, {}, { riskEngine: { maxOrderSubmitRate: '100000/00:00:01', ...riskEngine } });
  cleanup.add(() => node.dispose());
  const s = node.addStrategy(new Quoted({}));
  await node.start();
  const quote = async (bid: string, ask: string) => {
    const n = s.quotes;
    venue.controls.setQuote(AUD, { bid, ask });
    await until(() => s.quotes > n, 3000, `quote ${bid}/${ask}`);
  };
  const status = (id: string) => node.cache.order(id)?.status;
  const market = async (side: 'BUY' | 'SELL', qty: string, settle = true) => {
    const o = s.orderFactory.market({ instrumentId: AUD, side, quantity: Quantity.from(qty) });
    s.submitOrder(o);
    if (settle) await until(() => ['FILLED', 'DENIED', 'REJECTED'].includes(status(o.clientOrderId) ?? ''), 3000, `${side} ${qty} settled`);
    return o.clientOrderId;
  };
  const reason = (id: string) => (node.cache.order(id)!.events.at(-1) as { reason?: string }).reason;
  return { node, logger, quote, market, status, reason };
}

describe('maxPositionPerInstrument', () => {
  it('denies an order that takes |net position| beyond the limit, naming limit, current and asked; reducing orders pass', async () => {
    const { node, quote, market, status, reason } = await trading({ maxPositionPerInstrument: { [AUD]: '300' } });
    await quote('0.99990', '1.00000');
    const first = await market('BUY', '200');
    const over = await market('BUY', '200');
    const down = await market('SELL', '100');
    const flipOver = await market('SELL', '500');

    expect([status(first), status(over), status(down), status(flipOver)]).toEqual(['FILLED', 'DENIED', 'FILLED', 'DENIED']);
    expect(reason(over)).toBe('POSITION_LIMIT_EXCEEDED: expected |net position| of AUDUSD.SIM <= 300 (limit maxPositionPerInstrument), received BUY 200 with current net 200 (would be 400)');
    expect(reason(flipOver)).toBe('POSITION_LIMIT_EXCEEDED: expected |net position| of AUDUSD.SIM <= 300 (limit maxPositionPerInstrument), received SELL 500 with current net 100 (would be -400)');
    expect(node.portfolio.netPosition(AUD).toString()).toBe('100');
  });

  it('is a live config change: validated, audited, revertible', async () => {
    const { node, quote, market, status } = await trading();
    await quote('0.99990', '1.00000');
    const before = node.configChanges.length;
    expect(() => node.riskEngine.configure({ maxPositionPerInstrument: { [AUD]: '-5' } })).toThrow(/maxPositionPerInstrument/);
    expect(node.configChanges.length).toBe(before);

    const change = node.riskEngine.configure({ maxPositionPerInstrument: { [AUD]: '100' } }, 'repl');
    const denied = await market('BUY', '200');
    node.revert(change.changeId, 'repl');
    const passed = await market('BUY', '200');

    expect(change.changes).toEqual([{ key: 'maxPositionPerInstrument', before: {}, after: { [AUD]: '100' } }]);
    expect([status(denied), status(passed), node.riskEngine.config.maxPositionPerInstrument]).toEqual(['DENIED', 'FILLED', {}]);
  });
});

describe('loss circuit breaker (maxDailyLoss)', () => {
  it("does not trip at −(amount − 0.01), trips at −amount: HALTED, audited as circuit-breaker, logged loudly, published", async () => {
    const { node, logger, quote, market, reason } = await trading({ maxDailyLoss: { currency: 'USD', amount: '10' } });
    const tripped: CircuitBreakerTripped[] = [];
    node.bus.subscribe<CircuitBreakerTripped>(topics.circuitBreaker, (e) => tripped.push(e));
    await quote('0.99990', '1.00000');
    await market('BUY', '500'); // at 1.00000, commission 0.01

    // Day's PnL = −0.01 + (bid − 1.00000) × 500: at 0.98004 it is −9.99, at 0.98002 it is −10.00.
    await quote('0.98004', '0.98014');
    expect([node.portfolio.dayPnl('USD').toString(), node.tradingState, tripped.length]).toEqual(['-9.99 USD', 'ACTIVE', 0]);

    await quote('0.98002', '0.98012');
    const trip = node.configChanges.at(-1)!;
    expect([node.portfolio.dayPnl('USD').toString(), node.tradingState]).toEqual(['-10.00 USD', 'HALTED']);
    expect(trip).toMatchObject({ target: 'tradingState', source: 'circuit-breaker', changes: [
      { key: 'reason', before: undefined, after: 'loss circuit breaker: day PnL -10.00 USD at or below -10 USD' },
      { key: 'tradingState', before: 'ACTIVE', after: 'HALTED' }] });
    expect(logger.messages('error')).toContain('LOSS CIRCUIT BREAKER: day PnL -10.00 USD reached the maximum daily loss of 10 USD; trading state ACTIVE -> HALTED');
    expect(tripped).toMatchObject([{ type: 'CircuitBreakerTripped', currency: 'USD', dayPnl: '-10.00 USD', maxDailyLoss: '10 USD', from: 'ACTIVE', to: 'HALTED', changeId: trip.changeId }]);
    const denied = await market('BUY', '100');
    expect(reason(denied)).toBe('TRADING_HALTED: expected trading state ACTIVE for a new order, received HALTED (loss circuit breaker: day PnL -10.00 USD at or below -10 USD); cancels still go out');

    // The operator reverts the trip: ACTIVE again, and a further loss the same day does not overrule them.
    const undo = node.revert(trip.changeId, 'repl');
    await quote('0.97000', '0.97010');
    expect([undo.revertOf, node.tradingState, tripped.length]).toEqual([trip.changeId, 'ACTIVE', 1]);
    const after = await market('BUY', '100');
    expect(node.cache.order(after)!.status).toBe('FILLED');
  });

  it('onDailyLoss REDUCING: the node only reduces after the trip; resume brings it back', async () => {
    const { node, quote, market, status } = await trading({ maxDailyLoss: { amount: '10' }, onDailyLoss: 'REDUCING' });
    await quote('0.99990', '1.00000');
    await market('BUY', '500');
    await quote('0.98002', '0.98012');
    const up = await market('BUY', '100');
    const down = await market('SELL', '100');
    expect([node.tradingState, status(up), status(down)]).toEqual(['REDUCING', 'DENIED', 'FILLED']);

    const resumed = node.resume('repl');
    expect([node.tradingState, resumed.changes.find((c) => c.key === 'tradingState')]).toEqual(['ACTIVE', { key: 'tradingState', before: 'REDUCING', after: 'ACTIVE' }]);
  });
});
