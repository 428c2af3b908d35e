import { Decimal, Price, Quantity } from '../engine/core/decimal.js';
import type { LiquiditySide, OmsType, OrderSide, PositionSide } from '../engine/model/enums.js';
import type { Instrument } from '../engine/model/instruments.js';
import type { WireBalance, WirePosition } from '../engine/venue/sandbox/protocol/messages.js';

/**
 * A venue account: balances and positions. NETTING keeps one position per instrument; HEDGING keeps
 * positions by venue position id (each order without one opens its own).
 */
export interface VenuePosition {
  readonly instrumentId: string;
  readonly venuePositionId?: string;
  signedQty: Decimal;
  avgPxOpen?: Price;
  tsLast: bigint;
}

export interface AccountConfig {
  readonly accountId: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly omsType: OmsType;
  readonly balances: Readonly<Record<string, string>>;
  /** CASH spends only what it has; MARGIN borrows up to its leverage (see account-funds.ts for the rules). */
  readonly accountType?: AccountType;
  /** MARGIN: leverage when an instrument has none of its own (default 10). */
  readonly defaultLeverage?: number;
  /** MARGIN: leverage per instrument id. */
  readonly leverage?: Readonly<Record<string, number>>;
  /** MARGIN: maintenance margin = initial × this rate (default 0.5). */
  readonly maintenanceRate?: string;
}

export type AccountType = 'CASH' | 'MARGIN';

export class VenueAccount {
  readonly balances = new Map<string, Decimal>();
  /** NETTING: keyed by instrument id; HEDGING: keyed by venue position id. */
  readonly positions = new Map<string, VenuePosition>();
  private positionSeq = 0;
  /** Bumped whenever a position is created or moves: the funds ledger's cue to re-sum position margins. */
  positionsVersion = 0;

  constructor(readonly config: AccountConfig) {
    for (const [ccy, amount] of Object.entries(config.balances)) this.balances.set(ccy, Decimal.from(amount));
  }

  get accountId(): string {
    return this.config.accountId;
  }
  get accountType(): AccountType {
    return this.config.accountType ?? 'MARGIN';
  }
  get omsType(): OmsType {
    return this.config.omsType === 'HEDGING' ? 'HEDGING' : 'NETTING';
  }

  credit(currency: string, amount: Decimal): void {
    this.balances.set(currency, (this.balances.get(currency) ?? Decimal.zero()).add(amount));
  }

  nextPositionId(): string {
    let id: string;
    do id = `P-${++this.positionSeq}`;
    while (this.positions.has(id));
    return id;
  }

  /** The position a fill of this order books into (HEDGING: creating its id when new). */
  positionFor(instrumentId: string, venuePositionId: string | undefined): VenuePosition {
    const key = this.omsType === 'NETTING' ? instrumentId : (venuePositionId ?? this.nextPositionId());
    let p = this.positions.get(key);
    if (!p) {
      p = { instrumentId, ...(this.omsType === 'HEDGING' ? { venuePositionId: key } : {}), signedQty: Decimal.zero(), tsLast: 0n };
      this.positions.set(key, p);
      this.positionsVersion += 1;
    }
    return p;
  }

  /** Oldest open HEDGING position of the instrument on the other side (what a reduce-only order closes). */
  findReducible(instrumentId: string, side: OrderSide): VenuePosition | undefined {
    for (const p of this.positions.values()) {
      if (p.instrumentId !== instrumentId || p.signedQty.isZero()) continue;
      if (side === 'BUY' ? p.signedQty.isNegative() : p.signedQty.isPositive()) return p;
    }
    return undefined;
  }

  /** What a reduce-only order may still fill: the size of the position it would reduce (0 if it would increase). */
  reducible(instrumentId: string, side: OrderSide, venuePositionId: string | undefined): Quantity {
    const p =
      this.omsType === 'NETTING'
        ? this.positions.get(instrumentId)
        : venuePositionId !== undefined
          ? this.positions.get(venuePositionId)
          : this.findReducible(instrumentId, side);
    if (!p || (side === 'BUY' ? !p.signedQty.isNegative() : !p.signedQty.isPositive())) return Quantity.zero();
    return Quantity.from(p.signedQty.abs());
  }

