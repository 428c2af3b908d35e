/**
 * Every topic name of the message bus, in one place: a name is never spelled twice, and
 * `grep switchboard` shows who talks to whom. Only topics: commands travel by direct calls (strategy →
 * risk engine → live execution engine's command queue → execution engine → client), so no endpoint
 * names are listed for them.
 */

const ORDER_EVENTS = 'events.order.';
const POSITION_EVENTS = 'events.position.';
const QUOTES = 'data.quotes.';
const TRADES = 'data.trades.';
const BARS = 'data.bars.';

/**
 * Per-strategy topic names are built once per strategy: the engine publishes on them several times per
 * order, and a fresh `${prefix}${id}` is a new (cons) string that the bus's Map must flatten and hash.
 */
function memoTopic(prefix: string): (id: string) => string {
  const names = new Map<string, string>();
  return (id) => {
    let name = names.get(id);
    if (name === undefined) {
      name = `${prefix}${id}`;
      // Bounded: per-strategy names are few; anything unusual (thousands of ids) is just not memoised.
      if (names.size < 10_000) names.set(id, name);
    }
    return name;
  };
}

/** Pub/sub topics. The `all...` names are prefixes (subscribe with `{ prefix: true }`). */
export const topics = {
  orderEvents: memoTopic(ORDER_EVENTS) as (strategyId: string) => string,
  positionEvents: memoTopic(POSITION_EVENTS) as (strategyId: string) => string,
  quotes: (instrumentId: string): string => `${QUOTES}${instrumentId}`,
  trades: (instrumentId: string): string => `${TRADES}${instrumentId}`,
  bars: (barType: string): string => `${BARS}${barType}`,
  allOrderEvents: ORDER_EVENTS,
  allPositionEvents: POSITION_EVENTS,
  allQuotes: QUOTES,
  allTrades: TRADES,
  allBars: BARS,
  /** Every `Applied` record of the execution engine (what one order event changed), in apply order. */
  applied: 'exec.applied',
  configChanges: 'system.config-changes',
  reconciliation: 'system.reconciliation',
  connection: 'system.connection',
  /** The loss circuit breaker tripped (`CircuitBreakerTripped`). */
  circuitBreaker: 'risk.circuit-breaker',
  /** Every AccountState a venue reported (after the cache holds it), and account anomalies. */
  accounts: 'exec.accounts',
  accountAnomalies: 'exec.account-anomalies',
} as const;
