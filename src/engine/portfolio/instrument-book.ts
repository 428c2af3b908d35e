import { Decimal, Price } from '../core/decimal.js';
import type { PositionEvent } from '../model/events.js';
import type { MarkSource } from './types.js';

const ZERO = Decimal.zero(0);

interface Contribution {
  readonly signed: Decimal;
  /** avgPxOpen × signed: what the position cost, signed like it. */
  readonly cost: Decimal;
}

/**
 * One instrument's side of the portfolio, kept as running sums: the long positions' quantity and cost
 * (Σ avgPxOpen × qty), the short ones' likewise. Unrealized PnL is then
 * `bid × longQty − longCost + ask × shortQty − shortCost` (shortQty and shortCost are negative): longs
 * are marked at the bid and shorts at the ask, the prices they could be closed at now. With only bars
 * (no quote ever seen) both sides are marked at the latest bar's close.
 *
 * A quote only replaces the mark (two field stores: the quote → strategy path stays as fast as without a
 * portfolio); unrealized PnL and exposure are worked out from the mark when read, and kept until the mark
 * or a position changes.
 */
export class InstrumentBook {
  private readonly contributions = new Map<string, Contribution>();
  /** The realized PnL of each position's current cycle as last seen (a reopened position starts again at 0). */
  private readonly realizedSeen = new Map<string, Decimal>();
  private longQty = ZERO;
  private longCost = ZERO;
  private shortQty = ZERO;
  private shortCost = ZERO;
  /** The smallest precision of the positions' average prices seen: the instrument's price precision. */
  private pricePrecision = 16;
  bid: Price | undefined;
  ask: Price | undefined;
  source: MarkSource | undefined;
  /** Any position open (long or short): only then does a mark change a figure. */
  open = false;
  realized = ZERO;
  private version = 0;
  private memo: { bid: Price | undefined; ask: Price | undefined; version: number; unrealized: Decimal | undefined; exposure: Decimal | undefined } | undefined;

  constructor(readonly instrumentId: string, readonly currency: string) {}

  get netQty(): Decimal { return this.longQty.add(this.shortQty); }
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

  /** undefined: a position is open and has no mark yet. */
  get unrealized(): Decimal | undefined { return this.figures().unrealized; }
  /** |net qty| × mark; undefined: open with no mark. */
  get exposure(): Decimal | undefined { return this.figures().exposure; }

  /** A position changed: swap its old contribution for the new one. Returns the change in realized PnL. */
  applyPosition(event: PositionEvent): Decimal {
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
    this.open = !this.longQty.isZero() || !this.shortQty.isZero();
    this.version += 1;
    const seen = event.type === 'PositionOpened' ? ZERO : (this.realizedSeen.get(event.positionId) ?? ZERO);
    const realized = event.realizedPnl.amount;
    this.realizedSeen.set(event.positionId, realized);
    const delta = realized.sub(seen);
    this.realized = this.realized.add(delta);
    return delta;
  }

  setQuote(bid: Price, ask: Price): void {
    this.bid = bid;
    this.ask = ask;
    this.source = 'quote';
  }

  /** A bar marks the instrument only while it has never had a quote (bars-only data). False: ignored. */
  setBarClose(close: Price): boolean {
    if (this.source === 'quote') return false;
    this.bid = close;
    this.ask = close;
    this.source = 'bar';
    return true;
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

  private figures(): { unrealized: Decimal | undefined; exposure: Decimal | undefined } {
    const m = this.memo;
    if (m !== undefined && m.bid === this.bid && m.ask === this.ask && m.version === this.version) return m;
    const next = { bid: this.bid, ask: this.ask, version: this.version, ...this.compute() };
    this.memo = next;
    return next;
  }

  private compute(): { unrealized: Decimal | undefined; exposure: Decimal | undefined } {
    const longOpen = !this.longQty.isZero();
    const shortOpen = !this.shortQty.isZero();
    if (!longOpen && !shortOpen) return { unrealized: ZERO, exposure: ZERO };
    if ((longOpen && this.bid === undefined) || (shortOpen && this.ask === undefined)) return { unrealized: undefined, exposure: undefined };
    let u = ZERO;
    if (longOpen) u = u.add(this.bid!.mul(this.longQty).sub(this.longCost));
    if (shortOpen) u = u.add(this.ask!.mul(this.shortQty).sub(this.shortCost));
    const mark = this.mark;
    return { unrealized: u, exposure: mark === undefined ? undefined : this.netQty.abs().mul(mark) };
  }
}
