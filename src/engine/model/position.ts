import { Decimal, Money, Price, Quantity } from '../core/decimal.js';
import { EngineError } from '../core/errors.js';
import { currencyPrecision } from './currencies.js';
import type { PositionSide } from './enums.js';
import type { OrderFilled } from './events.js';
import type { Instrument } from './instruments.js';
import { Ratio } from './ratio.js';
import { copyFields } from './copy-fields.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Digits kept beyond the price precision for average prices that do not terminate. */
const AVG_PX_EXTRA_DIGITS = 4;
/**
 * Internal digits of the average open price beyond the price precision. An exact ratio's denominator
 * grows with every increase (hundreds of digits after a few hundred fills, and the position slows to a
 * crawl), so the average is rounded here after each increase: exact whenever it terminates within these
 * digits, otherwise off by less than 1e-8 of a price tick per unit held.
 */
const AVG_OPEN_INTERNAL_EXTRA_DIGITS = 8;

/**
 * A position in one instrument for one strategy, changed only by `apply(fill)`.
 *
 * Increases average the open price; reductions realise PnL in the instrument's quote currency
 * ((close − open)·qty long, reversed short), minus commissions paid in that currency. A fill past zero
 * flips the position in place (NETTING: the remainder opens the other side at the fill price); under
 * HEDGING the engine instead splits such a fill with `splitFillForFlip`. A closed position that receives
 * a fill reopens under the same id: the per-cycle figures (average prices, realized PnL, commissions,
 * peak, open/close times and order ids) restart, while `fills`/`tradeIds` keep the whole history so a
 * replayed trade is still recognised.
 */
export class Position {
  readonly kind = 'Position' as const;

  readonly id: string;
  readonly instrumentId: string;
  readonly traderId: string;
  readonly strategyId: string;
  readonly quoteCurrency: string;

  private readonly pricePrecision: number;
  private readonly sizePrecision: number;
  private _accountId: string | undefined;
  private _signed: Decimal;
  private _avgOpen: Ratio = Ratio.ZERO;
  private _closeNotional: Ratio = Ratio.ZERO;
  private _closeQty: Ratio = Ratio.ZERO;
  private _realized: Ratio = Ratio.ZERO;
  private _commissions = new Map<string, Decimal>();
  private _peak: Decimal;
  private _openingOrderId: string;
  private _closingOrderId: string | undefined;
  private _tsOpened: bigint;
  private _tsClosed: bigint | undefined;
  private _tsLast: bigint;
  private readonly _fills: OrderFilled[] = [];
  private readonly _tradeIds = new Set<string>();
  private _cycleFills = 0;

  private constructor(instrument: Instrument, fill: OrderFilled, positionId: string) {
    this.id = positionId;
    this.instrumentId = instrument.id;
    this.traderId = fill.traderId;
    this.strategyId = fill.strategyId;
    this.quoteCurrency = instrument.quoteCurrency;
    this.pricePrecision = instrument.pricePrecision;
    this.sizePrecision = instrument.sizePrecision;
    this._accountId = fill.accountId;
    this._signed = Decimal.zero(instrument.sizePrecision);
    this._peak = Decimal.zero(instrument.sizePrecision);
    this._openingOrderId = fill.clientOrderId;
    this._tsOpened = fill.tsEvent;
    this._tsLast = fill.tsEvent;
  }

  /** Open a position with its first fill. */
  static open(instrument: Instrument, fill: OrderFilled, positionId: string): Position {
    if (fill.instrumentId !== instrument.id) {
      throw new EngineError('POSITION_FILL_MISMATCH', `expected a fill for ${instrument.id}, received one for ${fill.instrumentId}`, {
        instrumentId: instrument.id,
        received: fill.instrumentId,
      });
    }
    const position = new Position(instrument, fill, positionId);
    position.apply(fill);
    return position;
  }

  get accountId(): string | undefined {
    return this._accountId;
  }
  get side(): PositionSide {
    return this._signed.isZero() ? 'FLAT' : this._signed.isPositive() ? 'LONG' : 'SHORT';
  }
  /** Absolute size. */
  get quantity(): Quantity {
    return Quantity.from(this._signed.abs());
  }
  /** Positive long, negative short, zero flat. */
  get signedQty(): Decimal {
    return this._signed;
  }
  get avgPxOpen(): Price {
    return this.price(this._avgOpen);
  }
  get avgPxClose(): Price | undefined {
    return this._closeQty.isZero() ? undefined : this.price(this._closeNotional.div(this._closeQty));
  }
  /** Realized PnL in the quote currency, net of commissions paid in it, at the currency's precision. */
  get realizedPnl(): Money {
    const p = currencyPrecision(this.quoteCurrency);
    return new Money(this._realized.toDecimal(Decimal, p, p), this.quoteCurrency);
  }
  /** Commissions of the current cycle, one entry per currency. */
  get commissions(): Money[] {
    return [...this._commissions].map(([currency, amount]) => new Money(amount, currency));
  }
  get isOpen(): boolean {
    return !this._signed.isZero();
  }
  get isClosed(): boolean {
    return this._signed.isZero();
  }
  get openingOrderId(): string {
    return this._openingOrderId;
  }
  get closingOrderId(): string | undefined {
    return this._closingOrderId;
  }
  get tradeIds(): string[] {
    return [...this._tradeIds];
  }
  get lastTradeId(): string | undefined {
    return this._fills[this._fills.length - 1]?.tradeId;
  }
  get fills(): OrderFilled[] {
    return [...this._fills];
  }
  get tsOpened(): bigint {
    return this._tsOpened;
  }
  get tsClosed(): bigint | undefined {
    return this._tsClosed;
  }
  get tsLast(): bigint {
    return this._tsLast;
  }
  /** Largest absolute size reached in the current cycle. */
  get peakQty(): Quantity {
    return Quantity.from(this._peak);
  }

