import { Decimal, Price, Quantity } from '../core/decimal.js';
import { EngineError } from '../core/errors.js';
import { CLOSED_STATUSES, INFLIGHT_STATUSES, OPEN_STATUSES } from './enums.js';
import type { ContingencyType, OrderSide, OrderStatus, OrderType, TimeInForce } from './enums.js';
import type { OrderEvent, OrderFilled, OrderInitialized } from './events.js';
import { isLocalClose, type LocalClose } from './local-resolution.js';
import { nextStatus } from './order-fsm.js';
import { Ratio } from './ratio.js';

export interface ApplyOptions {
  /** Accept a fill that takes filled above quantity (LiveExecEngineConfig.allowOverfills). */
  readonly allowOverfills?: boolean;
}

/** Fills an order holds before its trade ids get a Map (a linear scan is cheaper below this). */
const FILL_INDEX_AFTER = 8;

/** Digits kept beyond the price precision for an average price that does not terminate. */
const AVG_PX_EXTRA_DIGITS = 4;

/**
 * An order. Built from its `OrderInitialized` event; `apply(event)` is the only way to change it
 * (plus `assignPositionId`, which the engine uses to link OTO children to the entry's position).
 * An event that the status table refuses throws and leaves the order exactly as it was.
 */
export class Order {
  readonly kind = 'Order' as const;

  private _status: OrderStatus = 'INITIALIZED';
  private _previousStatus: OrderStatus | undefined;
  /** Last status held before a pending state: where a rejected modify/cancel returns to. */
  private _rollbackStatus: OrderStatus | undefined;
  private _venueOrderId: string | undefined;
  private _accountId: string | undefined;
  private _positionId: string | undefined;
  private _quantity: Quantity;
  private _price: Price | undefined;
  private _triggerPrice: Price | undefined;
  private _filledQty: Quantity;
  /** Exact Σ px·qty and Σ qty of fills; avgPx is derived from them so it never drifts. */
  private _fillNotional: Ratio = Ratio.ZERO;
  private _avgPxPrecision = 0;
  private readonly _events: OrderEvent[];
  /**
   * Applied fills in order. Most orders fill once or a few times, so a list (no Map per order: ~350
   * retained bytes each) with a trade-id index added only once an order has many fills.
   */
  private _fills: OrderFilled[] | undefined;
  private _fillIndex: Map<string, OrderFilled> | undefined;
  private _lastTradeId: string | undefined;
  private _tsLast: bigint;
  /** The closing event while the order's status is a local resolution (see local-resolution.ts). */
  private _localClose: LocalClose | undefined;

  private constructor(readonly init: OrderInitialized) {
    this._quantity = init.quantity;
    this._price = init.price;
    this._triggerPrice = init.triggerPrice;
    this._filledQty = Quantity.fromRaw(0n, init.quantity.precision);
    this._venueOrderId = init.venueOrderId;
    this._accountId = init.accountId;
    // Room for the usual life (initialized, submitted, accepted, filled) from the start: a one-slot array
    // grows to 17 slots on its first push, ~100 bytes a closed order would keep for nothing.
    const events: OrderEvent[] = [init, init, init, init];
    events.length = 1;
    this._events = events;
    this._tsLast = init.tsEvent;
  }

  static create(init: OrderInitialized): Order {
    if (init.type !== 'OrderInitialized') {
      throw new EngineError('ORDER_INIT_INVALID', `expected an OrderInitialized event, received ${String(init.type)}`, {
        received: init.type,
      });
    }
    if (!init.quantity.isPositive()) {
      throw new EngineError('ORDER_INIT_INVALID', `expected a positive quantity, received ${init.quantity.toString()}`, {
        clientOrderId: init.clientOrderId,
        received: init.quantity.toString(),
      });
    }
    return new Order(init);
  }

