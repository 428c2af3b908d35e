import { Price, Quantity } from '../engine/core/decimal.js';
import { EngineError } from '../engine/core/errors.js';
import type { LiquiditySide, OrderStatus } from '../engine/model/enums.js';
import type { Instrument, InstrumentProvider } from '../engine/model/instruments.js';
import { type ContingencyHost, afterClose, afterFill } from './contingencies.js';
import { type TopOfBook, consume, isWorkingLimit, minQty, triggerHit } from './liquidity.js';
import { orderEvent, refEvent } from './engine-events.js';
import { BookWalk, crossedLimits, fillable, hasLiquidity } from './book-walk.js';
import { type OrderRef, OrderStore } from './order-store.js';
import { checkOrder, newVenueOrder, parsePrice, parseQuantity } from './order-validation.js';
import { tradesOnArrival } from './reduce-only.js';
import { ORDER_TRAITS } from '../engine/model/order-traits.js';
import type { OrderRejectReason, WireFill, WireOrderEvent, WireOrderReport, WireOrderSpec, WirePosition } from '../engine/venue/sandbox/protocol/messages.js';
import { type AccountConfig, VenueAccount, type VenuePosition } from './venue-account.js';
import { type Tally, accountState, fundsRefusal } from './account-funds.js';
import { FundsLedger } from './funds-ledger.js';
import { EngineCall, type EngineOutput } from './engine-call.js';
import type { WireAccountState } from '../engine/venue/sandbox/protocol/messages.js';
import { type VenueFill, type VenueOrder, fillReport, isOpen, leavesQty, newFill, transition } from './venue-order.js';

/**
 * The sandbox venue's matching engine: pure and synchronous (no sockets, no timers; the caller passes
 * `now`). Each instrument matches incoming orders against the top of book (the last quote, whose sizes
 * are consumed by fills until the next quote; a missing size means unlimited) and against resting client
 * orders, best price first, resting orders before the quote at the same price, then time. Every
 * mutating call returns the order events it caused, addressed to an account (engine-call.ts).
 */
export type { EngineOutput };
/** A single submit is in no list (shared, never written: `accept` only reads it). */
const NO_LIST: ReadonlyMap<string, WireOrderSpec> = new Map();

export class MatchingEngine extends EngineCall {
  readonly store = new OrderStore();
  readonly books = new Map<string, TopOfBook>();
  readonly accounts = new Map<string, VenueAccount>();
  private readonly open = this.store.open;
  private readonly worked = new WeakSet<VenueOrder>();
  /** Each account's commitments, kept order by order: refreshed on every emitted event, seeding and wake-up. */
  private readonly ledger = new FundsLedger({
    account: (id) => this.account(id),
    instrument: (id) => this.instruments.find(id),
    marketPrice: (id, side) => (side === 'BUY' ? this.books.get(id)?.ask : this.books.get(id)?.bid),
    openOrders: (id) => this.open.ofAccount(id),
  });
  /** Orders matched (filled at least once) since start: for benchmarks and stats. */
  matchedCount = 0;

  constructor(
    readonly instruments: InstrumentProvider,
    accounts: readonly AccountConfig[],
  ) {
    super();
    for (const a of accounts) this.accounts.set(a.accountId, new VenueAccount(a));
  }

  account(accountId: string): VenueAccount {
    const a = this.accounts.get(accountId);
    if (!a) throw new EngineError('VENUE_ACCOUNT_UNKNOWN', `expected a venue account (${[...this.accounts.keys()].join(', ')}), received '${accountId}'`, { received: accountId });
    return a;
  }

  // ---- commands ---------------------------------------------------------------------------------
  submit(accountId: string, spec: WireOrderSpec, opts: { now: bigint; reqId?: string; contingentAtVenue?: boolean }): EngineOutput[] {
    // begin/end rather than run(): the hot path allocates no closure per order.
    this.begin(opts);
    const o = this.accept(accountId, spec, opts.contingentAtVenue ?? false, NO_LIST);
    if (o) this.workIfReady(o);
    return this.end();
  }

