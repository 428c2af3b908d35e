import { Decimal, type Price, type Quantity } from '../engine/core/decimal.js';
import type { OrderSide } from '../engine/model/enums.js';
import type { Instrument } from '../engine/model/instruments.js';
import type { WireAccountState } from '../engine/venue/sandbox/protocol/messages.js';
import type { VenueAccount } from './venue-account.js';
import type { VenueOrder } from './venue-order.js';

/**
 * What an account may spend, and what it has committed. The rules (also in docs/venue-protocol.md):
 *
 * - Amounts are in the instrument's quote currency (its settlement currency), except a CASH spot SELL,
 *   which commits the base asset it sells.
 * - CASH: nothing is borrowed. A spot BUY commits qty × price × (1 + taker fee); a spot SELL commits qty of
 *   the base asset. A perpetual is fully collateralised: it commits qty × price × (1 + taker fee) of quote,
 *   and an open position holds |qty| × avgPxOpen (leverage 1).
 * - MARGIN: initial margin = notional / leverage (leverage per instrument, else the account's default);
 *   maintenance = initial × maintenanceRate. An order commits its initial margin + the taker fee estimate.
 * - free = total − locked (open orders) − initial margin of open positions. Unrealized PnL is NOT counted:
 *   total is the settled balance (deposits, realized PnL, fees), so a winning position frees nothing until
 *   it is closed; the rule is conservative on purpose (the venue never lends against paper gains).
 * - Only the part of an order that would increase a position commits anything: a reduce-only order, or
 *   the part of an opposite order up to the position's size, needs no new balance or margin.
 * - The price of an order is its limit price, else its trigger price, else the side of the book it takes.
 */

export const DEFAULT_LEVERAGE = 10;
export const DEFAULT_MAINTENANCE_RATE = '0.5';
const MONEY_DP = 8;

export interface Commitment {
  readonly currency: string;
  readonly amount: Decimal;
}

export interface FundsRefusal {
  readonly code: 'INSUFFICIENT_BALANCE' | 'INSUFFICIENT_MARGIN';
  readonly detail: string;
}

interface OrderLike {
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly reduceOnly: boolean;
  readonly venuePositionId?: string | undefined;
  readonly price?: Price | undefined;
  readonly triggerPrice?: Price | undefined;
}

/** A decimal without its trailing zeros ('500.01000000' → '500.01'): amounts here mix precisions. */
export function plain(d: Decimal): string {
  const t = d.toString();
  return t.includes('.') ? t.replace(/\.?0+$/, '') : t;
}

export function leverageOf(account: VenueAccount, instrument: Instrument): Decimal {
  if (isCashSpot(account, instrument) || account.accountType === 'CASH') return Decimal.from(1);
  return Decimal.from(account.config.leverage?.[instrument.id] ?? account.config.defaultLeverage ?? DEFAULT_LEVERAGE);
}

export function isCashSpot(account: VenueAccount, instrument: Instrument): boolean {
  return account.accountType === 'CASH' && instrument.kind === 'CurrencyPair';
}

/**
 * What `qty` more of this order would commit (zero for the part that reduces a position). `reducible`: the
 * size of the position it would reduce (the funds ledger passes it to price a whole group of orders at once).
 */
export function commitment(account: VenueAccount, instrument: Instrument, o: OrderLike, qty: Quantity, px: Price, reducible: Quantity = account.reducible(o.instrumentId, o.side, o.venuePositionId)): Commitment {
  const increasing = o.reduceOnly ? Decimal.zero() : Decimal.from(qty).sub(reducible);
  if (!increasing.isPositive()) return { currency: instrument.quoteCurrency, amount: Decimal.zero() };
  if (isCashSpot(account, instrument) && o.side === 'SELL') return { currency: instrument.baseCurrency, amount: increasing };
  const notional = increasing.mul(px);
  const fee = notional.mul(instrument.takerFee);
  const amount = notional.div(leverageOf(account, instrument), MONEY_DP).add(fee);
  return { currency: instrument.quoteCurrency, amount: amount.precision > MONEY_DP ? amount.withPrecision(MONEY_DP) : amount };
}

export interface FundsContext {
  readonly instrument: (id: string) => Instrument | undefined;
  /** The price an order without a limit or trigger would trade at (the book's ask for BUY, bid for SELL). */
  readonly marketPrice: (instrumentId: string, side: OrderSide) => Price | undefined;
  /** The account's open orders that work (not dormant). */
  readonly openOrders: () => Iterable<VenueOrder>;
  /** The account's tally (kept incrementally by the engine's funds ledger); none: computed afresh. */
  readonly tally?: () => Tally;
}

export function orderPrice(ctx: FundsContext, o: OrderLike): Price | undefined {
  return o.price ?? o.triggerPrice ?? ctx.marketPrice(o.instrumentId, o.side);
}

/** Per currency: locked by open orders and initial margin held by open positions; margins per instrument. */
export interface Tally {
  readonly locked: Map<string, Decimal>;
  readonly used: Map<string, Decimal>;
  readonly margins: WireAccountState['margins'];
}