  // --- definition -----------------------------------------------------------------------------
  get clientOrderId(): string {
    return this.init.clientOrderId;
  }
  get traderId(): string {
    return this.init.traderId;
  }
  get strategyId(): string {
    return this.init.strategyId;
  }
  get instrumentId(): string {
    return this.init.instrumentId;
  }
  get side(): OrderSide {
    return this.init.side;
  }
  get type(): OrderType {
    return this.init.orderType;
  }
  get timeInForce(): TimeInForce {
    return this.init.timeInForce;
  }
  get expireTime(): bigint | undefined {
    return this.init.expireTime;
  }
  get postOnly(): boolean {
    return this.init.postOnly;
  }
  get reduceOnly(): boolean {
    return this.init.reduceOnly;
  }
  get tags(): readonly string[] {
    return this.init.tags;
  }
  get contingencyType(): ContingencyType {
    return this.init.contingencyType;
  }
  get orderListId(): string | undefined {
    return this.init.orderListId;
  }
  get linkedOrderIds(): readonly string[] {
    return this.init.linkedOrderIds;
  }
  get parentOrderId(): string | undefined {
    return this.init.parentOrderId;
  }
  get tsInit(): bigint {
    return this.init.tsInit;
  }

  // --- state --------------------------------------------------------------------------------------
  get venueOrderId(): string | undefined {
    return this._venueOrderId;
  }
  get accountId(): string | undefined {
    return this._accountId;
  }
  get positionId(): string | undefined {
    return this._positionId;
  }
  get quantity(): Quantity {
    return this._quantity;
  }
  get price(): Price | undefined {
    return this._price;
  }
  get triggerPrice(): Price | undefined {
    return this._triggerPrice;
  }
  get filledQty(): Quantity {
    return this._filledQty;
  }
  /** quantity − filled, never below zero (an allowed overfill leaves 0). */
  get leavesQty(): Quantity {
    // On plain decimals: Quantity.sub would throw on the negative result of an allowed overfill.
    const leaves = Decimal.from(this._quantity).sub(this._filledQty);
    return leaves.isNegative() ? Quantity.zero(leaves.precision) : Quantity.from(leaves);
  }
  /**
   * Σ(px·qty)/Σ(qty) of the fills, exact: printed at the fill price precision when it terminates there,
   * with as many more digits as it needs up to 4, and rounded at price precision + 4 otherwise.
   */
  get avgPx(): Price | undefined {
    if (this._filledQty.isZero()) return undefined;
    return this._fillNotional
      .div(Ratio.fromDecimal(this._filledQty))
      .toDecimal(Price, this._avgPxPrecision, this._avgPxPrecision + AVG_PX_EXTRA_DIGITS);
  }
  get status(): OrderStatus {
    return this._status;
  }
  get previousStatus(): OrderStatus | undefined {
    return this._previousStatus;
  }
  /** All applied events, oldest first; the first is the OrderInitialized. */
  get events(): readonly OrderEvent[] {
    return this._events;
  }
  get lastEvent(): OrderEvent {
    return this._events[this._events.length - 1]!;
  }
  get eventCount(): number {
    return this._events.length;
  }
  get tradeIds(): string[] {
    return this._fills === undefined ? [] : this._fills.map((f) => f.tradeId);
  }
  get lastTradeId(): string | undefined {
    return this._lastTradeId;
  }
  get fills(): OrderFilled[] {
    return this._fills === undefined ? [] : [...this._fills];
  }
  /** tsEvent of the last applied event. */
  get tsLast(): bigint {
    return this._tsLast;
  }
  get isOpen(): boolean {
    return OPEN_STATUSES.has(this._status);
  }
  get isClosed(): boolean {
    return CLOSED_STATUSES.has(this._status);
  }
  get isInflight(): boolean {
    return INFLIGHT_STATUSES.has(this._status);
  }
  /**
   * The event that closed the order when keel closed it by inference (a local resolution: the venue
   * did not answer, or answered that it does not know the order); undefined otherwise. While set, a
   * venue report may restore the order (RESTORE_TABLE).
   */
  get localClose(): LocalClose | undefined {
    return this._localClose;
  }
  /** Status before any pending state: what a rejected modify or cancel returns to. */
  get rollbackStatus(): OrderStatus | undefined {
    return this._rollbackStatus;
  }