  /**
   * `contingentAtVenue`: all orders are accepted first (an OTO parent that fills at once finds its
   * children), then worked. Without it each is accepted and worked in turn, as if sent one by one (a
   * bracket's MARKET entry has filled before its reduce-only children meet the market).
   */
  submitList(accountId: string, specs: readonly WireOrderSpec[], opts: { now: bigint; reqId?: string; contingentAtVenue?: boolean }): EngineOutput[] {
    return this.run(opts, () => {
      const inList = new Map<string, WireOrderSpec>(specs.map((s) => [s.clientOrderId, s]));
      const atVenue = opts.contingentAtVenue ?? false;
      const accepted: (VenueOrder | undefined)[] = [];
      for (const s of specs) {
        const o = this.accept(accountId, s, atVenue, inList);
        if (atVenue) accepted.push(o);
        else if (o) this.workIfReady(o);
      }
      for (const o of accepted) if (o) this.workIfReady(o);
    });
  }

  modify(accountId: string, ref: OrderRef, changes: { quantity?: string; price?: string; triggerPrice?: string }, opts: { now: bigint; reqId?: string }): EngineOutput[] {
    return this.run(opts, () => {
      const o = this.find(accountId, ref);
      const reject = (reason: OrderRejectReason) => this.emitRef(accountId, o, ref, { event: 'OrderModifyRejected', reason });
      if (!o) return reject('ORDER_NOT_FOUND');
      if (!isOpen(o)) return reject('ORDER_CLOSED');
      if (!ORDER_TRAITS[o.orderType].modifiable) return reject('ORDER_TYPE_NOT_MODIFIABLE');
      const inst = this.instrument(o.instrumentId);
      const q = changes.quantity !== undefined ? parseQuantity(inst, changes.quantity) : o.quantity;
      const p = changes.price !== undefined && o.price !== undefined ? parsePrice(inst, changes.price) : o.price;
      const t = changes.triggerPrice !== undefined && o.triggerPrice !== undefined ? parsePrice(inst, changes.triggerPrice) : o.triggerPrice;
      for (const v of [q, p, t]) if (typeof v === 'string') return reject(v);
      const quantity = q as Quantity;
      if (quantity.lte(o.filledQty)) return reject('QUANTITY_BELOW_FILLED');
      if (o.postOnly && isWorkingLimit(o) && this.hasLiquidity(o, p as Price)) return reject('POST_ONLY_WOULD_TAKE');
      o.quantity = quantity;
      this.open.reprice(o, () => {
        if (p !== undefined) o.price = p as Price;
        if (t !== undefined) o.triggerPrice = t as Price;
      });
      this.updated(o);
      this.recheck(o);
    });
  }

  cancel(accountId: string, ref: OrderRef, opts: { now: bigint; reqId?: string }): EngineOutput[] {
    return this.run(opts, () => {
      const o = this.find(accountId, ref);
      if (!o) return this.emitRef(accountId, o, ref, { event: 'OrderCancelRejected', reason: 'ORDER_NOT_FOUND' });
      if (!isOpen(o)) return this.emitRef(accountId, o, ref, { event: 'OrderCancelRejected', reason: 'ORDER_CLOSED' });
      this.close(o, 'CANCELED', 'USER');
    });
  }

  cancelAll(accountId: string, filter: { instrumentId?: string; side?: 'BUY' | 'SELL' }, opts: { now: bigint; reqId?: string }): EngineOutput[] {
    return this.run(opts, () => {
      const open = [...this.open.ofAccount(accountId)].sort((a, b) => a.seq - b.seq);
      for (const o of open) {
        if (o.accountId !== accountId || !isOpen(o)) continue;
        if (filter.instrumentId !== undefined && o.instrumentId !== filter.instrumentId) continue;
        if (filter.side !== undefined && o.side !== filter.side) continue;
        this.close(o, 'CANCELED', 'USER');
      }
    });
  }

