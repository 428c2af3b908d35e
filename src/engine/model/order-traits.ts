import type { OrderType } from './enums.js';

/**
 * What each order type is, decided once: the factory, the sandbox venue's validation and matching,
 * reconciliation and the order tree read this table instead of each listing order types again.
 */
export interface OrderTypeTraits {
  /** Carries a limit price (required by the factory and the venue). */
  readonly hasPrice: boolean;
  /** Carries a trigger price (required by the factory and the venue). */
  readonly hasTrigger: boolean;
  /**
   * How the trigger fires: STOP when the market moves through it against the order (BUY: ask ≥
   * trigger), IF_TOUCHED when the market comes to it (BUY: ask ≤ trigger); null without a trigger.
   */
  readonly triggerKind: 'STOP' | 'IF_TOUCHED' | null;
  /** Once triggered, rests in the book as a limit order (and has a TRIGGERED status). */
  readonly restsAsLimitAfterTrigger: boolean;
  /** Executes at the market whenever it executes: its fills are always TAKER. */
  readonly takesLiquidity: boolean;
  /** The venue accepts a modify (a market order is gone before one could arrive). */
  readonly modifiable: boolean;
}

export const ORDER_TRAITS: Readonly<Record<OrderType, OrderTypeTraits>> = {
  MARKET: { hasPrice: false, hasTrigger: false, triggerKind: null, restsAsLimitAfterTrigger: false, takesLiquidity: true, modifiable: false },
  LIMIT: { hasPrice: true, hasTrigger: false, triggerKind: null, restsAsLimitAfterTrigger: false, takesLiquidity: false, modifiable: true },
  STOP_MARKET: { hasPrice: false, hasTrigger: true, triggerKind: 'STOP', restsAsLimitAfterTrigger: false, takesLiquidity: true, modifiable: true },
  STOP_LIMIT: { hasPrice: true, hasTrigger: true, triggerKind: 'STOP', restsAsLimitAfterTrigger: true, takesLiquidity: false, modifiable: true },
  MARKET_IF_TOUCHED: { hasPrice: false, hasTrigger: true, triggerKind: 'IF_TOUCHED', restsAsLimitAfterTrigger: false, takesLiquidity: true, modifiable: true },
  LIMIT_IF_TOUCHED: { hasPrice: true, hasTrigger: true, triggerKind: 'IF_TOUCHED', restsAsLimitAfterTrigger: true, takesLiquidity: false, modifiable: true },
};

export function orderTraits(type: OrderType): OrderTypeTraits {
  return ORDER_TRAITS[type];
}

/** Works in the book as a limit order now: a LIMIT, or a limit-after-trigger type that has triggered. */
export function worksAsLimit(type: OrderType, triggered: boolean): boolean {
  const t = ORDER_TRAITS[type];
  return !t.hasTrigger ? t.hasPrice : t.restsAsLimitAfterTrigger && triggered;
}