  hasTradeId(tradeId: string): boolean {
    return this.fill(tradeId) !== undefined;
  }
  /** The applied OrderFilled with this trade id. */
  fill(tradeId: string): OrderFilled | undefined {
    if (this._fillIndex !== undefined) return this._fillIndex.get(tradeId);
    const fills = this._fills;
    if (fills === undefined) return undefined;
    for (let i = 0; i < fills.length; i++) if (fills[i]!.tradeId === tradeId) return fills[i];
    return undefined;
  }

  /** Link the order to a position before it fills (OTO children take the entry's position id). */
  assignPositionId(positionId: string): void {
    this._positionId = positionId;
  }

  /**
   * Apply an event: the only mutator. Validates everything first, so an error leaves the order as it
   * was and the event unrecorded.
   */
  apply(event: OrderEvent, options: ApplyOptions = {}): void {
    if (event.clientOrderId !== this.init.clientOrderId) {
      throw new EngineError(
        'ORDER_EVENT_MISMATCH',
        `expected an event for order ${this.init.clientOrderId}, received ${event.type} for ${event.clientOrderId}`,
        { clientOrderId: this.init.clientOrderId, received: event.clientOrderId, event: event.type },
      );
    }
    const filledAfter = event.type === 'OrderFilled' ? this.checkFill(event, options) : undefined;
    const to = nextStatus(this._status, event, {
      rollbackStatus: this._rollbackStatus,
      quantity: this._quantity,
      filledQty: this._filledQty,
      closedLocally: this._localClose !== undefined,
    });

    // --- validated: mutate ---
    // A local close is undone by the first event that moves the order on: from then on the venue's word holds.
    if (isLocalClose(event)) this._localClose = event;
    else if (to !== this._status) this._localClose = undefined;
    if (to !== this._status) {
      if ((to === 'PENDING_UPDATE' || to === 'PENDING_CANCEL') && this._status !== 'PENDING_UPDATE' && this._status !== 'PENDING_CANCEL') {
        this._rollbackStatus = this._status;
      }
      this._previousStatus = this._status;
      this._status = to;
    }
    if (event.accountId !== undefined) this._accountId = event.accountId;
    switch (event.type) {
      case 'OrderAccepted':
        this._venueOrderId = event.venueOrderId;
        break;
      case 'OrderUpdated':
        if (event.venueOrderId !== undefined) this._venueOrderId = event.venueOrderId;
        this._quantity = event.quantity;
        if (event.price !== undefined) this._price = event.price;
        if (event.triggerPrice !== undefined) this._triggerPrice = event.triggerPrice;
        break;
      case 'OrderFilled':
        this.applyFill(event, filledAfter!);
        break;
      default:
        if (event.venueOrderId !== undefined && this._venueOrderId === undefined) this._venueOrderId = event.venueOrderId;
    }
    this._events.push(event);
    this._tsLast = event.tsEvent;
  }

  /** Validates a fill; returns the filled quantity it leads to. */
  private checkFill(fill: OrderFilled, options: ApplyOptions): Quantity {
    if (this.fill(fill.tradeId) !== undefined) {
      throw new EngineError('ORDER_DUPLICATE_TRADE_ID', `expected a new trade id for order ${this.clientOrderId}, received ${fill.tradeId} again`, {
        clientOrderId: this.clientOrderId,
        tradeId: fill.tradeId,
      });
    }
    if (!fill.lastQty.isPositive()) {
      throw new EngineError('ORDER_FILL_INVALID', `expected a positive fill quantity, received ${fill.lastQty.toString()}`, {
        clientOrderId: this.clientOrderId,
        tradeId: fill.tradeId,
        lastQty: fill.lastQty.toString(),
      });
    }
    const filled = this._filledQty.add(fill.lastQty);
    if (filled.gt(this._quantity) && !options.allowOverfills) {
      throw new EngineError(
        'ORDER_OVERFILL',
        `fill ${fill.tradeId} of ${fill.lastQty.toString()} would fill ${filled.toString()} of order ${this.clientOrderId}; ` +
          `expected at most its quantity ${this._quantity.toString()}`,
        {
          clientOrderId: this.clientOrderId,
          tradeId: fill.tradeId,
          quantity: this._quantity.toString(),
          filledQty: this._filledQty.toString(),
          lastQty: fill.lastQty.toString(),
        },
      );
    }
    return filled;
  }

