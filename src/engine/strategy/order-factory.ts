import type { Clock } from '../core/clock.js';
import { Price, Quantity } from '../core/decimal.js';
import type { DecimalInput } from '../core/decimal.js';
import { EngineError } from '../core/errors.js';
import type { ContingencyType, OrderSide, OrderType, TimeInForce } from '../model/enums.js';
import { ORDER_TRAITS } from '../model/order-traits.js';
import { type OrderInitArgs, orderInitialized } from '../model/event-factory.js';
import { ClientOrderIdGenerator, OrderListIdGenerator } from '../model/identifiers.js';
import { Order } from '../model/order.js';
import type { InstrumentLookup, OrderListRef } from './context.js';

/** Decimals are accepted as `Price`/`Quantity` or as strings/numbers (parsed exactly). */
export interface OrderArgs {
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly quantity: Quantity | DecimalInput;
  readonly price?: Price | DecimalInput;
  readonly triggerPrice?: Price | DecimalInput;
  /** Default GTC; GTD needs `expireTime`. */
  readonly timeInForce?: TimeInForce;
  /** ns since the epoch (bigint, or a number of ns). */
  readonly expireTime?: bigint | number;
  readonly reduceOnly?: boolean;
  readonly postOnly?: boolean;
  readonly tags?: readonly string[];
}

export interface BracketArgs {
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly quantity: Quantity | DecimalInput;
  /** Default MARKET; LIMIT needs `entryPrice`. */
  readonly entryType?: 'MARKET' | 'LIMIT';
  readonly entryPrice?: Price | DecimalInput;
  readonly slTriggerPrice: Price | DecimalInput;
  readonly tpPrice: Price | DecimalInput;
  /** How the two children are linked; default OUO. */
  readonly contingencyType?: 'OUO' | 'OCO';
  /** Of the entry (children are GTC unless GTD given: then they share the expiry). */
  readonly timeInForce?: TimeInForce;
  readonly expireTime?: bigint | number;
  /** Default true. */
  readonly tpPostOnly?: boolean;
  readonly tags?: readonly string[];
}

/** An order list as the factory makes it: a bracket is `[entry, stopLoss, takeProfit]`. */
export interface OrderList extends OrderListRef {
  readonly orders: readonly Order[];
}

/** Fields of an order beyond OrderArgs that lists need (links). */
interface Links {
  readonly contingencyType?: ContingencyType;
  readonly orderListId?: string;
  readonly linkedOrderIds?: readonly string[];
  readonly parentOrderId?: string;
}

/**
 * Builds a strategy's orders in INITIALIZED state with ids in the §2 formats. Counting continues from
 * the ids the strategy already has after a restart (`continueFrom`). Prices and quantities are read at
 * the instrument's precision when the instrument is known (more digits than it allows is an error).
 */
export class OrderFactory {
  private readonly orderIds: ClientOrderIdGenerator;
  private readonly listIds: OrderListIdGenerator;

  constructor(
    readonly traderId: string,
    readonly strategyId: string,
    private readonly clock: Clock,
    private readonly instruments?: InstrumentLookup,
  ) {
    this.orderIds = new ClientOrderIdGenerator(traderId, strategyId, clock);
    this.listIds = new OrderListIdGenerator(traderId, strategyId, clock);
  }

  /** Continue counting after the largest count found among these client order ids and order list ids. */
  continueFrom(clientOrderIds: Iterable<string>, orderListIds: Iterable<string>): void {
    this.orderIds.setCountFromIds(clientOrderIds);
    this.listIds.setCountFromIds(orderListIds);
  }

  get orderCount(): number {
    return this.orderIds.currentCount;
  }
  get orderListCount(): number {
    return this.listIds.currentCount;
  }

  market(a: Omit<OrderArgs, 'price' | 'triggerPrice' | 'postOnly'>): Order {
    return this.build('MARKET', a);
  }
  limit(a: OrderArgs & { readonly price: Price | DecimalInput }): Order {
    return this.build('LIMIT', a);
  }
  stopMarket(a: OrderArgs & { readonly triggerPrice: Price | DecimalInput }): Order {
    return this.build('STOP_MARKET', a);
  }
  stopLimit(a: OrderArgs & { readonly price: Price | DecimalInput; readonly triggerPrice: Price | DecimalInput }): Order {
    return this.build('STOP_LIMIT', a);
  }
  marketIfTouched(a: OrderArgs & { readonly triggerPrice: Price | DecimalInput }): Order {
    return this.build('MARKET_IF_TOUCHED', a);
  }
  limitIfTouched(a: OrderArgs & { readonly price: Price | DecimalInput; readonly triggerPrice: Price | DecimalInput }): Order {
    return this.build('LIMIT_IF_TOUCHED', a);
  }

