import type { Price, Quantity } from '../core/decimal.js';
import type { OrderInitialized } from './events.js';

/**
 * Commands say what to do. Readonly values with a `type` discriminant, created by strategies (through the
 * risk engine) and routed by the execution engine to the venue's execution client. `order` carries the
 * full definition of the order (its initialized event), so a client never reads the cache.
 */
export interface CommandBase {
  readonly commandId: string;
  readonly traderId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly tsInit: bigint;
}

export interface SubmitOrder extends CommandBase {
  readonly type: 'SubmitOrder';
  readonly clientOrderId: string;
  readonly order: OrderInitialized;
  readonly positionId?: string;
}
export interface SubmitOrderList extends CommandBase {
  readonly type: 'SubmitOrderList';
  readonly orderListId: string;
  readonly orders: readonly OrderInitialized[];
  readonly positionId?: string;
}
export interface ModifyOrder extends CommandBase {
  readonly type: 'ModifyOrder';
  readonly clientOrderId: string;
  readonly venueOrderId?: string;
  readonly quantity?: Quantity;
  readonly price?: Price;
  readonly triggerPrice?: Price;
}
export interface CancelOrder extends CommandBase {
  readonly type: 'CancelOrder';
  readonly clientOrderId: string;
  readonly venueOrderId?: string;
}
export interface CancelAllOrders extends CommandBase {
  readonly type: 'CancelAllOrders';
  readonly side?: 'BUY' | 'SELL';
}
export interface QueryOrder extends CommandBase {
  readonly type: 'QueryOrder';
  readonly clientOrderId: string;
  readonly venueOrderId?: string;
}

export type TradingCommand = SubmitOrder | SubmitOrderList | ModifyOrder | CancelOrder | CancelAllOrders | QueryOrder;
export type TradingCommandType = TradingCommand['type'];