  /** Fills applied since the position last opened (1 right after the opening fill). */
  get cycleFillCount(): number {
    return this._cycleFills;
  }

  hasTradeId(tradeId: string): boolean {
    return this._tradeIds.has(tradeId);
  }

  /** PnL if the open quantity were closed at `price` (quote currency, before commissions). */
  unrealizedPnl(price: Price): Money {
    const p = currencyPrecision(this.quoteCurrency);
    const pnl = Ratio.fromDecimal(price).sub(this._avgOpen).mul(Ratio.fromDecimal(this._signed));
    return new Money(pnl.toDecimal(Decimal, p, p), this.quoteCurrency);
  }

  apply(fill: OrderFilled): void {
    if (fill.instrumentId !== this.instrumentId) {
      throw new EngineError('POSITION_FILL_MISMATCH', `expected a fill for ${this.instrumentId} (position ${this.id}), received one for ${fill.instrumentId}`, {
        positionId: this.id,
        instrumentId: this.instrumentId,
        received: fill.instrumentId,
      });
    }
    if (this._tradeIds.has(fill.tradeId)) {
      throw new EngineError('POSITION_DUPLICATE_TRADE_ID', `expected a new trade id for position ${this.id}, received ${fill.tradeId} again`, {
        positionId: this.id,
        tradeId: fill.tradeId,
      });
    }
    if (this._signed.isZero() && this._fills.length > 0) this.reopen(fill);

    const commission = fill.commission;
    const paid = this._commissions.get(commission.currency);
    this._commissions.set(commission.currency, paid ? paid.add(commission.amount) : commission.amount);
    if (commission.currency === this.quoteCurrency) this._realized = this._realized.sub(Ratio.fromDecimal(commission.amount));

    const qty = fill.lastQty.withPrecision(Math.max(fill.lastQty.precision, this.sizePrecision));
    const delta: Decimal = fill.side === 'BUY' ? Decimal.from(qty) : Decimal.from(qty).neg();
    const px = Ratio.fromDecimal(fill.lastPx);
    const before = this._signed;

    if (before.isZero()) {
      this._avgOpen = px;
    } else if (before.isPositive() === delta.isPositive()) {
      const held = Ratio.fromDecimal(before.abs());
      const added = Ratio.fromDecimal(qty);
      this._avgOpen = this._avgOpen
        .mul(held)
        .add(px.mul(added))
        .div(held.add(added))
        .roundToDigits(this.pricePrecision + AVG_OPEN_INTERNAL_EXTRA_DIGITS);
    } else {
      const closed = qty.lt(before.abs()) ? qty : before.abs();
      const closedR = Ratio.fromDecimal(closed);
      const perUnit = before.isPositive() ? px.sub(this._avgOpen) : this._avgOpen.sub(px);
      this._realized = this._realized.add(perUnit.mul(closedR));
      this._closeNotional = this._closeNotional.add(px.mul(closedR));
      this._closeQty = this._closeQty.add(closedR);
      this._closingOrderId = fill.clientOrderId;
      // Past zero: the remainder opens the other side at the fill price.
      if (qty.gt(before.abs())) this._avgOpen = px;
    }

    this._signed = before.add(delta);
    if (this._signed.isZero()) this._tsClosed = fill.tsEvent;
    const size = this._signed.abs();
    if (size.gt(this._peak)) this._peak = size;
    if (fill.accountId !== undefined) this._accountId = fill.accountId;
    this._fills.push(fill);
    this._tradeIds.add(fill.tradeId);
    this._cycleFills += 1;
    this._tsLast = fill.tsEvent;
  }

  private reopen(fill: OrderFilled): void {
    this._avgOpen = Ratio.ZERO;
    this._closeNotional = Ratio.ZERO;
    this._closeQty = Ratio.ZERO;
    this._realized = Ratio.ZERO;
    this._commissions = new Map();
    this._peak = Decimal.zero(this.sizePrecision);
    this._openingOrderId = fill.clientOrderId;
    this._closingOrderId = undefined;
    this._tsOpened = fill.tsEvent;
    this._tsClosed = undefined;
    this._cycleFills = 0;
  }

