import { Decimal, Price, Quantity } from '../../core/decimal.js';
import { EngineError } from '../../core/errors.js';
import type { LiquiditySide, OrderStatus } from '../../model/enums.js';
import type { Instrument, InstrumentProvider } from '../../model/instruments.js';
import { checkOrder, parsePrice, parseQuantity } from './order-validation.js';
import type { OrderRejectReason, WireFill, WireOrderEvent, WireOrderReport, WireOrderSpec, WirePosition } from './protocol.js';
import { type AccountConfig, VenueAccount, type VenuePosition } from './venue-account.js';
import { type VenueFill, type VenueOrder, fillReport, isOpen, leavesQty, orderReport, transition } from './venue-order.js';

/**
 * The sandbox venue's matching engine: pure and synchronous (no sockets, no timers; the caller passes
 * `now`). Each instrument matches incoming orders against the top of book (the last quote, whose sizes
 * are consumed by fills until the next quote; a missing size means unlimited) and against resting client
 * orders, best price first, resting orders before the quote at the same price, then time. Every
 * mutating call returns the order events it caused, addressed to an account.
 */
export interface EngineOutput {
  readonly accountId: string;
  readonly reqId?: string;
  readonly event: WireOrderEvent;
}

export interface TopOfBook {
  bid?: Price;
  ask?: Price;
  /** Remaining size at the bid/ask; undefined = unlimited. */
  bidSize?: Quantity;
  askSize?: Quantity;
  ts: bigint;
}

export interface OrderRef {
  readonly clientOrderId?: string | undefined;
  readonly venueOrderId?: string | undefined;
}

interface Source {
  readonly px: Price;
  readonly qty?: Quantity;
  readonly resting?: VenueOrder;
}

const STOP_TYPES = new Set(['STOP_MARKET', 'STOP_LIMIT', 'MARKET_IF_TOUCHED', 'LIMIT_IF_TOUCHED']);

export class MatchingEngine {
  readonly orders = new Map<string, VenueOrder>();
  readonly fills: VenueFill[] = [];
  readonly books = new Map<string, TopOfBook>();
  readonly accounts = new Map<string, VenueAccount>();
  private readonly byClientId = new Map<string, VenueOrder>();
  private readonly open = new Map<string, Map<string, VenueOrder>>();
  private readonly worked = new WeakSet<VenueOrder>();
  private orderSeq = 0;
  private tradeSeq = 0;
  private prioritySeq = 0;
  private out: EngineOutput[] = [];
  private reqId: string | undefined;
  private now = 0n;
  /** Orders matched (filled at least once) since start: for benchmarks and stats. */
  matchedCount = 0;

  constructor(
    readonly instruments: InstrumentProvider,
    accounts: readonly AccountConfig[],
  ) {
    for (const a of accounts) this.accounts.set(a.accountId, new VenueAccount(a));
  }

  account(accountId: string): VenueAccount {
    const a = this.accounts.get(accountId);
    if (!a) throw new EngineError('VENUE_ACCOUNT_UNKNOWN', `expected a venue account (${[...this.accounts.keys()].join(', ')}), received '${accountId}'`, { received: accountId });
    return a;
  }

  // ---- commands ---------------------------------------------------------------------------------
  submit(accountId: string, spec: WireOrderSpec, opts: { now: bigint; reqId?: string; contingentAtVenue?: boolean }): EngineOutput[] {
    return this.run(opts, () => {
      const o = this.accept(accountId, spec, opts.contingentAtVenue ?? false, new Map());
      if (o) this.workIfReady(o);
    });
  }

  /** All orders are accepted first (so an OTO parent that fills at once finds its children), then worked. */
  submitList(accountId: string, specs: readonly WireOrderSpec[], opts: { now: bigint; reqId?: string; contingentAtVenue?: boolean }): EngineOutput[] {
    return this.run(opts, () => {
      const inList = new Map<string, WireOrderSpec>(specs.map((s) => [s.clientOrderId, s]));
      const accepted = specs.map((s) => this.accept(accountId, s, opts.contingentAtVenue ?? false, inList));
      for (const o of accepted) if (o) this.workIfReady(o);
    });
  }

