import type { MessageBus } from '../bus/message-bus.js';
import { topics } from '../bus/switchboard.js';
import type { Cache } from '../cache/cache.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { Portfolio } from '../portfolio/portfolio.js';
import { LossCircuitBreaker } from '../risk/loss-circuit-breaker.js';
import type { RiskEngine } from '../risk/risk-engine.js';
import type { MarketDataRouter } from './market-data-router.js';
import { Money, type Decimal } from '../core/decimal.js';
import type { AccountState } from '../model/events.js';
import type { AccountBalance } from '../portfolio/types.js';

export type { Portfolio };

export interface NodePortfolioDeps {
  readonly cache: Cache;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly marketData: MarketDataRouter;
  readonly riskEngine: RiskEngine;
  /** Where an instrument's quote currency is found (the currency its margin is posted in). */
  readonly instruments?: { find(id: string): { readonly quoteCurrency: string } | undefined };
  /** false: no portfolio updates on the quote path (benchmarks compare with and without). */
  readonly enabled?: boolean | undefined;
}

/**
 * The node's portfolio and its loss circuit breaker: quotes and bars reach the portfolio from the
 * market-data router before any strategy (so `this.portfolio` is current inside `onQuote`), fills through
 * the execution engine's applied records; after each change the breaker checks that currency's day's
 * PnL. A reconciliation (start-up or later) may have changed positions without fills: the portfolio is
 * rebuilt from the cache then.
 */
export function wirePortfolio(d: NodePortfolioDeps): { portfolio: Portfolio; breaker: LossCircuitBreaker } {
  const portfolio = new Portfolio({ cache: d.cache, bus: d.bus, clock: d.clock });
  const breaker = new LossCircuitBreaker({
    riskEngine: d.riskEngine, clock: d.clock, logger: d.logger,
    dayPnl: (currency) => portfolio.dayPnl(currency),
    publish: (event) => d.bus.publish(topics.circuitBreaker, event),
  });
  if (d.enabled === false) {
    portfolio.dispose();
    return { portfolio, breaker };
  }
  portfolio.onChange((currency) => breaker.check(currency));
  // Equity and margin used come from the venues' account states (the cache holds the latest of each).
  portfolio.setAccountBalances((currency) => accountBalance(d.cache.accounts(), currency, (id) => d.instruments?.find(id)?.quoteCurrency));
  d.marketData.observe({ onQuote: (q) => portfolio.onQuote(q), onBar: (b) => portfolio.onBar(b) });
  d.bus.subscribe(topics.reconciliation, () => portfolio.rebuild());
  return { portfolio, breaker };
}

/**
 * One currency across the venues' latest account states: the balance total, and the initial margin held
 * against positions quoted in it (margin is posted in the instrument's quote currency). Undefined when no
 * account reports the currency.
 */
export function accountBalance(states: readonly AccountState[], currency: string, quoteCurrency: (instrumentId: string) => string | undefined): AccountBalance | undefined {
  let total: Decimal | undefined;
  let margin: Decimal | undefined;
  for (const s of states) {
    const b = s.balances.find((x) => x.currency === currency);
    if (!b) continue;
    total = total === undefined ? b.total : total.add(b.total);
    for (const m of s.margins) {
      if (quoteCurrency(m.instrumentId) !== currency) continue;
      margin = margin === undefined ? m.initial : margin.add(m.initial);
    }
  }
  if (total === undefined) return undefined;
  return { total: Money.from(total.toString(), currency), ...(margin !== undefined ? { marginUsed: Money.from(margin.toString(), currency) } : {}) };
}
