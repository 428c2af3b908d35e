import type { MessageBus, Unsubscribe } from '../bus/message-bus.js';
import { topics } from '../bus/switchboard.js';
import type { Cache } from '../cache/cache.js';
import type { Clock } from '../core/clock.js';
import { Decimal, Money, type Price } from '../core/decimal.js';
import { currencyPrecision } from '../model/currencies.js';
import type { PositionEvent } from '../model/events.js';
import { positionEvent } from '../model/event-factory.js';
import type { Bar, QuoteTick } from '../model/market-data.js';
import { InstrumentBook } from './instrument-book.js';
import { CurrencyTotals, DAY_NS, utcDayStart } from './currency-totals.js';
import type { AccountBalancesProvider, CurrencyPortfolio, InstrumentPortfolio, PortfolioSummary, PortfolioView } from './types.js';

export interface PortfolioOptions {
  readonly cache: Cache;
  readonly bus: MessageBus;
  /** Decides the UTC day the day's PnL belongs to (the node's clock). */
  readonly clock: Clock;
  /** Equity and margin used come from here (the account state); none: both stay undefined. */
  readonly accountBalances?: AccountBalancesProvider;
}

/** The execution engine's `Applied` record, as far as the portfolio reads it (the position events of one fill). */
interface AppliedPositions {
  readonly positions: readonly { readonly event: PositionEvent }[];
}

/**
 * The node's portfolio: per instrument and per currency, net position, average price, realized PnL
 * (net of commissions paid in the quote currency, from the positions' fills), unrealized PnL marked to
 * market (longs at the bid, shorts at the ask; with bars only, the latest bar's close), exposure
 * (|net qty| × mark) and the day's PnL (docs/portfolio.md). Fills arrive as the execution engine's
 * applied records (before the strategies hear of them); quotes and bars are handed over by the
 * market-data router before the strategies get them (`onQuote`/`onBar`), so `this.portfolio` read in a
 * handler is already current. A quote costs O(1) and no arithmetic: it replaces the instrument's mark;
 * unrealized PnL and exposure are worked out from the marks when read (and kept until a mark changes).
 * Listeners (`onChange`, the loss circuit breaker) are told of every mark or fill of an open instrument.
 */
export class Portfolio implements PortfolioView {
  private readonly books = new Map<string, InstrumentBook>();
  private readonly totals = new Map<string, CurrencyTotals>();
  private readonly listeners: ((currency: string) => void)[] = [];
  private accountBalances: AccountBalancesProvider | undefined;
  private readonly subscription: Unsubscribe;

  constructor(private readonly options: PortfolioOptions) {
    this.accountBalances = options.accountBalances;
    this.subscription = options.bus.subscribe<AppliedPositions>(topics.applied, (a) => {
      for (const p of a.positions) this.onPosition(p.event);
    });
    this.rebuild();
    this.armDayStart();
  }

  /**
   * At each UTC midnight the day's baseline is taken (a time alert on the node's clock: the quote path
   * never reads the clock).
   */
  private armDayStart(): void {
    const { clock } = this.options;
    clock.setTimeAlert(DAY_START_ALERT, utcDayStart(clock.timestampNs()) + DAY_NS, (e) => {
      for (const t of this.totals.values()) t.roll(e.tsEvent);
      this.armDayStart();
    });
  }

  /** Wire the account state (equity = balance total + unrealized; margin used as the account says). */
  setAccountBalances(provider: AccountBalancesProvider | undefined): void {
    this.accountBalances = provider;
  }

