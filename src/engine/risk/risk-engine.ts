import type { Clock } from '../core/clock.js';
import type { Price } from '../core/decimal.js';
import { noopLogger, type Logger } from '../core/logger.js';
import { parseConfig } from '../config/parse-config.js';
import { RiskEngineConfigSchema, parseRate, type RiskEngineConfig, type RiskEngineConfigInput } from '../config/risk-engine-config.js';
import type { ConfigAudit, ConfigChange, ConfigSource } from '../config/config-change.js';
import { LiveConfig } from '../config/live-config.js';
import type { SubmitOrder, SubmitOrderList, TradingCommand } from '../model/commands.js';
import type { AccountState, OrderInitialized } from '../model/events.js';
import { checkFunds } from './funds-check.js';
import type { Instrument } from '../model/instruments.js';
import { checkInstrument, checkNotional, checkPrices, checkQuantity } from './pre-trade-checks.js';
import { checkPositionLimit } from './position-limit-check.js';
import { SubmitRateLimiter } from './submit-rate-limiter.js';
import { TradingStateControl, type NetPosition, type TradingState } from './trading-state.js';

/** Where allowed commands go and denials are applied: the execution engine satisfies it. */
export interface RiskEngineTarget {
  execute(command: TradingCommand): void;
  /** Apply an OrderDenied for an order that never left (caching the order first if needed). */
  denyOrder(init: OrderInitialized, reason: string): void;
}

export interface RiskEngineOptions {
  readonly clock: Clock;
  readonly instruments: { find(instrumentId: string): Instrument | undefined };
  readonly target: RiskEngineTarget;
  readonly config?: RiskEngineConfigInput;
  /** The node's audit log of live config changes (none: changes are made but not recorded). */
  readonly configLog?: ConfigAudit;
  readonly logger?: Logger;
  /** Reference price for orders without one (MARKET): e.g. the latest quote's ask for BUY, bid for SELL. */
  readonly referencePrice?: (instrumentId: string, side: 'BUY' | 'SELL') => Price | undefined;
  /** The node's net signed position in an instrument (REDUCING lets through only orders that reduce it). */
  readonly netPosition?: NetPosition;
  /** The latest AccountState of a venue (free balance / free margin check); none: the check passes. */
  readonly account?: (venue: string) => AccountState | undefined;
}

/**
 * Pre-trade checks in front of the execution engine. A refused SubmitOrder/SubmitOrderList becomes an
 * `OrderDenied` for each of its orders (reason: stable code prefix + expected/received) and never
 * reaches a venue; everything else is forwarded unchanged. `bypass: true` forwards everything.
 */
export class RiskEngine {
  private readonly cfg: LiveConfig<RiskEngineConfig>;
  private readonly limiter: SubmitRateLimiter;
  private readonly log: Logger;
  private readonly trading: TradingStateControl;
  private _denied = 0;

  constructor(private readonly options: RiskEngineOptions) {
    const initial = parseConfig(RiskEngineConfigSchema, options.config ?? {}, 'RiskEngineConfig');
    this.cfg = new LiveConfig<RiskEngineConfig>({
      target: () => 'riskEngine', idTag: () => 'risk', schema: RiskEngineConfigSchema,
      apply: (_before, next) => this.limiter.setRate(parseRate(next.maxOrderSubmitRate)),
    }, initial, options.configLog ? { clock: options.clock, audit: options.configLog } : undefined);
    this.limiter = new SubmitRateLimiter(parseRate(initial.maxOrderSubmitRate));
    this.log = options.logger ?? noopLogger;
    this.trading = new TradingStateControl(options.configLog ? { clock: options.clock, audit: options.configLog } : undefined);
  }

  /** ACTIVE, HALTED (no new orders) or REDUCING (only orders that reduce a position). */
  get tradingState(): TradingState {
    return this.trading.state;
  }

  /** The reason given with the latest halt or reduce-only, while that state holds. */
  get tradingStateReason(): string | undefined {
    return this.trading.reason;
  }