  private applyFill(fill: OrderFilled, filled: Quantity): void {
    this._venueOrderId = fill.venueOrderId;
    if (fill.positionId !== undefined) this._positionId = fill.positionId;
    this._filledQty = Quantity.from(filled);
    this._fillNotional = this._fillNotional.add(Ratio.fromDecimal(fill.lastPx).mul(Ratio.fromDecimal(fill.lastQty)));
    this._avgPxPrecision = Math.max(this._avgPxPrecision, fill.lastPx.precision);
    if (this._fills === undefined) this._fills = [fill];
    else this._fills.push(fill);
    if (this._fillIndex !== undefined) this._fillIndex.set(fill.tradeId, fill);
    else if (this._fills.length > FILL_INDEX_AFTER) this._fillIndex = new Map(this._fills.map((f) => [f.tradeId, f]));
    this._lastTradeId = fill.tradeId;
  }

  /** Plain snapshot: decimals as strings, times (bigint ns) as strings. */
  toJSON(): OrderSnapshot {
    return {
      kind: 'Order',
      clientOrderId: this.clientOrderId,
      venueOrderId: this._venueOrderId ?? null,
      traderId: this.traderId,
      strategyId: this.strategyId,
      instrumentId: this.instrumentId,
      accountId: this._accountId ?? null,
      side: this.side,
      type: this.type,
      quantity: this._quantity.toString(),
      filledQty: this._filledQty.toString(),
      leavesQty: this.leavesQty.toString(),
      avgPx: this.avgPx?.toString() ?? null,
      price: this._price?.toString() ?? null,
      triggerPrice: this._triggerPrice?.toString() ?? null,
      timeInForce: this.timeInForce,
      expireTime: this.expireTime?.toString() ?? null,
      postOnly: this.postOnly,
      reduceOnly: this.reduceOnly,
      status: this._status,
      previousStatus: this._previousStatus ?? null,
      tags: [...this.tags],
      contingencyType: this.contingencyType,
      orderListId: this.orderListId ?? null,
      linkedOrderIds: [...this.linkedOrderIds],
      parentOrderId: this.parentOrderId ?? null,
      positionId: this._positionId ?? null,
      tradeIds: this.tradeIds,
      eventTypes: this._events.map((e) => e.type),
      isOpen: this.isOpen,
      isClosed: this.isClosed,
      isInflight: this.isInflight,
      tsInit: this.tsInit.toString(),
      tsLast: this._tsLast.toString(),
    };
  }
}

export interface OrderSnapshot {
  readonly kind: 'Order';
  readonly clientOrderId: string;
  readonly venueOrderId: string | null;
  readonly traderId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly accountId: string | null;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: string;
  readonly filledQty: string;
  readonly leavesQty: string;
  readonly avgPx: string | null;
  readonly price: string | null;
  readonly triggerPrice: string | null;
  readonly timeInForce: TimeInForce;
  readonly expireTime: string | null;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  readonly status: OrderStatus;
  readonly previousStatus: OrderStatus | null;
  readonly tags: string[];
  readonly contingencyType: ContingencyType;
  readonly orderListId: string | null;
  readonly linkedOrderIds: string[];
  readonly parentOrderId: string | null;
  readonly positionId: string | null;
  readonly tradeIds: string[];
  readonly eventTypes: string[];
  readonly isOpen: boolean;
  readonly isClosed: boolean;
  readonly isInflight: boolean;
  readonly tsInit: string;
  readonly tsLast: string;
}
