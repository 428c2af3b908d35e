/**
 * The risk engine's state as a trader reads it: the trading state, and each configured limit with how
 * much of it is in use now (orders in the rate window against the rate, the day's loss against the
 * circuit breaker, each instrument's net position against its maximum, the largest working order's
 * notional against the per-order maximum). Plain data: a local node computes it, a node in another
 * process sends it with its portfolio (control protocol), and the `.risk` views render it.
 */
import type { Order, Portfolios, TradingNode } from '../../engine/index.js';

type PortfolioSummary = Portfolios.PortfolioSummary;

export interface RiskLimitUsage {
  /** What is limited: 'submit rate', 'daily loss USD', 'position BTCUSDT-PERP.SIM', 'notional/order BTCUSDT-PERP.SIM'. */
  readonly limit: string;
  /** What is in use now, as text (exact decimals). */
  readonly used: string;
  /** The configured maximum, as text. */
  readonly max: string;
  /** used / max (0..1, may exceed 1 for a loss already past the breaker); null when max is 0. */
  readonly fraction: number | null;
}

export interface RiskUsage {
  readonly kind: 'RiskUsage';
  readonly tradingState: string;
  readonly reason: string | null;
  readonly limits: readonly RiskLimitUsage[];
}

/** The node surface risk usage is computed from (a local TradingNode has it all). */
type RiskSource = Pick<TradingNode, 'tradingState' | 'cache'> & {
  readonly riskEngine: Pick<TradingNode['riskEngine'], 'config' | 'tradingStateReason' | 'submitRateUsage'>;
  readonly portfolio: { summary(): PortfolioSummary };
};

const ratio = (used: number, max: number): number | null => (max > 0 ? used / max : null);
const abs = (s: string): string => (s.startsWith('-') ? s.slice(1) : s);
const amountOf = (money: string): string => money.split(' ')[0] ?? money;

export function riskUsage(node: RiskSource): RiskUsage {
  const cfg = node.riskEngine.config;
  const summary = node.portfolio.summary();
  const limits: RiskLimitUsage[] = [];
  const rate = node.riskEngine.submitRateUsage();
  limits.push({ limit: 'submit rate', used: `${rate.used} in ${Number(rate.intervalNs / 1_000_000n)} ms`, max: String(rate.limit), fraction: ratio(rate.used, rate.limit) });
  const loss = cfg.maxDailyLoss;
  if (loss) {
    for (const c of summary.currencies) {
      if (loss.currency !== undefined && loss.currency !== c.currency) continue;
      const day = Number(amountOf(c.dayPnl));
      const lost = day < 0 ? -day : 0;
      limits.push({ limit: `daily loss ${c.currency}`, used: lost === 0 ? '0' : abs(amountOf(c.dayPnl)), max: String(loss.amount), fraction: ratio(lost, Number(loss.amount)) });
    }
  }
  for (const [instrumentId, max] of Object.entries(cfg.maxPositionPerInstrument)) {
    const net = summary.instruments.find((i) => i.instrumentId === instrumentId)?.netQty ?? '0';
    limits.push({ limit: `position ${instrumentId}`, used: abs(net), max, fraction: ratio(Math.abs(Number(net)), Number(max)) });
  }
  for (const [instrumentId, max] of Object.entries(cfg.maxNotionalPerOrder)) {
    const largest = largestWorkingNotional(node.cache.orders({ instrumentId, open: true }));
    limits.push({ limit: `notional/order ${instrumentId}`, used: largest ?? '0', max, fraction: ratio(Number(largest ?? 0), Number(max)) });
  }
  return { kind: 'RiskUsage', tradingState: node.tradingState, reason: node.riskEngine.tradingStateReason ?? null, limits };
}

function largestWorkingNotional(orders: readonly Order[]): string | undefined {
  let best: { n: number; text: string } | undefined;
  for (const o of orders) {
    const px = o.price ?? o.triggerPrice;
    if (!px) continue;
    const notional = o.leavesQty.mul(px);
    const n = Number(notional.toString());
    if (!best || n > best.n) best = { n, text: notional.toString() };
  }
  return best?.text;
}

/**
 * The risk usage of whatever node a session holds: an isolated or attached node answers its latest
 * (streamed with its portfolio); a local TradingNode computes it now.
 */
export function riskUsageOf(node: unknown): RiskUsage {
  const n = node as { riskUsage?: () => RiskUsage; tradingState?: unknown; tradingStateReason?: unknown; riskEngine?: { submitRateUsage?: unknown }; portfolio?: unknown };
  if (typeof n.riskUsage === 'function') {
    const usage = n.riskUsage();
    // The usage streams with the portfolio (throttled); the state comes with each config change, at once:
    // a `.halt` must read HALTED on the next line, not a quarter second later.
    if (typeof n.tradingState !== 'string' || n.tradingState === usage.tradingState) return usage;
    return { ...usage, tradingState: n.tradingState, reason: typeof n.tradingStateReason === 'string' ? n.tradingStateReason : null };
  }
  if (typeof n.riskEngine?.submitRateUsage === 'function' && n.portfolio !== undefined) return riskUsage(node as RiskSource);
  // A node without a risk engine (a stub) has a state at most, and no limits.
  return { kind: 'RiskUsage', tradingState: typeof n.tradingState === 'string' ? n.tradingState : 'ACTIVE', reason: null, limits: [] };
}
