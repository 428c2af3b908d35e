import type { Decimal, Money, Price, Quantity } from '../core/decimal.js';
import type { AccountState } from './events.js';
import type {
  ContingencyType,
  LiquiditySide,
  OrderSide,
  OrderStatus,
  OrderType,
  PositionSide,
  TimeInForce,
} from './enums.js';

/**
 * Reports are what a venue says it holds: plain data, produced by execution clients from venue
 * messages and consumed by reconciliation. They decide nothing.
 */
export interface OrderStatusReport {
  readonly reportId: string;
  readonly accountId: string;
  readonly instrumentId: string;
  readonly clientOrderId?: string;
  readonly venueOrderId: string;
  readonly venuePositionId?: string;
  readonly orderListId?: string;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  readonly expireTime?: bigint;
  readonly status: OrderStatus;
  readonly quantity: Quantity;
  readonly filledQty: Quantity;
  readonly avgPx?: Price;
  readonly price?: Price;
  readonly triggerPrice?: Price;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  readonly contingencyType?: ContingencyType;
  readonly linkedOrderIds?: readonly string[];
  readonly parentOrderId?: string;
  /** Why the venue rejected / cancelled it, when it says. */
  readonly reason?: string;
  readonly tsAccepted: bigint;
  readonly tsLast: bigint;
  readonly tsInit: bigint;
}

export interface FillReport {
  readonly reportId: string;
  readonly accountId: string;
  readonly instrumentId: string;
  readonly venueOrderId: string;
  readonly clientOrderId?: string;
  readonly venuePositionId?: string;
  readonly tradeId: string;
  readonly side: OrderSide;
  readonly lastQty: Quantity;
  readonly lastPx: Price;
  readonly commission: Money;
  readonly liquiditySide: LiquiditySide;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export interface PositionStatusReport {
  readonly reportId: string;
  readonly accountId: string;
  readonly instrumentId: string;
  readonly venuePositionId?: string;
  readonly side: PositionSide;
  readonly quantity: Quantity;
  /** Positive for LONG, negative for SHORT, zero when FLAT. */
  readonly signedQty: Decimal;
  readonly avgPxOpen?: Price;
  readonly tsLast: bigint;
  readonly tsInit: bigint;
}

/** Everything a venue holds for one account, in one answer. */
export interface ExecutionMassStatus {
  readonly clientId: string;
  readonly venue: string;
  readonly accountId: string;
  readonly orderReports: readonly OrderStatusReport[];
  readonly fillReports: readonly FillReport[];
  readonly positionReports: readonly PositionStatusReport[];
  /** The account's state, asked with the first page of reports (venues without accounts: absent). */
  readonly account?: AccountState;
  readonly tsInit: bigint;
}