  // ---- market and time --------------------------------------------------------------------------
  setQuote(instrumentId: string, q: { bid: Price; ask: Price; bidSize?: Quantity; askSize?: Quantity }, now: bigint): EngineOutput[] {
    // begin/end rather than run(): a backtest sets a quote per data point, most with no order to match.
    this.begin({ now });
    this.instrument(instrumentId);
    const top: TopOfBook = { bid: q.bid, ask: q.ask, ts: now };
    if (q.bidSize) top.bidSize = q.bidSize;
    if (q.askSize) top.askSize = q.askSize;
    this.books.set(instrumentId, top);
    if (this.open.hasOrders(instrumentId)) this.matchQuote(instrumentId);
    return this.end();
  }

  /** The open orders of `instrumentId` against its new top of book: stops it reaches, then limits it crosses. */
  private matchQuote(instrumentId: string): void {
    const hit = (o: VenueOrder) => isOpen(o) && !o.dormant && !o.triggered && triggerHit(this.books.get(instrumentId), o);
    // Reduce-only stops with nothing to reduce wait for the limits this quote fills (a gap through a bracket's entry and stop).
    const later: VenueOrder[] = [];
    // Only the stops this quote reaches can be hit (the market does not move within this call).
    const book = this.books.get(instrumentId)!;
    for (const o of this.open.stopsReached(instrumentId, book.ask, book.bid)) {
      if (hit(o) && o.reduceOnly && this.reducible(o).isZero()) later.push(o);
      else if (hit(o)) this.trigger(o);
    }
    for (const o of crossedLimits(this.open, book, instrumentId)) {
      if (!isOpen(o)) continue;
      const px = o.side === 'BUY' ? book.ask : book.bid;
      if (!px || (o.side === 'BUY' ? px.gt(o.price!) : px.lt(o.price!))) continue;
      if (this.refuseReduceOnly(o)) continue;
      const size = o.side === 'BUY' ? book.askSize : book.bidSize;
      const qty = this.clampReduceOnly(o, minQty(leavesQty(o), size));
      if (qty.isZero()) continue;
      this.fill(o, qty, o.price!, 'MAKER');
      consume(book, o.side, qty);
    }
    for (const o of later) if (hit(o)) this.trigger(o);
  }

  advanceTime(now: bigint): EngineOutput[] {
    return this.run({ now }, () => {
      const due = [...this.open.expiring].filter((o) => o.expiresAt! <= now && isOpen(o)).sort((a, b) => a.seq - b.seq);
      for (const o of due) if (isOpen(o)) this.close(o, 'EXPIRED');
    });
  }

  nextExpiry(): bigint | undefined {
    return this.open.nextExpiry();
  }

  // ---- queries ----------------------------------------------------------------------------------
  find(accountId: string, ref: OrderRef): VenueOrder | undefined {
    return this.store.find(accountId, ref);
  }
  orderReports(...args: Parameters<OrderStore['orderReports']>): WireOrderReport[] {
    return this.store.orderReports(...args);
  }
  fillReports(...args: Parameters<OrderStore['fillReports']>): WireFill[] {
    return this.store.fillReports(...args);
  }

  positionReports(accountId: string, instrumentId?: string): WirePosition[] {
    return this.account(accountId).positionReports(instrumentId);
  }

  /** The account's balances with what its open orders and positions commit (account-funds.ts has the rules). */
  accountState(accountId: string, now: bigint): WireAccountState {
    return accountState(this.account(accountId), this.ledger.funds(accountId), now);
  }

  /** What the account's open orders and positions commit: as kept incrementally, or re-summed from scratch (tests compare the two). */
  fundsTally(accountId: string, opts: { fromScratch?: boolean } = {}): Tally {
    this.account(accountId);
    return this.ledger.tally(accountId, opts.fromScratch ?? false);
  }

