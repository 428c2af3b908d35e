import type { Clock } from '../core/clock.js';
import { Decimal, Money } from '../core/decimal.js';
import type { Logger } from '../core/logger.js';
import type { ConfigChange, ConfigSource } from '../config/config-change.js';
import type { RiskEngineConfig } from '../config/risk-engine-config.js';
import type { TradingState } from './trading-state.js';

/** Published on `topics.circuitBreaker` when the breaker trips (what the risk view shows). */
export interface CircuitBreakerTripped {
  readonly type: 'CircuitBreakerTripped';
  readonly currency: string;
  /** The day's PnL that tripped it, e.g. '-500.00 USD'. */
  readonly dayPnl: string;
  /** The configured maximum daily loss, e.g. '500 USD'. */
  readonly maxDailyLoss: string;
  readonly from: TradingState;
  readonly to: TradingState;
  /** The audited trading-state change (undefined when the node was already as strict: HALTED). */
  readonly changeId: string | undefined;
  readonly tsEvent: bigint;
}

/** What the breaker needs of the risk engine: its config, its trading state and the audited way to move it. */
export interface BreakerRiskEngine {
  readonly config: RiskEngineConfig;
  readonly tradingState: TradingState;
  setTradingState(to: TradingState, reason?: string, source?: ConfigSource): ConfigChange;
}

export interface LossCircuitBreakerOptions {
  readonly riskEngine: BreakerRiskEngine;
  /** The day's PnL (realized + unrealized since UTC midnight) in a currency: the portfolio's. */
  readonly dayPnl: (currency: string) => Money;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly publish: (event: CircuitBreakerTripped) => void;
}

const DAY_NS = 86_400_000_000_000n;
const STRICTNESS: Record<TradingState, number> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

/**
 * The loss circuit breaker: after each portfolio update of a currency, when `maxDailyLoss` applies to it
 * and the day's PnL is at −amount or below, the node moves itself to `onDailyLoss` (through the trading
 * state's live config, audited with source `circuit-breaker`), logs it at error level and publishes
 * `CircuitBreakerTripped`. It trips once per UTC day and limit: an operator who resumes after a trip is
 * not overruled by the next quote; a new day, or a change of `maxDailyLoss`, arms it again. It never
 * loosens the state (a HALTED node is not moved to REDUCING).
 */
export class LossCircuitBreaker {
  private tripped: { day: bigint; limit: string } | undefined;
  private readonly parsed = new Map<string, Decimal>();

  constructor(private readonly o: LossCircuitBreakerOptions) {}

  /** Whether the breaker has tripped today under the current limit. */
  get isTripped(): boolean {
    return this.latched(this.o.clock.timestampNs());
  }

  check(currency: string): void {
    const limit = this.o.riskEngine.config.maxDailyLoss;
    if (limit === null) return;
    if (limit.currency !== undefined && limit.currency !== currency) return;
    const now = this.o.clock.timestampNs();
    if (this.latched(now)) return;
    const pnl = this.o.dayPnl(currency);
    const amount = this.amount(limit.amount);
    if (pnl.amount.gt(amount.neg())) return;
    this.trip(currency, pnl, amount, now);
  }

  private trip(currency: string, pnl: Money, amount: Decimal, now: bigint): void {
    const limit = this.o.riskEngine.config.maxDailyLoss;
    this.tripped = { day: now / DAY_NS, limit: JSON.stringify(limit) };
    const from = this.o.riskEngine.tradingState;
    const target = this.o.riskEngine.config.onDailyLoss;
    const to = STRICTNESS[target] > STRICTNESS[from] ? target : from;
    const max = `${amount.toString()} ${currency}`;
    const reason = `loss circuit breaker: day PnL ${pnl.toString()} at or below -${max}`;
    const change = to === from ? undefined : this.o.riskEngine.setTradingState(to, reason, 'circuit-breaker');
    this.o.logger.error(`LOSS CIRCUIT BREAKER: day PnL ${pnl.toString()} reached the maximum daily loss of ${max}; trading state ${from} -> ${to}`, {
      currency, dayPnl: pnl.toString(), maxDailyLoss: max, from, to, changeId: change?.changeId,
    });
    this.o.publish({ type: 'CircuitBreakerTripped', currency, dayPnl: pnl.toString(), maxDailyLoss: max, from, to, changeId: change?.changeId, tsEvent: now });
  }

  private latched(now: bigint): boolean {
    const t = this.tripped;
    // Compared as JSON: a live change re-parses the whole config, so an untouched limit is a new object.
    return t !== undefined && t.day === now / DAY_NS && t.limit === JSON.stringify(this.o.riskEngine.config.maxDailyLoss);
  }

  private amount(text: string): Decimal {
    let d = this.parsed.get(text);
    if (d === undefined) {
      d = Decimal.from(text);
      if (this.parsed.size < 64) this.parsed.set(text, d);
    }
    return d;
  }
}
