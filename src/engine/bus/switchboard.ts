/**
 * Every endpoint and topic name of the message bus, in one place: a name is never spelled twice, and
 * `grep switchboard` shows who talks to whom.
 */

/** Point-to-point endpoints (`bus.register(name, handler)` / `bus.send(name, message)`). */
export const ENDPOINTS = {
  riskEngineExecute: 'RiskEngine.execute',
  execEngineExecute: 'ExecEngine.execute',
  execEngineProcess: 'ExecEngine.process',
  execEngineReconcileReport: 'ExecEngine.reconcileReport',
} as const;
export type Endpoint = (typeof ENDPOINTS)[keyof typeof ENDPOINTS];

const ORDER_EVENTS = 'events.order.';
const POSITION_EVENTS = 'events.position.';
const QUOTES = 'data.quotes.';
const TRADES = 'data.trades.';
const BARS = 'data.bars.';

/** Pub/sub topics. The `all...` names are prefixes (subscribe with `{ prefix: true }`). */
export const topics = {
  orderEvents: (strategyId: string): string => `${ORDER_EVENTS}${strategyId}`,
  positionEvents: (strategyId: string): string => `${POSITION_EVENTS}${strategyId}`,
  quotes: (instrumentId: string): string => `${QUOTES}${instrumentId}`,
  trades: (instrumentId: string): string => `${TRADES}${instrumentId}`,
  bars: (barType: string): string => `${BARS}${barType}`,
  allOrderEvents: ORDER_EVENTS,
  allPositionEvents: POSITION_EVENTS,
  allQuotes: QUOTES,
  allTrades: TRADES,
  allBars: BARS,
  configChanges: 'system.config-changes',
  reconciliation: 'system.reconciliation',
  connection: 'system.connection',
} as const;