  /**
   * Entry (OTO, linked to both children) + reduce-only STOP_MARKET stop-loss + LIMIT take-profit
   * (post-only by default), the children linked to each other OUO (default) or OCO, parent = entry.
   * Ids are generated in the order entry, stop-loss, take-profit.
   */
  bracket(a: BracketArgs): OrderList {
    const entryType = a.entryType ?? 'MARKET';
    if (entryType === 'LIMIT' && a.entryPrice === undefined) {
      throw new EngineError('ORDER_ARGS_INVALID', 'bracket: expected an entryPrice for a LIMIT entry, received none', { entryType });
    }
    const childType = a.contingencyType ?? 'OUO';
    const listId = this.listIds.generate();
    const entryId = this.orderIds.generate();
    const slId = this.orderIds.generate();
    const tpId = this.orderIds.generate();
    const exit: OrderSide = a.side === 'BUY' ? 'SELL' : 'BUY';
    const childTif: TimeInForce = a.timeInForce === 'GTD' ? 'GTD' : 'GTC';
    const common = { instrumentId: a.instrumentId, quantity: a.quantity, tags: a.tags ?? [] };
    const entry = this.make(entryId, entryType, {
      ...common,
      side: a.side,
      ...(entryType === 'LIMIT' ? { price: a.entryPrice } : {}),
      ...(a.timeInForce !== undefined ? { timeInForce: a.timeInForce } : {}),
      ...(a.expireTime !== undefined ? { expireTime: a.expireTime } : {}),
    }, { contingencyType: 'OTO', orderListId: listId, linkedOrderIds: [slId, tpId] });
    const childExpiry = childTif === 'GTD' && a.expireTime !== undefined ? { expireTime: a.expireTime } : {};
    const stopLoss = this.make(slId, 'STOP_MARKET', {
      ...common, side: exit, triggerPrice: a.slTriggerPrice, timeInForce: childTif, ...childExpiry, reduceOnly: true,
    }, { contingencyType: childType, orderListId: listId, linkedOrderIds: [tpId], parentOrderId: entryId });
    const takeProfit = this.make(tpId, 'LIMIT', {
      ...common, side: exit, price: a.tpPrice, timeInForce: childTif, ...childExpiry, reduceOnly: true, postOnly: a.tpPostOnly ?? true,
    }, { contingencyType: childType, orderListId: listId, linkedOrderIds: [slId], parentOrderId: entryId });
    return { id: listId, instrumentId: a.instrumentId, strategyId: this.strategyId, orders: [entry, stopLoss, takeProfit] };
  }

  private build(type: OrderType, a: OrderArgs): Order {
    return this.make(this.orderIds.generate(), type, a, {});
  }

  private make(clientOrderId: string, type: OrderType, a: Partial<OrderArgs> & { instrumentId: string; side: OrderSide; quantity: OrderArgs['quantity'] }, links: Links): Order {
    const inst = this.instruments?.find(a.instrumentId);
    const tif = a.timeInForce ?? 'GTC';
    const { hasPrice, hasTrigger } = ORDER_TRAITS[type];
    const problems: string[] = [];
    if (hasPrice && a.price === undefined) problems.push(`a price for a ${type} order`);
    if (hasTrigger && a.triggerPrice === undefined) problems.push(`a triggerPrice for a ${type} order`);
    if (tif === 'GTD' && a.expireTime === undefined) problems.push('an expireTime for a GTD order');
    if (problems.length > 0) {
      throw new EngineError('ORDER_ARGS_INVALID', `expected ${problems.join(' and ')}, received none`, { clientOrderId, orderType: type, timeInForce: tif });
    }
    const quantity = Quantity.from(a.quantity, inst?.sizePrecision);
    if (!quantity.isPositive()) {
      throw new EngineError('ORDER_ARGS_INVALID', `expected a positive quantity, received ${quantity.toString()}`, { clientOrderId, quantity: quantity.toString() });
    }
    // Plain assignments, not `...(x ? {…} : {})`: a temporary object per optional field on every order.
    // `orderInitialized` reads an absent and an undefined field alike.
    const args: { -readonly [K in keyof OrderInitArgs]: OrderInitArgs[K] } = {
      traderId: this.traderId,
      strategyId: this.strategyId,
      instrumentId: a.instrumentId,
      clientOrderId,
      side: a.side,
      orderType: type,
      quantity,
      timeInForce: tif,
      postOnly: a.postOnly ?? false,
      reduceOnly: a.reduceOnly ?? false,
      tags: a.tags ?? [],
      tsInit: this.clock.timestampNs(),
    };
    if (hasPrice) args.price = Price.from(a.price!, inst?.pricePrecision);
    if (hasTrigger) args.triggerPrice = Price.from(a.triggerPrice!, inst?.pricePrecision);
    if (tif === 'GTD') args.expireTime = BigInt(a.expireTime!);
    if (links.contingencyType !== undefined) args.contingencyType = links.contingencyType;
    if (links.orderListId !== undefined) args.orderListId = links.orderListId;
    if (links.linkedOrderIds !== undefined) args.linkedOrderIds = links.linkedOrderIds;
    if (links.parentOrderId !== undefined) args.parentOrderId = links.parentOrderId;
    return Order.create(orderInitialized(args));
  }
}
