import type { Decimal, Money, Price } from '../core/decimal.js';

/**
 * What another part of the node knows of an account in one currency (the account state engineer A's
 * `AccountState` events bring): the balance total, and the margin held against positions. Until a
 * provider is wired (`Portfolio.setAccountBalances`), equity and margin used are undefined.
 */
export interface AccountBalance {
  readonly total: Money;
  readonly marginUsed?: Money;
}
/** Looks up the account balance of one currency (undefined: no account state for it yet). */
export type AccountBalancesProvider = (currency: string) => AccountBalance | undefined;

/** Where an instrument's mark comes from: its latest quote, or (no quote ever seen) its latest bar's close. */
export type MarkSource = 'quote' | 'bar';

/** One instrument, as plain data (decimals as strings, money as '<amount> <CURRENCY>'). */
export interface InstrumentPortfolio {
  readonly instrumentId: string;
  /** The quote currency every PnL and the exposure of this instrument are in. */
  readonly currency: string;
  /** Sum of the signed quantities of the instrument's open positions (all strategies, HEDGING included). */
  readonly netQty: string;
  /** Quantity-weighted average open price of the positions on the net's side; null when flat. */
  readonly avgPx: string | null;
  readonly realizedPnl: string;
  /** null: open with no mark yet. */
  readonly unrealizedPnl: string | null;
  readonly totalPnl: string | null;
  /** |net qty| × mark, in the quote currency; null when open with no mark. */
  readonly exposure: string | null;
  readonly mark: string | null;
  readonly markSource: MarkSource | null;
}

/** One currency's totals, as plain data. `equity`/`marginUsed` stay null until account balances are wired. */
export interface CurrencyPortfolio {
  readonly currency: string;
  readonly realizedPnl: string;
  readonly unrealizedPnl: string;
  readonly totalPnl: string;
  readonly exposure: string;
  /** Realized + unrealized since the start of the UTC day (by the node's clock). */
  readonly dayPnl: string;
  readonly equity: string | null;
  readonly marginUsed: string | null;
}

export interface PortfolioSummary {
  readonly kind: 'PortfolioSummary';
  readonly instruments: readonly InstrumentPortfolio[];
  readonly currencies: readonly CurrencyPortfolio[];
  readonly tsEvent: bigint;
}

/**
 * The read side of the portfolio (what strategies see as `this.portfolio`, like NautilusTrader's
 * `self.portfolio`). PnL is in the instrument's quote currency; undefined means the portfolio has no
 * figure: an instrument it never saw a fill of, or (unrealized, total, exposure) an open position with
 * no mark yet.
 */
export interface PortfolioView {
  netPosition(instrumentId: string): Decimal;
  avgPx(instrumentId: string): Price | undefined;
  realizedPnl(instrumentId: string): Money | undefined;
  unrealizedPnl(instrumentId: string): Money | undefined;
  totalPnl(instrumentId: string): Money | undefined;
  exposure(instrumentId: string): Money | undefined;
  isFlat(instrumentId: string): boolean;
  isNetLong(instrumentId: string): boolean;
  isNetShort(instrumentId: string): boolean;
  /** Realized + unrealized since the start of the UTC day, in `currency` (zero when nothing traded in it). */
  dayPnl(currency: string): Money;
  /** Balance total + unrealized PnL; undefined until account balances are wired. */
  equity(currency: string): Money | undefined;
  marginUsed(currency: string): Money | undefined;
  summary(): PortfolioSummary;
}