  private price(r: Ratio): Price {
    return r.toDecimal(Price, this.pricePrecision, this.pricePrecision + AVG_PX_EXTRA_DIGITS);
  }

  /** See `splitFillForFlip`. */
  static splitFillForFlip(fill: OrderFilled, closeQty: Quantity, ids: FlipPositionIds): [OrderFilled, OrderFilled] {
    return splitFillForFlip(fill, closeQty, ids);
  }

  /** Plain snapshot: decimals and money as strings, times (bigint ns) as strings. */
  toJSON(): PositionSnapshot {
    return {
      kind: 'Position',
      id: this.id,
      instrumentId: this.instrumentId,
      traderId: this.traderId,
      strategyId: this.strategyId,
      accountId: this._accountId ?? null,
      side: this.side,
      quantity: this.quantity.toString(),
      signedQty: this._signed.toString(),
      peakQty: this.peakQty.toString(),
      avgPxOpen: this.avgPxOpen.toString(),
      avgPxClose: this.avgPxClose?.toString() ?? null,
      realizedPnl: this.realizedPnl.toString(),
      commissions: this.commissions.map((c) => c.toString()),
      isOpen: this.isOpen,
      openingOrderId: this._openingOrderId,
      closingOrderId: this._closingOrderId ?? null,
      tradeIds: this.tradeIds,
      tsOpened: this._tsOpened.toString(),
      tsClosed: this._tsClosed?.toString() ?? null,
      tsLast: this._tsLast.toString(),
    };
  }
}

export interface FlipPositionIds {
  /** The position the first part closes. */
  readonly closePositionId: string;
  /** The position the second part opens (HEDGING: `{closePositionId}F`). */
  readonly openPositionId: string;
}

/** Suffixes of the two trade ids a flip split makes; deterministic so a replay splits identically. */
export const FLIP_CLOSE_SUFFIX = '-C';
export const FLIP_OPEN_SUFFIX = '-F';

/**
 * HEDGING flip: split a fill that takes a position past zero into the part that closes it (`closeQty`)
 * and the part that opens the new position. Commission is split by quantity (the closing part is
 * rounded at the commission's precision, the opening part takes the rest, so the two sum exactly).
 * Trade ids become `{tradeId}-C` and `{tradeId}-F`, event ids likewise.
 */
export function splitFillForFlip(fill: OrderFilled, closeQty: Quantity, ids: FlipPositionIds): [OrderFilled, OrderFilled] {
  if (!closeQty.isPositive() || !closeQty.lt(fill.lastQty)) {
    throw new EngineError(
      'POSITION_FLIP_SPLIT_INVALID',
      `expected a closing quantity above 0 and below the fill's ${fill.lastQty.toString()}, received ${closeQty.toString()}`,
      { tradeId: fill.tradeId, lastQty: fill.lastQty.toString(), closeQty: closeQty.toString() },
    );
  }
  const openQty = fill.lastQty.sub(closeQty);
  const amount = fill.commission.amount;
  const closeAmount = Ratio.fromDecimal(amount)
    .mul(Ratio.fromDecimal(closeQty))
    .div(Ratio.fromDecimal(fill.lastQty))
    .toDecimal(Decimal, amount.precision, amount.precision);
  // Built with copyFields rather than `{ ...fill, ... }`: same fields and key order, shared hidden classes.
  const closing = copyFields(fill) as Mutable<OrderFilled>;
  closing.eventId = `${fill.eventId}${FLIP_CLOSE_SUFFIX}`;
  closing.tradeId = `${fill.tradeId}${FLIP_CLOSE_SUFFIX}`;
  closing.positionId = ids.closePositionId;
  closing.lastQty = Quantity.from(closeQty);
  closing.commission = new Money(closeAmount, fill.commission.currency);
  const opening = copyFields(fill) as Mutable<OrderFilled>;
  opening.eventId = `${fill.eventId}${FLIP_OPEN_SUFFIX}`;
  opening.tradeId = `${fill.tradeId}${FLIP_OPEN_SUFFIX}`;
  opening.positionId = ids.openPositionId;
  opening.lastQty = Quantity.from(openQty);
  opening.commission = new Money(amount.sub(closeAmount), fill.commission.currency);
  return [closing, opening];
}

export interface PositionSnapshot {
  readonly kind: 'Position';
  readonly id: string;
  readonly instrumentId: string;
  readonly traderId: string;
  readonly strategyId: string;
  readonly accountId: string | null;
  readonly side: PositionSide;
  readonly quantity: string;
  readonly signedQty: string;
  readonly peakQty: string;
  readonly avgPxOpen: string;
  readonly avgPxClose: string | null;
  readonly realizedPnl: string;
  readonly commissions: string[];
  readonly isOpen: boolean;
  readonly openingOrderId: string;
  readonly closingOrderId: string | null;
  readonly tradeIds: string[];
  readonly tsOpened: string;
  readonly tsClosed: string | null;
  readonly tsLast: string;
}