  // ---- seeding ("the venue already knows this") ----------------------------------------------------
  seed(order: VenueOrder, fills: readonly VenueFill[]): void {
    this.account(order.accountId);
    this.instrument(order.instrumentId);
    this.store.register(order);
    for (const f of fills) this.store.addFill(f);
    this.worked.add(order);
    this.ledger.refresh(order);
  }

  seedPosition(accountId: string, position: VenuePosition): void {
    const acct = this.account(accountId);
    acct.positions.set(acct.omsType === 'NETTING' ? position.instrumentId : (position.venuePositionId ?? acct.nextPositionId()), position);
    acct.positionsVersion += 1;
  }

  // ---- internals ----------------------------------------------------------------------------------
  private instrument(id: string): Instrument {
    return this.instruments.get(id);
  }

  private emit(o: VenueOrder, event: WireOrderEvent['event'], extra?: Readonly<Record<string, unknown>>): void {
    this.ledger.refresh(o);
    this.push(o.accountId, orderEvent(o, this.now, event, extra));
  }

  private emitRef(accountId: string, o: VenueOrder | undefined, ref: OrderRef & { instrumentId?: string }, body: { event: WireOrderEvent['event']; reason: string }): void {
    if (o) return this.emit(o, body.event, { reason: body.reason });
    this.push(accountId, refEvent(accountId, ref, this.now, body));
  }

  /** Checks, records and acknowledges one order (OrderAccepted or OrderRejected); does not work it yet. */
  private accept(accountId: string, spec: WireOrderSpec, contingentAtVenue: boolean, inList: ReadonlyMap<string, WireOrderSpec>): VenueOrder | undefined {
    this.account(accountId);
    const instrument = this.instruments.find(spec.instrumentId);
    const checked = instrument ? checkOrder(instrument, spec, this.now) : ({ ok: false, reason: 'INSTRUMENT_UNKNOWN' } as const);
    let reason: OrderRejectReason | undefined = checked.ok ? undefined : checked.reason;
    if (!reason && this.store.byClient(accountId, spec.clientOrderId)) reason = 'DUPLICATE_CLIENT_ORDER_ID';
    const parent = spec.parentOrderId !== undefined ? this.store.byClient(accountId, spec.parentOrderId) : undefined;
    const parentSpec = spec.parentOrderId !== undefined ? inList.get(spec.parentOrderId) : undefined;
    const underOto = contingentAtVenue && ((parent?.contingencyType === 'OTO' && parent.filledQty.isZero()) || parentSpec?.contingencyType === 'OTO');
    if (!reason && underOto && parent && !isOpen(parent)) reason = 'CONTINGENT_PARENT_CLOSED';
    const order = newVenueOrder(accountId, spec, checked, {
      venueOrderId: this.store.nextVenueOrderId(),
      seq: this.store.nextPriority(),
      now: this.now,
      sizePrecision: instrument?.sizePrecision ?? 0,
      contingentAtVenue,
      dormant: !reason && underOto,
    });
    if (!reason && !order.dormant) reason = this.marketCheck(order);
    // Funds are checked on arrival (a dormant OTO child is checked by nothing: its parent's fill pays for it).
    const short = !reason && !order.dormant ? fundsRefusal(this.account(accountId), this.ledger.funds(accountId), order) : undefined;
    if (short) reason = short.code;
    if (reason) {
      order.status = 'REJECTED';
      order.reason = reason;
      if (!this.store.byClient(accountId, spec.clientOrderId)) this.store.register(order);
      this.push(accountId, { event: 'OrderRejected', accountId, instrumentId: spec.instrumentId, clientOrderId: spec.clientOrderId, tsEvent: this.now.toString(), reason: short?.detail ?? reason });
      return undefined;
    }
    this.store.register(order);
    this.emit(order, 'OrderAccepted');
    return order;
  }

