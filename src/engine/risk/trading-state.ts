/**
 * The node's trading state (NautilusTrader's TradingState), held by the risk engine: ACTIVE lets every
 * order through its checks, HALTED denies every new order, REDUCING lets through only orders that reduce
 * the instrument's net position. Cancels and modifies are never held back: an operator who halts must
 * still be able to take risk off. The state is a live config (target 'tradingState'), so each move is
 * validated by the table below, stamped, audited with who asked, and undone by `node.revert`.
 */
import { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { Decimal } from '../core/decimal.js';
import { defineMachine, movesTo } from '../core/fsm.js';
import type { ConfigAudit, ConfigChange, ConfigSource } from '../config/config-change.js';
import { LiveConfig } from '../config/live-config.js';
import type { OrderInitialized } from '../model/events.js';
import type { ErrorCode } from '../core/error-codes.js';

/** The codes a denial's reason starts with (typed: a typo fails tsc, and the catalogue lists them). */
const HALTED: ErrorCode = 'TRADING_HALTED';
const REDUCING: ErrorCode = 'TRADING_REDUCING';

export const TRADING_STATES = ['ACTIVE', 'HALTED', 'REDUCING'] as const;
export type TradingState = (typeof TRADING_STATES)[number];

/** Every state may move to every other; asking for the state already held is refused (nothing to do, nothing audited). */
export const TradingStateMachine = defineMachine<TradingState, TradingState>('trading state', movesTo({
  ACTIVE: ['HALTED', 'REDUCING'],
  HALTED: ['ACTIVE', 'REDUCING'],
  REDUCING: ['ACTIVE', 'HALTED'],
}));

export const TradingStateConfigSchema = z
  .object({
    tradingState: z.enum(TRADING_STATES, { error: `one of ${TRADING_STATES.join(', ')}` }).describe('ACTIVE, HALTED (no new orders) or REDUCING (only position-reducing orders)'),
    reason: z.string().optional().describe('Why the node was halted or set to reduce only (shown in each denial)'),
  })
  .strict();
export type TradingStateConfig = z.output<typeof TradingStateConfigSchema>;

/** The net signed quantity the node holds in an instrument (all strategies), for REDUCING's check. */
export type NetPosition = (instrumentId: string) => Decimal | undefined;

/** The sum of open positions' signed quantities (undefined: none open). */
export function netOf(positions: readonly { readonly signedQty: Decimal }[]): Decimal | undefined {
  let net: Decimal | undefined;
  for (const p of positions) net = net === undefined ? p.signedQty : net.add(p.signedQty);
  return net;
}

export class TradingStateControl {
  readonly liveConfig: LiveConfig<TradingStateConfig>;

  constructor(recorder: { clock: Clock; audit: ConfigAudit } | undefined) {
    this.liveConfig = new LiveConfig<TradingStateConfig>({
      target: () => 'tradingState', idTag: () => 'trading', schema: TradingStateConfigSchema,
      // A move drops the previous reason unless the caller gives a new one: a resumed node keeps no stale "why".
      merge: (current, p) => ({ ...current, reason: undefined, ...p }),
      guard: (next, current) => {
        TradingStateMachine.next(current.tradingState, next.tradingState, { subject: 'node', received: `${current.tradingState} → ${next.tradingState}` });
      },
    }, { tradingState: 'ACTIVE' }, recorder);
  }

  get state(): TradingState { return this.liveConfig.current.tradingState; }
  get reason(): string | undefined { return this.liveConfig.current.reason; }

  /** Move to `to` (refused by the table when already there); returns the audited change. */
  set(to: TradingState, reason: string | undefined, source: ConfigSource | undefined): ConfigChange {
    return this.liveConfig.change(reason === undefined ? { tradingState: to } : { tradingState: to, reason }, source);
  }

  /** Why a new order may not go out in this state (undefined: the state lets it through). */
  refusal(init: OrderInitialized, netPosition: NetPosition): string | undefined {
    const state = this.state;
    if (state === 'ACTIVE') return undefined;
    const why = this.reason === undefined ? '' : ` (${this.reason})`;
    if (state === 'HALTED') {
      return `${HALTED}: expected trading state ACTIVE for a new order, received HALTED${why}; cancels still go out`;
    }
    const net = netPosition(init.instrumentId);
    const qty = Decimal.from(init.quantity.toString());
    // Reducing means opposite the net position and no larger than it: a bigger order would flip it.
    const reduces = net !== undefined && !net.isZero() && (init.side === 'BUY' ? net.isNegative() : net.isPositive()) && qty.lte(net.abs());
    if (reduces) return undefined;
    return `${REDUCING}: expected an order that reduces the net position of ${init.instrumentId} (${net?.toString() ?? '0'}), ` +
      `received ${init.side} ${init.quantity.toString()}${why}`;
  }
}
