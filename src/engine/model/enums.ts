/** Enumerations of the model: plain string literal unions at the API, with their value lists for zod. */
export const ORDER_SIDES = ['BUY', 'SELL'] as const;
export type OrderSide = (typeof ORDER_SIDES)[number];

export const ORDER_TYPES = ['MARKET', 'LIMIT', 'STOP_MARKET', 'STOP_LIMIT', 'MARKET_IF_TOUCHED', 'LIMIT_IF_TOUCHED'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const TIME_IN_FORCES = ['GTC', 'IOC', 'FOK', 'GTD', 'DAY'] as const;
export type TimeInForce = (typeof TIME_IN_FORCES)[number];

export const ORDER_STATUSES = [
  'INITIALIZED',
  'DENIED',
  'SUBMITTED',
  'ACCEPTED',
  'REJECTED',
  'CANCELED',
  'EXPIRED',
  'TRIGGERED',
  'PENDING_UPDATE',
  'PENDING_CANCEL',
  'PARTIALLY_FILLED',
  'FILLED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const OMS_TYPES = ['UNSPECIFIED', 'NETTING', 'HEDGING'] as const;
export type OmsType = (typeof OMS_TYPES)[number];

export const CONTINGENCY_TYPES = ['NO_CONTINGENCY', 'OTO', 'OCO', 'OUO'] as const;
export type ContingencyType = (typeof CONTINGENCY_TYPES)[number];

export const LIQUIDITY_SIDES = ['NO_LIQUIDITY_SIDE', 'MAKER', 'TAKER'] as const;
export type LiquiditySide = (typeof LIQUIDITY_SIDES)[number];

export const POSITION_SIDES = ['FLAT', 'LONG', 'SHORT'] as const;
export type PositionSide = (typeof POSITION_SIDES)[number];

/** Statuses in which a command is on its way to the venue and not yet answered. */
export const INFLIGHT_STATUSES: ReadonlySet<OrderStatus> = new Set(['SUBMITTED', 'PENDING_UPDATE', 'PENDING_CANCEL']);
/** Statuses in which an order is working at the venue. */
export const OPEN_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'ACCEPTED',
  'TRIGGERED',
  'PENDING_UPDATE',
  'PENDING_CANCEL',
  'PARTIALLY_FILLED',
]);
/** Terminal statuses (CANCELED can still take a fill that raced the cancel). */
export const CLOSED_STATUSES: ReadonlySet<OrderStatus> = new Set(['DENIED', 'REJECTED', 'CANCELED', 'EXPIRED', 'FILLED']);

/** Strategy id of orders found at a venue that no strategy owns. */
export const EXTERNAL_STRATEGY_ID = 'EXTERNAL';
/** Tag of orders found at a venue (external orders). */
export const TAG_VENUE = 'VENUE';
/** Tag of synthetic orders made by reconciliation to align positions. */
export const TAG_RECONCILIATION = 'RECONCILIATION';

export function oppositeSide(side: OrderSide): OrderSide {
  return side === 'BUY' ? 'SELL' : 'BUY';
}