  /** Book an order's fill: its position (HEDGING: assigned on the first fill), PnL and commission. */
  bookFill(instrument: Instrument, o: { instrumentId: string; side: OrderSide; reduceOnly: boolean; venuePositionId?: string | undefined }, qty: Quantity, px: Price, liquidity: LiquiditySide, ts: bigint): { venuePositionId?: string; commission: Decimal } {
    if (this.omsType === 'HEDGING' && o.venuePositionId === undefined) {
      const reducing = o.reduceOnly ? this.findReducible(o.instrumentId, o.side) : undefined;
      o.venuePositionId = (reducing ?? this.positionFor(o.instrumentId, undefined)).venuePositionId;
    }
    const position = this.positionFor(o.instrumentId, o.venuePositionId);
    this.applyFill(instrument, position, o.side, qty, px, ts);
    // A cash account buying or selling a currency pair exchanges the assets themselves (no PnL booked).
    if (this.accountType === 'CASH' && instrument.kind === 'CurrencyPair') {
      const notional = Decimal.from(px.mul(qty));
      this.credit(instrument.baseCurrency, o.side === 'BUY' ? Decimal.from(qty) : Decimal.from(qty).neg());
      this.credit(instrument.quoteCurrency, o.side === 'BUY' ? notional.neg() : notional);
    }
    let commission = Decimal.from(px.mul(qty)).mul(liquidity === 'MAKER' ? instrument.makerFee : instrument.takerFee);
    // Fees can have many digits (qty × px × rate); 8 decimals is finer than any settlement currency.
    if (commission.precision > 8) commission = commission.withPrecision(8);
    this.credit(instrument.quoteCurrency, commission.neg());
    return position.venuePositionId !== undefined ? { venuePositionId: position.venuePositionId, commission } : { commission };
  }

  /** Book a fill; returns the realized PnL in the quote currency (credited to the balance). */
  applyFill(instrument: Instrument, position: VenuePosition, side: OrderSide, qty: Quantity, px: Price, ts: bigint): Decimal {
    const q = side === 'BUY' ? Decimal.from(qty) : Decimal.from(qty).neg();
    const s = position.signedQty;
    const avgPrecision = Math.min(16, instrument.pricePrecision + 4);
    let realized = Decimal.zero();
    if (s.isZero() || s.isNegative() === q.isNegative()) {
      const sAbs = s.abs();
      const total = sAbs.add(qty);
      const prev = position.avgPxOpen ?? px;
      position.avgPxOpen = Price.from(prev.mul(sAbs).add(px.mul(qty)).div(total, avgPrecision));
    } else {
      const closing = s.abs().lt(qty) ? s.abs() : Decimal.from(qty);
      const avg = position.avgPxOpen ?? px;
      const perUnit = s.isPositive() ? px.sub(avg) : avg.sub(px);
      realized = Decimal.from(perUnit).mul(closing);
      const after = s.add(q);
      if (after.isZero()) delete position.avgPxOpen;
      else if (after.isNegative() !== s.isNegative()) position.avgPxOpen = px; // flipped: the rest opens at px
    }
    position.signedQty = s.add(q);
    position.tsLast = ts;
    this.positionsVersion += 1;
    if (this.accountType === 'CASH' && instrument.kind === 'CurrencyPair') return Decimal.zero();
    if (!realized.isZero()) this.credit(instrument.quoteCurrency, realized);
    return realized;
  }

  balanceReport(): WireBalance[] {
    return [...this.balances].map(([currency, total]) => ({ currency, total: total.toString() }));
  }

  positionReports(instrumentId?: string): WirePosition[] {
    const out: WirePosition[] = [];
    for (const p of this.positions.values()) {
      if (instrumentId !== undefined && p.instrumentId !== instrumentId) continue;
      out.push(positionReport(this.accountId, p));
    }
    return out;
  }
}

export function positionSide(signedQty: Decimal): PositionSide {
  return signedQty.isZero() ? 'FLAT' : signedQty.isPositive() ? 'LONG' : 'SHORT';
}

export function positionReport(accountId: string, p: VenuePosition): WirePosition {
  return {
    accountId,
    instrumentId: p.instrumentId,
    ...(p.venuePositionId !== undefined ? { venuePositionId: p.venuePositionId } : {}),
    side: positionSide(p.signedQty),
    quantity: p.signedQty.abs().toString(),
    signedQty: p.signedQty.toString(),
    ...(p.avgPxOpen !== undefined && !p.signedQty.isZero() ? { avgPxOpen: p.avgPxOpen.toString() } : {}),
    tsLast: p.tsLast.toString(),
  };
}