  /** Refusals that depend on the market and the account, checked when the order starts working. */
  private marketCheck(o: VenueOrder): OrderRejectReason | undefined {
    if (o.orderType === 'MARKET' && !this.hasLiquidity(o, undefined)) return 'NO_MARKET';
    if (o.postOnly && o.orderType === 'LIMIT' && this.hasLiquidity(o, o.price)) return 'POST_ONLY_WOULD_TAKE';
    // A reduce-only order with nothing to reduce may rest (its position may come); it is refused only if it would trade now.
    if (o.reduceOnly && this.reducible(o).isZero() && tradesOnArrival(o, this.books.get(o.instrumentId), (l) => this.hasLiquidity(o, l))) return 'REDUCE_ONLY_WOULD_INCREASE';
    return undefined;
  }

  private workIfReady(o: VenueOrder): void {
    if (o.dormant || this.worked.has(o) || !isOpen(o)) return;
    this.worked.add(o);
    const t = ORDER_TRAITS[o.orderType];
    if (t.hasTrigger) {
      if (triggerHit(this.books.get(o.instrumentId), o)) this.trigger(o);
    } else if (t.hasPrice) {
      this.arriveLimit(o);
    } else {
      this.take(o, undefined);
      if (isOpen(o)) this.close(o, 'CANCELED', 'MARKET_LEAVES_CANCELED');
    }
  }

  private recheck(o: VenueOrder): void {
    if (!isOpen(o) || o.dormant) return;
    if (isWorkingLimit(o)) this.take(o, o.price);
    else if (ORDER_TRAITS[o.orderType].hasTrigger && !o.triggered && triggerHit(this.books.get(o.instrumentId), o)) this.trigger(o);
  }

  private arriveLimit(o: VenueOrder): void {
    if (o.timeInForce === 'FOK') {
      if (!fillable(this.open, this.books.get(o.instrumentId), o, o.price, leavesQty(o))) return this.close(o, 'CANCELED', 'FOK_NOT_FILLABLE');
    }
    this.take(o, o.price);
    if (isOpen(o) && (o.timeInForce === 'IOC' || o.timeInForce === 'FOK')) this.close(o, 'CANCELED', 'IOC_LEAVES_CANCELED');
  }

  private trigger(o: VenueOrder): void {
    o.triggered = true;
    this.open.triggered(o);
    if (ORDER_TRAITS[o.orderType].restsAsLimitAfterTrigger) {
      transition(o, 'TRIGGERED', this.now);
      this.emit(o, 'OrderTriggered');
      return this.arriveLimit(o);
    }
    this.take(o, undefined);
    if (isOpen(o)) this.close(o, 'CANCELED', 'MARKET_LEAVES_CANCELED');
  }

  private hasLiquidity(o: VenueOrder, limit: Price | undefined): boolean {
    return hasLiquidity(this.open, this.books.get(o.instrumentId), o, limit);
  }

  private take(o: VenueOrder, limit: Price | undefined): void {
    const walk = new BookWalk(this.open, this.books.get(o.instrumentId), o, limit);
    for (let s = walk.next(); s !== undefined; s = walk.next()) {
      if (!isOpen(o) || this.refuseReduceOnly(o)) return;
      if (s.resting && this.refuseReduceOnly(s.resting)) continue;
      let qty = minQty(leavesQty(o), s.resting ? leavesQty(s.resting) : s.qty);
      qty = this.clampReduceOnly(o, qty);
      if (s.resting) qty = this.clampReduceOnly(s.resting, qty);
      if (qty.isZero()) continue;
      this.fill(o, qty, s.px, 'TAKER');
      if (s.resting) this.fill(s.resting, qty, s.px, 'MAKER');
      else consume(this.books.get(o.instrumentId), o.side, qty);
    }
  }

