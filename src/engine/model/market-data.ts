import type { Price, Quantity } from '../core/decimal.js';
import type { OrderSide } from './enums.js';

/** Market data values. Timestamps are nanoseconds since the Unix epoch (bigint). */
export interface QuoteTick {
  readonly instrumentId: string;
  readonly bid: Price;
  readonly ask: Price;
  readonly bidSize: Quantity;
  readonly askSize: Quantity;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export interface TradeTick {
  readonly instrumentId: string;
  readonly price: Price;
  readonly size: Quantity;
  readonly aggressorSide: OrderSide;
  readonly tradeId: string;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

/** `barType` names the bar, e.g. `BTCUSDT-PERP.SIM-1-MINUTE-LAST`. */
export interface Bar {
  readonly barType: string;
  readonly instrumentId: string;
  readonly open: Price;
  readonly high: Price;
  readonly low: Price;
  readonly close: Price;
  readonly volume: Quantity;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export type MarketData = QuoteTick | TradeTick | Bar;