  /** Told (with the currency) after every change of a figure: the loss circuit breaker listens here. */
  onChange(listener: (currency: string) => void): Unsubscribe {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /**
   * Start again from the cache's positions (after a journal restore or start-up reconciliation): each
   * position counts with its current cycle's realized PnL. Not on the quote path.
   */
  rebuild(): void {
    this.books.clear();
    this.totals.clear();
    const now = this.options.clock.timestampNs();
    for (const p of this.options.cache.positions()) this.onPosition(positionEvent(p, p.tsLast, { tsInit: now }), false);
    for (const book of this.books.values()) {
      const q = this.options.cache.quote(book.instrumentId);
      if (q) this.onQuote(q);
    }
  }

  dispose(): void {
    this.subscription();
    this.options.clock.cancelTimer(DAY_START_ALERT);
    this.listeners.length = 0;
  }

  /** The new mark of an instrument the portfolio holds (a field store; the figures follow when read). */
  onQuote(q: QuoteTick): void {
    const book = this.books.get(q.instrumentId);
    if (book === undefined) return;
    book.setQuote(q.bid, q.ask);
    if (book.open) this.notify(book.currency);
  }

  onBar(b: Bar): void {
    const book = this.books.get(b.instrumentId);
    if (book === undefined) return;
    if (book.setBarClose(b.close) && book.open) this.notify(book.currency);
  }

  private onPosition(event: PositionEvent, notify = true): void {
    let book = this.books.get(event.instrumentId);
    if (book === undefined) {
      book = new InstrumentBook(event.instrumentId, event.realizedPnl.currency);
      this.books.set(event.instrumentId, book);
      // A position's first event: mark it with what the node already has.
      const q = this.options.cache.quote(event.instrumentId);
      if (q) book.setQuote(q.bid, q.ask);
    }
    const totals = this.currency(book);
    // A fill is rare next to quotes: reading the clock here keeps a fill after midnight out of yesterday's baseline.
    totals.roll(this.options.clock.timestampNs());
    totals.realized = totals.realized.add(book.applyPosition(event));
    if (notify) this.notify(book.currency);
  }

  private notify(currency: string): void {
    for (let i = 0; i < this.listeners.length; i++) this.listeners[i]!(currency);
  }

  /** The book's currency totals (created with the book: the book joins its currency's list once). */
  private currency(book: InstrumentBook): CurrencyTotals {
    let t = this.totals.get(book.currency);
    if (t === undefined) {
      t = new CurrencyTotals(book.currency, this.options.clock.timestampNs());
      this.totals.set(book.currency, t);
    }
    if (!t.books.includes(book)) t.books.push(book);
    return t;
  }

  // --- the read side --------------------------------------------------------------------------------
  netPosition(instrumentId: string): Decimal {
    return this.books.get(instrumentId)?.netQty ?? Decimal.zero(0);
  }
  avgPx(instrumentId: string): Price | undefined {
    return this.books.get(instrumentId)?.avgPx;
  }
  realizedPnl(instrumentId: string): Money | undefined {
    const b = this.books.get(instrumentId);
    return b === undefined ? undefined : money(b.realized, b.currency);
  }
  unrealizedPnl(instrumentId: string): Money | undefined {
    const b = this.books.get(instrumentId);
    return b?.unrealized === undefined ? undefined : money(b.unrealized, b.currency);
  }
  totalPnl(instrumentId: string): Money | undefined {
    const b = this.books.get(instrumentId);
    return b?.unrealized === undefined ? undefined : money(b.realized.add(b.unrealized), b.currency);
  }
  exposure(instrumentId: string): Money | undefined {
    const b = this.books.get(instrumentId);
    return b?.exposure === undefined ? undefined : money(b.exposure, b.currency);
  }
  isFlat(instrumentId: string): boolean {
    return this.netPosition(instrumentId).isZero();
  }
  isNetLong(instrumentId: string): boolean {
    return this.netPosition(instrumentId).isPositive();
  }
  isNetShort(instrumentId: string): boolean {
    return this.netPosition(instrumentId).isNegative();
  }
  dayPnl(currency: string): Money {
    const t = this.totals.get(currency);
    return money(t === undefined ? Decimal.zero(0) : t.dayPnl(this.options.clock.timestampNs()), currency);
  }
  /** The currencies the portfolio has figures in. */
  currencies(): string[] {
    return [...this.totals.keys()];
  }
  equity(currency: string): Money | undefined {
    const balance = this.accountBalances?.(currency);
    if (balance === undefined) return undefined;
    return money(balance.total.amount.add(this.totals.get(currency)?.unrealized ?? Decimal.zero(0)), currency);
  }
  marginUsed(currency: string): Money | undefined {
    return this.accountBalances?.(currency)?.marginUsed;
  }

  summary(): PortfolioSummary {
    const now = this.options.clock.timestampNs();
    const instruments: InstrumentPortfolio[] = [...this.books.values()].map((b) => ({
      instrumentId: b.instrumentId,
      currency: b.currency,
      netQty: b.netQty.toString(),
      avgPx: b.avgPx?.toString() ?? null,
      realizedPnl: money(b.realized, b.currency).toString(),
      unrealizedPnl: b.unrealized === undefined ? null : money(b.unrealized, b.currency).toString(),
      totalPnl: b.unrealized === undefined ? null : money(b.realized.add(b.unrealized), b.currency).toString(),
      exposure: b.exposure === undefined ? null : money(b.exposure, b.currency).toString(),
      mark: b.mark?.toString() ?? null,
      markSource: b.source ?? null,
    }));
    const currencies: CurrencyPortfolio[] = [...this.totals.values()].map((t) => ({
      currency: t.currency,
      realizedPnl: money(t.realized, t.currency).toString(),
      unrealizedPnl: money(t.unrealized, t.currency).toString(),
      totalPnl: money(t.realized.add(t.unrealized), t.currency).toString(),
      exposure: money(t.exposure, t.currency).toString(),
      dayPnl: money(t.dayPnl(now), t.currency).toString(),
      equity: this.equity(t.currency)?.toString() ?? null,
      marginUsed: this.marginUsed(t.currency)?.toString() ?? null,
    }));
    return { kind: 'PortfolioSummary', instruments, currencies, tsEvent: now };
  }
}

const DAY_START_ALERT = 'PORTFOLIO-DAY-START';

/** At the currency's precision, rounded half away from zero. */
function money(amount: Decimal, currency: string): Money {
  return new Money(amount.div(1, currencyPrecision(currency)), currency);
}