  /** How much a reduce-only order may still fill: the opposite position's size. */
  private reducible(o: VenueOrder): Quantity {
    return this.account(o.accountId).reducible(o.instrumentId, o.side, o.venuePositionId);
  }

  /** A reduce-only order about to trade with nothing to reduce: no fill, cancelled `REDUCE_ONLY_WOULD_INCREASE`. */
  private refuseReduceOnly(o: VenueOrder): boolean {
    if (!o.reduceOnly || !this.reducible(o).isZero()) return false;
    this.close(o, 'CANCELED', 'REDUCE_ONLY_WOULD_INCREASE');
    return true;
  }

  private clampReduceOnly(o: VenueOrder, qty: Quantity): Quantity {
    if (!o.reduceOnly) return qty;
    const r = this.reducible(o);
    return r.lt(qty) ? r : qty;
  }

  private fill(o: VenueOrder, qty: Quantity, px: Price, liquidity: LiquiditySide): void {
    const instrument = this.instrument(o.instrumentId);
    const { venuePositionId, commission } = this.account(o.accountId).bookFill(instrument, o, qty, px, liquidity, this.now);
    const prevFilled = o.filledQty;
    o.filledQty = prevFilled.add(qty);
    const avgPrecision = Math.min(16, instrument.pricePrecision + 4);
    // The first fill skips the zero term (same value and precision: avg × 0 adds nothing, at px × qty's precision).
    const notional = prevFilled.isZero() ? px.mul(qty) : (o.avgPx ?? px).mul(prevFilled).add(px.mul(qty));
    o.avgPx = Price.from(notional.div(o.filledQty, avgPrecision));
    const to: OrderStatus = o.filledQty.gte(o.quantity) ? 'FILLED' : 'PARTIALLY_FILLED';
    transition(o, to, this.now);
    if (prevFilled.isZero()) this.matchedCount++;
    const fill = newFill(o, { tradeId: this.store.nextTradeId(), qty, px, commission, currency: instrument.quoteCurrency, liquidity, venuePositionId, ts: this.now });
    this.store.addFill(fill);
    this.emit(o, 'OrderFilled', { fill: fillReport(fill) });
    if (!isOpen(o)) this.open.remove(o);
    afterFill(this.contingencyHost, o);
    if (isOpen(o) && o.reduceOnly && this.reducible(o).isZero()) this.close(o, 'CANCELED', 'REDUCE_ONLY_POSITION_CLOSED');
  }

  private close(o: VenueOrder, to: 'CANCELED' | 'EXPIRED', reason?: OrderRejectReason): void {
    transition(o, to, this.now);
    if (reason) o.reason = reason;
    this.open.remove(o);
    if (to === 'EXPIRED') this.emit(o, 'OrderExpired');
    else this.emit(o, 'OrderCanceled', reason ? { reason } : undefined);
    afterClose(this.contingencyHost, o);
  }

  private readonly contingencyHost: ContingencyHost = {
    lookup: (accountId, clientOrderId) => this.store.byClient(accountId, clientOrderId),
    children: (parent) => [...this.open.all()].filter((c) => c.accountId === parent.accountId && c.parentOrderId === parent.clientOrderId),
    close: (o, to, reason) => this.close(o, to, reason),
    activate: (c) => {
      c.dormant = false;
      this.ledger.refresh(c);
      const reason = this.marketCheck(c);
      if (reason === 'POST_ONLY_WOULD_TAKE' || reason === 'NO_MARKET') this.close(c, 'CANCELED', reason);
      else this.workIfReady(c);
    },
    updated: (l) => this.updated(l),
  };

  private updated(o: VenueOrder): void {
    o.tsLast = this.now;
    const changed: Record<string, string> = { quantity: o.quantity.toString() };
    if (o.price) changed.price = o.price.toString();
    if (o.triggerPrice) changed.triggerPrice = o.triggerPrice.toString();
    this.emit(o, 'OrderUpdated', changed);
  }
}