  /** Submits counted in the rate limiter's window now, against its limit (what a risk view shows as usage). */
  submitRateUsage(): { readonly used: number; readonly limit: number; readonly intervalNs: bigint } {
    const rate = this.limiter.limit;
    return { used: this.limiter.countAt(this.options.clock.timestampNs()), limit: rate.count, intervalNs: rate.intervalNs };
  }

  /** The trading state as a `LiveConfig` (target 'tradingState': what `node.revert` undoes a halt through). */
  get tradingStateConfig(): TradingStateControl['liveConfig'] {
    return this.trading.liveConfig;
  }

  /** Move the trading state (the table refuses staying put), audited under `source`; returns the change. */
  setTradingState(to: TradingState, reason?: string, source?: ConfigSource): ConfigChange {
    return this.trading.set(to, reason, source);
  }

  get config(): RiskEngineConfig {
    return this.cfg.current;
  }

  /** The config as a `LiveConfig` (what `node.revert` applies an undo through). */
  get liveConfig(): LiveConfig<RiskEngineConfig> {
    return this.cfg;
  }

  /** Orders denied so far. */
  get deniedCount(): number {
    return this._denied;
  }

  /** Validate the whole new config (nothing changes if it is invalid), apply it, record and return the change. */
  configure(patch: RiskEngineConfigInput, source?: ConfigSource): ConfigChange {
    return this.cfg.change(patch, source);
  }

  execute(command: TradingCommand): void {
    // The trading state holds even with bypass: halting is the operator's brake, not a pre-trade check.
    if (this.cfg.current.bypass && this.trading.state === 'ACTIVE') {
      this.options.target.execute(command);
      return;
    }
    switch (command.type) {
      case 'SubmitOrder':
        this.submit(command, [command.order]);
        return;
      case 'SubmitOrderList':
        this.submit(command, command.orders);
        return;
      case 'ModifyOrder':
      case 'CancelOrder':
      case 'CancelAllOrders':
      case 'QueryOrder':
        this.options.target.execute(command);
        return;
      default: {
        const never: never = command;
        throw new Error(`unhandled command ${String((never as { type?: unknown }).type)}`);
      }
    }
  }

  private submit(command: SubmitOrder | SubmitOrderList, orders: readonly OrderInitialized[]): void {
    let reason: string | undefined;
    const net = this.options.netPosition ?? (() => undefined);
    for (const init of orders) {
      reason = this.trading.refusal(init, net) ?? (this.cfg.current.bypass ? undefined : this.checkOrder(init));
      if (reason) break;
    }
    // The rate is checked last so a refused order does not use up the window.
    if (!reason && !this.cfg.current.bypass && !this.limiter.tryAcquire(this.options.clock.timestampNs())) {
      reason = `SUBMIT_RATE_EXCEEDED: expected at most ${this.cfg.current.maxOrderSubmitRate} (count/HH:MM:SS) submits, ` +
        `received one more (${this.limiter.countAt(this.options.clock.timestampNs()) + 1} in the window)`;
    }
    if (!reason) {
      this.options.target.execute(command);
      return;
    }
    for (const init of orders) {
      this._denied += 1;
      this.log.warn(`order ${init.clientOrderId} denied: ${reason}`, { clientOrderId: init.clientOrderId, reason });
      this.options.target.denyOrder(init, reason);
    }
  }

  private checkOrder(init: OrderInitialized): string | undefined {
    const instrument = this.options.instruments.find(init.instrumentId);
    const unknown = checkInstrument(init, instrument);
    if (unknown || !instrument) return unknown;
    const reference = init.price ?? init.triggerPrice ?? this.options.referencePrice?.(init.instrumentId, init.side);
    return checkQuantity(init, instrument)
      ?? checkPrices(init, instrument)
      ?? checkNotional(init, instrument, this.cfg.current.maxNotionalPerOrder[init.instrumentId], reference)
      ?? checkPositionLimit(init, this.cfg.current.maxPositionPerInstrument[init.instrumentId], this.options.netPosition?.(init.instrumentId))
      ?? checkFunds(init, instrument, this.options.account?.(instrument.venue), reference, this.options.netPosition?.(init.instrumentId));
  }
}
