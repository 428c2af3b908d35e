import { Decimal, Price } from '../core/decimal.js';
import type { PositionEvent } from '../model/events.js';
import type { MarkSource } from './types.js';

const ZERO = Decimal.zero(0);

interface Contribution {
  readonly signed: Decimal;
  /** avgPxOpen × signed: what the position cost, signed like it. */
  readonly cost: Decimal;
}

/** What one update changed in the instrument's figures (added to its currency's totals by the portfolio). */
export interface BookDelta {
  realized: Decimal;
  unrealized: Decimal;
  exposure: Decimal;
}

/**
 * One instrument's side of the portfolio, kept as running sums so a quote costs O(1): the long positions'
 * quantity and cost (Σ avgPxOpen × qty), the short ones' likewise. Unrealized PnL is then
 * `bid × longQty − longCost + ask × shortQty − shortCost` (shortQty and shortCost are negative): longs
 * are marked at the bid and shorts at the ask, the prices they could be closed at now. With only bars
 * (no quote ever seen) both sides are marked at the latest bar's close.
 */
export class InstrumentBook {
  private readonly contributions = new Map<string, Contribution>();
  /** The realized PnL of each position's current cycle as last seen (a reopened position starts again at 0). */
  private readonly realizedSeen = new Map<string, Decimal>();
  private longQty = ZERO;
  private longCost = ZERO;
  private shortQty = ZERO;
  private shortCost = ZERO;
  private bid: Price | undefined;
  private ask: Price | undefined;
  private source: MarkSource | undefined;
  /** The smallest precision of the positions' average prices seen: the instrument's price precision. */
  private pricePrecision = 16;
  realized = ZERO;
  /** undefined: open with no mark. */
  unrealized: Decimal | undefined = ZERO;
  exposure: Decimal | undefined = ZERO;

  constructor(readonly instrumentId: string, readonly currency: string) {}

  get netQty(): Decimal { return this.longQty.add(this.shortQty); }
  get markSource(): MarkSource | undefined { return this.source; }
  /** The price the net position is marked at: bid when net long, ask when net short (bid when flat). */
  get mark(): Price | undefined { return this.netQty.isNegative() ? this.ask : this.bid; }

  /** Quantity-weighted average open price of the positions on the net's side; undefined when flat. */
  get avgPx(): Price | undefined {
    const net = this.netQty;
    if (net.isZero()) return undefined;
    const [qty, cost] = net.isPositive() ? [this.longQty, this.longCost] : [this.shortQty, this.shortCost];
    // Like a position's average: at the price precision, with up to 4 more digits when it does not terminate there.
    let avg = cost.div(qty, this.pricePrecision + 4);
    while (avg.precision > this.pricePrecision && avg.raw % 10n === 0n) avg = Decimal.fromRaw(avg.raw / 10n, avg.precision - 1);
    return Price.fromRaw(avg.raw, avg.precision);
  }

  /** A position changed: swap its old contribution for the new one. Returns the change in the figures. */
  applyPosition(event: PositionEvent): BookDelta {
    const before = this.snapshot();
    const signed = Decimal.from(event.signedQty);
    if (event.avgPxOpen.precision < this.pricePrecision) this.pricePrecision = event.avgPxOpen.precision;
    const old = this.contributions.get(event.positionId);
    if (old) this.add(old, -1);
    if (signed.isZero()) this.contributions.delete(event.positionId);
    else {
      const next = { signed, cost: event.avgPxOpen.mul(signed) };
      this.contributions.set(event.positionId, next);
      this.add(next, 1);
    }
    const seen = event.type === 'PositionOpened' ? ZERO : (this.realizedSeen.get(event.positionId) ?? ZERO);
    const realized = event.realizedPnl.amount;
    this.realizedSeen.set(event.positionId, realized);
    this.realized = this.realized.add(realized.sub(seen));
    this.remark();
    return this.deltaFrom(before, realized.sub(seen));
  }

  setQuote(bid: Price, ask: Price): BookDelta | undefined {
    this.bid = bid;
    this.ask = ask;
    this.source = 'quote';
    return this.remarkIfOpen();
  }

  /** A bar marks the instrument only while it has never had a quote (bars-only data). */
  setBarClose(close: Price): BookDelta | undefined {
    if (this.source === 'quote') return undefined;
    this.bid = close;
    this.ask = close;
    this.source = 'bar';
    return this.remarkIfOpen();
  }

  private remarkIfOpen(): BookDelta | undefined {
    if (this.longQty.isZero() && this.shortQty.isZero()) return undefined;
    const before = this.snapshot();
    this.remark();
    return this.deltaFrom(before, ZERO);
  }

  private add(c: Contribution, sign: 1 | -1): void {
    const qty = sign === 1 ? c.signed : c.signed.neg();
    const cost = sign === 1 ? c.cost : c.cost.neg();
    if (c.signed.isPositive()) {
      this.longQty = this.longQty.add(qty);
      this.longCost = this.longCost.add(cost);
    } else {
      this.shortQty = this.shortQty.add(qty);
      this.shortCost = this.shortCost.add(cost);
    }
  }

  private remark(): void {
    const longOpen = !this.longQty.isZero();
    const shortOpen = !this.shortQty.isZero();
    if (!longOpen && !shortOpen) {
      this.unrealized = ZERO;
      this.exposure = ZERO;
      return;
    }
    if ((longOpen && this.bid === undefined) || (shortOpen && this.ask === undefined)) {
      this.unrealized = undefined;
      this.exposure = undefined;
      return;
    }
    let u = ZERO;
    if (longOpen) u = u.add(this.bid!.mul(this.longQty).sub(this.longCost));
    if (shortOpen) u = u.add(this.ask!.mul(this.shortQty).sub(this.shortCost));
    this.unrealized = u;
    const mark = this.mark;
    this.exposure = mark === undefined ? undefined : this.netQty.abs().mul(mark);
  }

  private snapshot(): { u: Decimal; e: Decimal } {
    return { u: this.unrealized ?? ZERO, e: this.exposure ?? ZERO };
  }

  private deltaFrom(before: { u: Decimal; e: Decimal }, realized: Decimal): BookDelta {
    return { realized, unrealized: (this.unrealized ?? ZERO).sub(before.u), exposure: (this.exposure ?? ZERO).sub(before.e) };
  }
}