const bump = (m: Map<string, Decimal>, c: string, a: Decimal) => m.set(c, (m.get(c) ?? Decimal.zero()).add(a));

/** What one open order commits now (its leaves quantity at its price); none without an instrument or a price. */
export function openOrderCommitment(account: VenueAccount, ctx: FundsContext, o: VenueOrder): Commitment | undefined {
  const instrument = ctx.instrument(o.instrumentId);
  const px = orderPrice(ctx, o);
  if (!instrument || !px) return undefined;
  return commitment(account, instrument, o, o.quantity.sub(o.filledQty), px);
}

/** Add one more amount to a currency's total (only positive amounts count: a rebate frees nothing). */
export function addLocked(locked: Map<string, Decimal>, c: Commitment | undefined): void {
  if (c !== undefined && c.amount.isPositive()) bump(locked, c.currency, c.amount);
}

/** The whole tally from scratch, from every open order and position of the account (the funds ledger's reference). */
export function committed(account: VenueAccount, ctx: FundsContext): Tally {
  const locked = new Map<string, Decimal>();
  for (const o of ctx.openOrders()) addLocked(locked, openOrderCommitment(account, ctx, o));
  return { locked, ...positionCommitments(account, ctx.instrument) };
}

/** Initial margin held by open positions, per currency, and the margins an account state reports. */
export function positionCommitments(account: VenueAccount, instrumentOf: FundsContext['instrument']): Pick<Tally, 'used' | 'margins'> {
  const used = new Map<string, Decimal>();
  const margins: { instrumentId: string; initial: string; maintenance: string; leverage: string }[] = [];
  const maintRate = Decimal.from(account.config.maintenanceRate ?? DEFAULT_MAINTENANCE_RATE);
  for (const p of account.positions.values()) {
    const instrument = instrumentOf(p.instrumentId);
    if (!instrument || p.signedQty.isZero() || !p.avgPxOpen || isCashSpot(account, instrument)) continue;
    const leverage = leverageOf(account, instrument);
    let initial = p.signedQty.abs().mul(p.avgPxOpen).div(leverage, MONEY_DP);
    if (initial.precision > MONEY_DP) initial = initial.withPrecision(MONEY_DP);
    bump(used, instrument.quoteCurrency, initial);
    if (account.accountType === 'MARGIN') {
      margins.push({ instrumentId: p.instrumentId, initial: plain(initial), maintenance: plain(initial.mul(maintRate).withPrecision(MONEY_DP)), leverage: plain(leverage) });
    }
  }
  return { used, margins };
}

/** The account's state as the venue reports it (the `account_state` frame and the `account` answer). */
export function accountState(account: VenueAccount, ctx: FundsContext, ts: bigint): WireAccountState {
  const { locked, used, margins } = ctx.tally?.() ?? committed(account, ctx);
  const currencies = new Set([...account.balances.keys(), ...locked.keys(), ...used.keys()]);
  const balances = [...currencies].sort().map((currency) => {
    const total = account.balances.get(currency) ?? Decimal.zero();
    const lockedAll = (locked.get(currency) ?? Decimal.zero()).add(used.get(currency) ?? Decimal.zero());
    return { currency, total: plain(total), locked: plain(lockedAll), free: plain(total.sub(lockedAll)) };
  });
  return {
    accountId: account.accountId,
    accountType: account.accountType,
    omsType: account.omsType,
    balances,
    margins,
    defaultLeverage: String(account.accountType === 'MARGIN' ? (account.config.defaultLeverage ?? DEFAULT_LEVERAGE) : 1),
    tsEvent: ts.toString(),
  };
}

/** Whether a new order fits in what is free; the refusal names what it needs and what is free. */
export function fundsRefusal(account: VenueAccount, ctx: FundsContext, o: OrderLike & { quantity: Quantity }): FundsRefusal | undefined {
  const instrument = ctx.instrument(o.instrumentId);
  const px = orderPrice(ctx, o);
  if (!instrument || !px) return undefined;
  const need = commitment(account, instrument, o, o.quantity, px);
  if (!need.amount.isPositive()) return undefined;
  const { locked, used } = ctx.tally?.() ?? committed(account, ctx);
  const total = account.balances.get(need.currency) ?? Decimal.zero();
  const free = total.sub(locked.get(need.currency) ?? Decimal.zero()).sub(used.get(need.currency) ?? Decimal.zero());
  if (need.amount.lte(free)) return undefined;
  const code = account.accountType === 'MARGIN' ? 'INSUFFICIENT_MARGIN' : 'INSUFFICIENT_BALANCE';
  const what = code === 'INSUFFICIENT_MARGIN' ? `free margin (leverage ${plain(leverageOf(account, instrument))})` : 'free balance';
  return { code, detail: `${code}: needed ${plain(need.amount)} ${need.currency}, free ${plain(free)} ${need.currency} (expected the ${what} to cover ${o.side} ${o.quantity.toString()} ${o.instrumentId} @ ${px.toString()})` };
}