  modify(accountId: string, ref: OrderRef, changes: { quantity?: string; price?: string; triggerPrice?: string }, opts: { now: bigint; reqId?: string }): EngineOutput[] {
    return this.run(opts, () => {
      const o = this.find(accountId, ref);
      const reject = (reason: OrderRejectReason) => this.emitRef(accountId, o, ref, { event: 'OrderModifyRejected', reason });
      if (!o) return reject('ORDER_NOT_FOUND');
      if (!isOpen(o)) return reject('ORDER_CLOSED');
      if (o.orderType === 'MARKET') return reject('ORDER_TYPE_NOT_MODIFIABLE');
      const inst = this.instrument(o.instrumentId);
      const q = changes.quantity !== undefined ? parseQuantity(inst, changes.quantity) : o.quantity;
      const p = changes.price !== undefined && o.price !== undefined ? parsePrice(inst, changes.price) : o.price;
      const t = changes.triggerPrice !== undefined && o.triggerPrice !== undefined ? parsePrice(inst, changes.triggerPrice) : o.triggerPrice;
      for (const v of [q, p, t]) if (typeof v === 'string') return reject(v);
      const quantity = q as Quantity;
      if (quantity.lte(o.filledQty)) return reject('QUANTITY_BELOW_FILLED');
      if (o.postOnly && this.isWorkingLimit(o) && this.sources(o, p as Price).length > 0) return reject('POST_ONLY_WOULD_TAKE');
      o.quantity = quantity;
      if (p !== undefined) o.price = p as Price;
      if (t !== undefined) o.triggerPrice = t as Price;
      o.tsLast = this.now;
      this.emit(o, {
        event: 'OrderUpdated',
        quantity: o.quantity.toString(),
        ...(o.price ? { price: o.price.toString() } : {}),
        ...(o.triggerPrice ? { triggerPrice: o.triggerPrice.toString() } : {}),
      });
      this.recheck(o);
    });
  }

  cancel(accountId: string, ref: OrderRef, opts: { now: bigint; reqId?: string }): EngineOutput[] {
    return this.run(opts, () => {
      const o = this.find(accountId, ref);
      if (!o) return this.emitRef(accountId, o, ref, { event: 'OrderCancelRejected', reason: 'ORDER_NOT_FOUND' });
      if (!isOpen(o)) return this.emitRef(accountId, o, ref, { event: 'OrderCancelRejected', reason: 'ORDER_CLOSED' });
      this.close(o, 'CANCELED');
    });
  }

  cancelAll(accountId: string, filter: { instrumentId?: string; side?: 'BUY' | 'SELL' }, opts: { now: bigint; reqId?: string }): EngineOutput[] {
    return this.run(opts, () => {
      for (const o of this.orders.values()) {
        if (o.accountId !== accountId || !isOpen(o)) continue;
        if (filter.instrumentId !== undefined && o.instrumentId !== filter.instrumentId) continue;
        if (filter.side !== undefined && o.side !== filter.side) continue;
        this.close(o, 'CANCELED');
      }
    });
  }

