/**
 * The `Portfolios` namespace of `keel` (one name at the capped entry): what `node.portfolio` and a
 * strategy's `this.portfolio` return, and the loss circuit breaker's event.
 */
export type {
  PortfolioView, PortfolioSummary, InstrumentPortfolio, CurrencyPortfolio, AccountBalance, AccountBalancesProvider, MarkSource,
} from './portfolio/types.js';
export type { CircuitBreakerTripped } from './risk/loss-circuit-breaker.js';