  // ---- market and time --------------------------------------------------------------------------
  setQuote(instrumentId: string, q: { bid: Price; ask: Price; bidSize?: Quantity; askSize?: Quantity }, now: bigint): EngineOutput[] {
    return this.run({ now }, () => {
      this.instrument(instrumentId);
      this.books.set(instrumentId, { bid: q.bid, ask: q.ask, ...(q.bidSize ? { bidSize: q.bidSize } : {}), ...(q.askSize ? { askSize: q.askSize } : {}), ts: now });
      const open = [...(this.open.get(instrumentId)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
      for (const o of open) if (isOpen(o) && !o.dormant && STOP_TYPES.has(o.orderType) && !o.triggered && this.triggerHit(o)) this.trigger(o);
      // Resting limits that the new quote crosses fill as makers at their limit price, best price first.
      const resting = [...(this.open.get(instrumentId)?.values() ?? [])].filter((o) => this.isWorkingLimit(o));
      resting.sort((a, b) => (a.side !== b.side ? 0 : a.side === 'BUY' ? b.price!.cmp(a.price!) : a.price!.cmp(b.price!)) || a.seq - b.seq);
      for (const o of resting) {
        const book = this.books.get(instrumentId)!;
        if (!isOpen(o)) continue;
        const px = o.side === 'BUY' ? book.ask : book.bid;
        if (!px || (o.side === 'BUY' ? px.gt(o.price!) : px.lt(o.price!))) continue;
        const size = o.side === 'BUY' ? book.askSize : book.bidSize;
        let qty = min(leavesQty(o), size);
        qty = this.clampReduceOnly(o, qty);
        if (qty.isZero()) continue;
        this.fill(o, qty, o.price!, 'MAKER');
        this.consume(instrumentId, o.side, qty);
      }
    });
  }

  advanceTime(now: bigint): EngineOutput[] {
    return this.run({ now }, () => {
      for (const byId of this.open.values()) {
        for (const o of [...byId.values()]) if (o.expiresAt !== undefined && o.expiresAt <= now && isOpen(o)) this.close(o, 'EXPIRED');
      }
    });
  }

  nextExpiry(): bigint | undefined {
    let next: bigint | undefined;
    for (const byId of this.open.values()) for (const o of byId.values()) if (o.expiresAt !== undefined && (next === undefined || o.expiresAt < next)) next = o.expiresAt;
    return next;
  }

  // ---- queries ----------------------------------------------------------------------------------
  find(accountId: string, ref: OrderRef): VenueOrder | undefined {
    if (ref.venueOrderId !== undefined) {
      const o = this.orders.get(ref.venueOrderId);
      return o && o.accountId === accountId ? o : undefined;
    }
    return ref.clientOrderId !== undefined ? this.byClientId.get(`${accountId}|${ref.clientOrderId}`) : undefined;
  }

  orderReports(accountId: string, f: { instrumentId?: string | undefined; openOnly?: boolean; start?: bigint | undefined }): WireOrderReport[] {
    const out: WireOrderReport[] = [];
    for (const o of this.orders.values()) {
      if (o.accountId !== accountId || (f.instrumentId !== undefined && o.instrumentId !== f.instrumentId)) continue;
      if ((f.openOnly && !isOpen(o)) || (f.start !== undefined && o.tsLast < f.start)) continue;
      out.push(orderReport(o));
    }
    return out;
  }

  fillReports(accountId: string, f: { instrumentId?: string | undefined; venueOrderId?: string | undefined; start?: bigint | undefined }): WireFill[] {
    return this.fills
      .filter((x) => x.accountId === accountId && (f.instrumentId === undefined || x.instrumentId === f.instrumentId))
      .filter((x) => (f.venueOrderId === undefined || x.venueOrderId === f.venueOrderId) && (f.start === undefined || x.tsEvent >= f.start))
      .map(fillReport);
  }

  positionReports(accountId: string, instrumentId?: string): WirePosition[] {
    return this.account(accountId).positionReports(instrumentId);
  }

  // ---- seeding ("the venue already knows this") ----------------------------------------------------
  nextVenueOrderId(): string {
    let id: string;
    do id = `V-${++this.orderSeq}`;
    while (this.orders.has(id));
    return id;
  }
  nextPriority(): number {
    return ++this.prioritySeq;
  }

  seed(order: VenueOrder, fills: readonly VenueFill[]): void {
    this.account(order.accountId);
    this.instrument(order.instrumentId);
    this.register(order);
    this.fills.push(...fills);
    this.worked.add(order);
  }

  seedPosition(accountId: string, position: VenuePosition): void {
    const acct = this.account(accountId);
    acct.positions.set(acct.omsType === 'NETTING' ? position.instrumentId : (position.venuePositionId ?? acct.nextPositionId()), position);
  }

  // ---- internals ----------------------------------------------------------------------------------
  private run(opts: { now: bigint; reqId?: string | undefined }, body: () => void): EngineOutput[] {
    this.out = [];
    this.reqId = opts.reqId;
    this.now = opts.now;
    body();
    const out = this.out;
    this.out = [];
    return out;
  }

  private instrument(id: string): Instrument {
    return this.instruments.get(id);
  }

  private register(o: VenueOrder): void {
    this.orders.set(o.venueOrderId, o);
    if (o.clientOrderId !== undefined) this.byClientId.set(`${o.accountId}|${o.clientOrderId}`, o);
    if (isOpen(o)) {
      let byId = this.open.get(o.instrumentId);
      if (!byId) this.open.set(o.instrumentId, (byId = new Map()));
      byId.set(o.venueOrderId, o);
    }
  }

  private emit(o: VenueOrder, body: Record<string, unknown> & { event: WireOrderEvent['event'] }): void {
    const event = {
      accountId: o.accountId,
      instrumentId: o.instrumentId,
      ...(o.clientOrderId !== undefined ? { clientOrderId: o.clientOrderId } : {}),
      venueOrderId: o.venueOrderId,
      tsEvent: this.now.toString(),
      ...body,
    } as WireOrderEvent;
    this.out.push({ accountId: o.accountId, ...(this.reqId !== undefined ? { reqId: this.reqId } : {}), event });
  }

  private emitRef(accountId: string, o: VenueOrder | undefined, ref: OrderRef & { instrumentId?: string }, body: { event: WireOrderEvent['event']; reason: string }): void {
    if (o) return this.emit(o, body);
    const event = {
      accountId,
      instrumentId: ref.instrumentId ?? '',
      ...(ref.clientOrderId !== undefined ? { clientOrderId: ref.clientOrderId } : {}),
      ...(ref.venueOrderId !== undefined ? { venueOrderId: ref.venueOrderId } : {}),
      tsEvent: this.now.toString(),
      ...body,
    } as WireOrderEvent;
    this.out.push({ accountId, ...(this.reqId !== undefined ? { reqId: this.reqId } : {}), event });
  }

  /** Checks, records and acknowledges one order (OrderAccepted or OrderRejected); does not work it yet. */
  private accept(accountId: string, spec: WireOrderSpec, contingentAtVenue: boolean, inList: Map<string, WireOrderSpec>): VenueOrder | undefined {
    this.account(accountId);
    const instrument = this.instruments.find(spec.instrumentId);
    const checked = instrument ? checkOrder(instrument, spec, this.now) : ({ ok: false, reason: 'INSTRUMENT_UNKNOWN' } as const);
    let reason: OrderRejectReason | undefined = checked.ok ? undefined : checked.reason;
    if (!reason && this.byClientId.has(`${accountId}|${spec.clientOrderId}`)) reason = 'DUPLICATE_CLIENT_ORDER_ID';
    const parent = spec.parentOrderId !== undefined ? this.byClientId.get(`${accountId}|${spec.parentOrderId}`) : undefined;
    const parentSpec = spec.parentOrderId !== undefined ? inList.get(spec.parentOrderId) : undefined;
    const underOto = contingentAtVenue && ((parent?.contingencyType === 'OTO' && parent.filledQty.isZero()) || parentSpec?.contingencyType === 'OTO');
    if (!reason && underOto && parent && !isOpen(parent)) reason = 'CONTINGENT_PARENT_CLOSED';
    const order: VenueOrder = {
      accountId,
      instrumentId: spec.instrumentId,
      clientOrderId: spec.clientOrderId,
      venueOrderId: this.nextVenueOrderId(),
      side: spec.side,
      orderType: spec.orderType,
      timeInForce: spec.timeInForce,
      ...(spec.expireTime !== undefined ? { expireTime: BigInt(spec.expireTime) } : {}),
      ...(checked.ok && checked.expiresAt !== undefined ? { expiresAt: checked.expiresAt } : {}),
      status: 'ACCEPTED',
      quantity: checked.ok ? checked.quantity : Quantity.from(spec.quantity.replace('-', '')),
      filledQty: Quantity.zero(instrument?.sizePrecision ?? 0),
      ...(checked.ok && checked.price ? { price: checked.price } : {}),
      ...(checked.ok && checked.triggerPrice ? { triggerPrice: checked.triggerPrice } : {}),
      postOnly: spec.postOnly,
      reduceOnly: spec.reduceOnly,
      contingencyType: spec.contingencyType,
      ...(spec.orderListId !== undefined ? { orderListId: spec.orderListId } : {}),
      linkedOrderIds: spec.linkedOrderIds,
      ...(spec.parentOrderId !== undefined ? { parentOrderId: spec.parentOrderId } : {}),
      ...(spec.venuePositionId !== undefined ? { venuePositionId: spec.venuePositionId } : {}),
      tsAccepted: this.now,
      tsLast: this.now,
      seq: this.nextPriority(),
      triggered: false,
      contingentAtVenue,
      dormant: !reason && underOto,
    };
    if (!reason && !order.dormant) reason = this.marketCheck(order);
    if (reason) {
      order.status = 'REJECTED';
      order.reason = reason;
      if (!this.byClientId.has(`${accountId}|${spec.clientOrderId}`)) this.register(order);
      this.out.push({
        accountId,
        ...(this.reqId !== undefined ? { reqId: this.reqId } : {}),
        event: { event: 'OrderRejected', accountId, instrumentId: spec.instrumentId, clientOrderId: spec.clientOrderId, tsEvent: this.now.toString(), reason },
      });
      return undefined;
    }
    this.register(order);
    this.emit(order, { event: 'OrderAccepted' });
    return order;
  }

  /** Refusals that depend on the market and the account, checked when the order starts working. */
  private marketCheck(o: VenueOrder): OrderRejectReason | undefined {
    if (o.orderType === 'MARKET' && this.sources(o, undefined).length === 0) return 'NO_MARKET';
    if (o.postOnly && o.orderType === 'LIMIT' && this.sources(o, o.price).length > 0) return 'POST_ONLY_WOULD_TAKE';
    if (o.reduceOnly && this.reducible(o).isZero()) return 'REDUCE_ONLY_WOULD_INCREASE';
    return undefined;
  }

  private workIfReady(o: VenueOrder): void {
    if (o.dormant || this.worked.has(o) || !isOpen(o)) return;
    this.worked.add(o);
    switch (o.orderType) {
      case 'MARKET':
        this.take(o, undefined);
        if (isOpen(o)) this.close(o, 'CANCELED', 'MARKET_LEAVES_CANCELED');
        return;
      case 'LIMIT':
        return this.arriveLimit(o);
      default:
        if (this.triggerHit(o)) this.trigger(o);
    }
  }

  private recheck(o: VenueOrder): void {
    if (!isOpen(o) || o.dormant) return;
    if (this.isWorkingLimit(o)) this.take(o, o.price);
    else if (STOP_TYPES.has(o.orderType) && !o.triggered && this.triggerHit(o)) this.trigger(o);
  }

  private arriveLimit(o: VenueOrder): void {
    if (o.timeInForce === 'FOK') {
      const avail = this.available(o, o.price);
      if (avail !== undefined && avail.lt(leavesQty(o))) return this.close(o, 'CANCELED', 'FOK_NOT_FILLABLE');
    }
    this.take(o, o.price);
    if (isOpen(o) && (o.timeInForce === 'IOC' || o.timeInForce === 'FOK')) this.close(o, 'CANCELED', 'IOC_LEAVES_CANCELED');
  }

  private triggerHit(o: VenueOrder): boolean {
    const book = this.books.get(o.instrumentId);
    const px = o.side === 'BUY' ? book?.ask : book?.bid;
    if (!px || !o.triggerPrice) return false;
    const isStop = o.orderType === 'STOP_MARKET' || o.orderType === 'STOP_LIMIT';
    // Stops trigger when the market moves through the trigger against the order; if-touched orders when it comes to them.
    return isStop === (o.side === 'BUY') ? px.gte(o.triggerPrice) : px.lte(o.triggerPrice);
  }

  private trigger(o: VenueOrder): void {
    o.triggered = true;
    if (o.orderType === 'STOP_LIMIT' || o.orderType === 'LIMIT_IF_TOUCHED') {
      transition(o, 'TRIGGERED', this.now);
      this.emit(o, { event: 'OrderTriggered' });
      return this.arriveLimit(o);
    }
    this.take(o, undefined);
    if (isOpen(o)) this.close(o, 'CANCELED', 'MARKET_LEAVES_CANCELED');
  }

  private isWorkingLimit(o: VenueOrder): boolean {
    if (!isOpen(o) || o.dormant || o.price === undefined) return false;
    return o.orderType === 'LIMIT' || ((o.orderType === 'STOP_LIMIT' || o.orderType === 'LIMIT_IF_TOUCHED') && o.triggered);
  }

  /** Liquidity an order can take, best first (resting client orders before the quote at one price). */
  private sources(o: VenueOrder, limit: Price | undefined): Source[] {
    const buy = o.side === 'BUY';
    const crosses = (px: Price) => limit === undefined || (buy ? px.lte(limit) : px.gte(limit));
    const out: Source[] = [];
    for (const r of this.open.get(o.instrumentId)?.values() ?? []) {
      if (r === o || r.side === o.side || !this.isWorkingLimit(r) || !crosses(r.price!)) continue;
      out.push({ px: r.price!, resting: r });
    }
    out.sort((a, b) => (buy ? a.px.cmp(b.px) : b.px.cmp(a.px)) || a.resting!.seq - b.resting!.seq);
    const book = this.books.get(o.instrumentId);
    const px = buy ? book?.ask : book?.bid;
    const size = buy ? book?.askSize : book?.bidSize;
    if (px && crosses(px) && (size === undefined || size.isPositive())) {
      const at = out.findIndex((s) => (buy ? s.px.gt(px) : s.px.lt(px)));
      out.splice(at === -1 ? out.length : at, 0, { px, ...(size ? { qty: size } : {}) });
    }
    return out;
  }

  /** Total size available within the limit; undefined = unlimited. */
  private available(o: VenueOrder, limit: Price | undefined): Quantity | undefined {
    let sum = Quantity.zero();
    for (const s of this.sources(o, limit)) {
      const q = s.resting ? leavesQty(s.resting) : s.qty;
      if (q === undefined) return undefined;
      sum = sum.add(q);
    }
    return sum;
  }

  private take(o: VenueOrder, limit: Price | undefined): void {
    for (const s of this.sources(o, limit)) {
      if (!isOpen(o)) return;
      let qty = min(leavesQty(o), s.resting ? leavesQty(s.resting) : s.qty);
      qty = this.clampReduceOnly(o, qty);
      if (s.resting) qty = this.clampReduceOnly(s.resting, qty);
      if (qty.isZero()) {
        if (o.reduceOnly && this.reducible(o).isZero()) return this.close(o, 'CANCELED', 'REDUCE_ONLY_POSITION_CLOSED');
        continue;
      }
      this.fill(o, qty, s.px, 'TAKER');
      if (s.resting) this.fill(s.resting, qty, s.px, 'MAKER');
      else this.consume(o.instrumentId, o.side, qty);
    }
  }

  private consume(instrumentId: string, takerSide: 'BUY' | 'SELL', qty: Quantity): void {
    const book = this.books.get(instrumentId);
    if (!book) return;
    if (takerSide === 'BUY' && book.askSize) book.askSize = book.askSize.sub(qty);
    if (takerSide === 'SELL' && book.bidSize) book.bidSize = book.bidSize.sub(qty);
  }

  private positionOf(o: VenueOrder): VenuePosition | undefined {
    const acct = this.account(o.accountId);
    if (acct.omsType === 'NETTING') return acct.positions.get(o.instrumentId);
    if (o.venuePositionId !== undefined) return acct.positions.get(o.venuePositionId);
    return acct.findReducible(o.instrumentId, o.side);
  }

  /** How much a reduce-only order may still fill: the opposite position's size. */
  private reducible(o: VenueOrder): Quantity {
    const p = this.positionOf(o);
    if (!p || (o.side === 'BUY' ? !p.signedQty.isNegative() : !p.signedQty.isPositive())) return Quantity.zero();
    return Quantity.from(p.signedQty.abs());
  }

  private clampReduceOnly(o: VenueOrder, qty: Quantity): Quantity {
    if (!o.reduceOnly) return qty;
    const r = this.reducible(o);
    return r.lt(qty) ? r : qty;
  }

  private fill(o: VenueOrder, qty: Quantity, px: Price, liquidity: LiquiditySide): void {
    const instrument = this.instrument(o.instrumentId);
    const acct = this.account(o.accountId);
    if (acct.omsType === 'HEDGING' && o.venuePositionId === undefined) {
      const reducing = o.reduceOnly ? acct.findReducible(o.instrumentId, o.side) : undefined;
      o.venuePositionId = (reducing ?? acct.positionFor(o.instrumentId, undefined)).venuePositionId;
    }
    const position = acct.positionFor(o.instrumentId, o.venuePositionId);
    acct.applyFill(instrument, position, o.side, qty, px, this.now);
    let commission: Decimal = Decimal.from(px.mul(qty)).mul(liquidity === 'MAKER' ? instrument.makerFee : instrument.takerFee);
    if (commission.precision > 8) commission = commission.withPrecision(8);
    acct.credit(instrument.quoteCurrency, commission.neg());
    const prevFilled = o.filledQty;
    o.filledQty = prevFilled.add(qty);
    const avgPrecision = Math.min(16, instrument.pricePrecision + 4);
    o.avgPx = Price.from((o.avgPx ?? px).mul(prevFilled).add(px.mul(qty)).div(o.filledQty, avgPrecision));
    const to: OrderStatus = o.filledQty.gte(o.quantity) ? 'FILLED' : 'PARTIALLY_FILLED';
    transition(o, to, this.now);
    if (prevFilled.isZero()) this.matchedCount++;
    const fill: VenueFill = {
      accountId: o.accountId,
      instrumentId: o.instrumentId,
      venueOrderId: o.venueOrderId,
      ...(o.clientOrderId !== undefined ? { clientOrderId: o.clientOrderId } : {}),
      ...(position.venuePositionId !== undefined ? { venuePositionId: position.venuePositionId } : {}),
      tradeId: `T-${++this.tradeSeq}`,
      side: o.side,
      orderType: o.orderType,
      lastQty: qty,
      lastPx: px,
      commission: commission.toString(),
      commissionCurrency: instrument.quoteCurrency,
      liquiditySide: liquidity,
      tsEvent: this.now,
    };
    this.fills.push(fill);
    this.emit(o, { event: 'OrderFilled', fill: fillReport(fill) });
    if (!isOpen(o)) this.open.get(o.instrumentId)?.delete(o.venueOrderId);
    this.afterFill(o);
    if (isOpen(o) && o.reduceOnly && this.reducible(o).isZero()) this.close(o, 'CANCELED', 'REDUCE_ONLY_POSITION_CLOSED');
  }

  private close(o: VenueOrder, to: 'CANCELED' | 'EXPIRED', reason?: OrderRejectReason): void {
    transition(o, to, this.now);
    if (reason) o.reason = reason;
    this.open.get(o.instrumentId)?.delete(o.venueOrderId);
    this.emit(o, to === 'CANCELED' ? { event: 'OrderCanceled', ...(reason ? { reason } : {}) } : { event: 'OrderExpired' });
    this.afterClose(o);
  }

  // ---- contingencies: only for orders submitted with contingentAtVenue ---------------------------------
  private linked(o: VenueOrder): VenueOrder[] {
    return o.linkedOrderIds.map((id) => this.byClientId.get(`${o.accountId}|${id}`)).filter((x): x is VenueOrder => x !== undefined && isOpen(x));
  }

  private children(o: VenueOrder): VenueOrder[] {
    if (o.clientOrderId === undefined) return [];
    const out: VenueOrder[] = [];
    for (const c of this.orders.values()) if (c.accountId === o.accountId && c.parentOrderId === o.clientOrderId && isOpen(c)) out.push(c);
    return out;
  }

  private afterFill(o: VenueOrder): void {
    if (!o.contingentAtVenue) return;
    if (o.contingencyType === 'OTO') {
      for (const c of this.children(o)) {
        if (!c.dormant) continue;
        c.dormant = false;
        const reason = this.marketCheck(c);
        if (reason === 'POST_ONLY_WOULD_TAKE' || reason === 'NO_MARKET') this.close(c, 'CANCELED', reason);
        else this.workIfReady(c);
      }
    } else if (o.contingencyType === 'OCO') {
      for (const l of this.linked(o)) this.close(l, 'CANCELED', 'CONTINGENT_LINKED_FILLED');
    } else if (o.contingencyType === 'OUO') {
      if (!isOpen(o)) for (const l of this.linked(o)) this.close(l, 'CANCELED', 'CONTINGENT_LINKED_FILLED');
      else {
        const leaves = leavesQty(o);
        for (const l of this.linked(o)) {
          const quantity = l.filledQty.add(leaves);
          if (quantity.eq(l.quantity)) continue;
          l.quantity = quantity;
          l.tsLast = this.now;
          this.emit(l, { event: 'OrderUpdated', quantity: quantity.toString(), ...(l.price ? { price: l.price.toString() } : {}), ...(l.triggerPrice ? { triggerPrice: l.triggerPrice.toString() } : {}) });
        }
      }
    }
  }

  private afterClose(o: VenueOrder): void {
    if (!o.contingentAtVenue) return;
    if (o.contingencyType === 'OTO' && o.filledQty.isZero()) {
      for (const c of this.children(o)) if (c.dormant) this.close(c, 'CANCELED', 'CONTINGENT_PARENT_CLOSED');
    } else if (o.contingencyType === 'OCO' || o.contingencyType === 'OUO') {
      for (const l of this.linked(o)) this.close(l, 'CANCELED', 'CONTINGENT_LINKED_CLOSED');
    }
  }
}

function min(a: Quantity, b: Quantity | undefined): Quantity {
  return b === undefined || a.lte(b) ? a : b;
}
