import { Decimal, Money, Price, Quantity } from '../../../../src/engine/core/decimal.js';
import type { OrderSide, OrderStatus, OrderType, PositionSide, TimeInForce } from '../../../../src/engine/model/enums.js';
import type { OrderEvent, OrderFilled, OrderInitialized } from '../../../../src/engine/model/events.js';
import * as ev from '../../../../src/engine/model/event-factory.js';
import { nettingPositionId } from '../../../../src/engine/model/identifiers.js';
import { InstrumentProvider } from '../../../../src/engine/model/instruments.js';
import { Order } from '../../../../src/engine/model/order.js';
import { Position } from '../../../../src/engine/model/position.js';
import type { ExecutionMassStatus, FillReport, OrderStatusReport, PositionStatusReport } from '../../../../src/engine/model/reports.js';
import { planReconciliation } from '../../../../src/engine/execution/reconciliation/plan.js';
import type {
  PlanTarget,
  ReconciliationCacheView,
  ReconciliationConfig,
  ReconciliationPlan,
} from '../../../../src/engine/execution/reconciliation/types.js';

/** Small stubs for planner tests: a cache that is also the apply target, and report builders. */
export const NOW = 1_700_000_000_000_000_000n;
export const ACCOUNT = 'SIM-001';
export const TRADER = 'TRADER-001';
export const instruments = new InstrumentProvider();

/** An in-memory cache: the planner's view and `applyPlan`'s target (fills move positions like the engine). */
export class Book implements ReconciliationCacheView, PlanTarget {
  readonly orderMap = new Map<string, Order>();
  readonly positionMap = new Map<string, Position>();
  readonly quotes = new Map<string, { bid: Price; ask: Price }>();
  constructor(readonly allowOverfills = false) {}

  order(id: string): Order | undefined {
    return this.orderMap.get(id);
  }
  orderByVenueOrderId(v: string): Order | undefined {
    return [...this.orderMap.values()].find((o) => o.venueOrderId === v);
  }
  positions(filter: { instrumentId?: string } = {}): Position[] {
    return [...this.positionMap.values()].filter((p) => filter.instrumentId === undefined || p.instrumentId === filter.instrumentId);
  }
  quote(id: string): { bid: Price; ask: Price } | undefined {
    return this.quotes.get(id);
  }
  addOrder(order: Order): void {
    this.orderMap.set(order.clientOrderId, order);
  }
  applyEvent(event: Exclude<OrderEvent, OrderInitialized>): void {
    const order = this.orderMap.get(event.clientOrderId)!;
    order.apply(event, { allowOverfills: this.allowOverfills });
    if (event.type === 'OrderFilled') this.applyFill(event);
  }
  private applyFill(fill: OrderFilled): void {
    const id = fill.positionId ?? nettingPositionId(fill.instrumentId, fill.strategyId);
    const p = this.positionMap.get(id);
    if (p) p.apply(fill);
    else this.positionMap.set(id, Position.open(instruments.get(fill.instrumentId), fill, id));
  }
  /** Signed size summed over open positions of an instrument. */
  net(instrumentId: string): string {
    let s = Decimal.zero(0);
    for (const p of this.positions({ instrumentId })) s = s.add(p.signedQty);
    return s.toString();
  }
}

export interface CachedOrderArgs {
  clientOrderId?: string;
  venueOrderId?: string;
  instrumentId?: string;
  strategyId?: string;
  side?: OrderSide;
  type?: OrderType;
  quantity?: string;
  price?: string;
  timeInForce?: TimeInForce;
  expireTime?: bigint;
  tags?: string[];
  /** How far the order got locally. */
  status?: 'INITIALIZED' | 'SUBMITTED' | 'ACCEPTED';
  /** Fills applied after acceptance: [tradeId, qty, px]. */
  fills?: [string, string, string][];
  positionId?: string;
}

/** Put an order in the book as keel would have it, through real events (fills move positions). */
export function cacheOrder(book: Book, a: CachedOrderArgs = {}): Order {
  const init = ev.orderInitialized({
    traderId: TRADER,
    strategyId: a.strategyId ?? 'S-001',
    instrumentId: a.instrumentId ?? 'AUDUSD.SIM',
    clientOrderId: a.clientOrderId ?? 'O-LOCAL-1',
    side: a.side ?? 'BUY',
    orderType: a.type ?? 'LIMIT',
    quantity: a.quantity ?? '10000',
    ...((a.type ?? 'LIMIT') !== 'MARKET' ? { price: a.price ?? '1.00000' } : {}),
    timeInForce: a.timeInForce ?? 'GTC',
    ...(a.expireTime !== undefined ? { expireTime: a.expireTime } : {}),
    tags: a.tags ?? [],
    tsInit: NOW - 10_000n,
  });
  const order = Order.create(init);
  book.addOrder(order);
  const status = a.status ?? 'ACCEPTED';
  if (status === 'INITIALIZED') return order;
  book.applyEvent(ev.orderSubmitted(order, NOW - 9_000n));
  if (status === 'SUBMITTED') return order;
  book.applyEvent(ev.orderAccepted(order, a.venueOrderId ?? 'V-LOCAL-1', NOW - 8_000n, { accountId: ACCOUNT }));
  (a.fills ?? []).forEach(([tradeId, qty, px], i) => {
    book.applyEvent(
      ev.orderFilled(order, { tradeId, lastQty: qty, lastPx: px, currency: 'USD', ...(a.positionId ? { positionId: a.positionId } : {}) }, NOW - 7_000n + BigInt(i), {
        accountId: ACCOUNT,
      }),
    );
  });
  return order;
}

/** Give keel a position: a filled MARKET order of `signed` (positive buys) at `px`. */
export function cachePosition(book: Book, signed: number, px: string, opts: { positionId?: string; id?: string; instrumentId?: string } = {}): void {
  const id = opts.id ?? `O-POS-${book.orderMap.size + 1}`;
  cacheOrder(book, {
    clientOrderId: id,
    venueOrderId: `V-${id}`,
    instrumentId: opts.instrumentId ?? 'AUDUSD.SIM',
    side: signed > 0 ? 'BUY' : 'SELL',
    type: 'MARKET',
    quantity: String(Math.abs(signed)),
    fills: [[`T-${id}`, String(Math.abs(signed)), px]],
    ...(opts.positionId ? { positionId: opts.positionId } : {}),
  });
}

export function orderReport(o: Partial<Omit<OrderStatusReport, 'quantity' | 'filledQty' | 'price' | 'triggerPrice' | 'avgPx'>> & {
  quantity?: string;
  filledQty?: string;
  price?: string | null;
  triggerPrice?: string;
  avgPx?: string;
  status?: OrderStatus;
} = {}): OrderStatusReport {
  const { quantity, filledQty, price, triggerPrice, avgPx, ...rest } = o;
  return {
    reportId: `R-${o.venueOrderId ?? '1'}`,
    accountId: ACCOUNT,
    instrumentId: 'AUDUSD.SIM',
    clientOrderId: 'O-123456',
    venueOrderId: '1',
    side: 'BUY',
    orderType: 'LIMIT',
    timeInForce: 'GTC',
    status: 'ACCEPTED',
    postOnly: false,
    reduceOnly: false,
    tsAccepted: NOW - 5_000n,
    tsLast: NOW - 1_000n,
    tsInit: NOW,
    ...rest,
    quantity: Quantity.from(quantity ?? '10000'),
    filledQty: Quantity.from(filledQty ?? '0'),
    ...(price === null ? {} : { price: Price.from(price ?? '1.00000') }),
    ...(triggerPrice !== undefined ? { triggerPrice: Price.from(triggerPrice) } : {}),
    ...(avgPx !== undefined ? { avgPx: Price.from(avgPx) } : {}),
  };
}

export function fillReport(f: { tradeId: string; venueOrderId?: string; qty: string; px: string; commission?: string; tsEvent?: bigint; clientOrderId?: string }): FillReport {
  return {
    reportId: `F-${f.tradeId}`,
    accountId: ACCOUNT,
    instrumentId: 'AUDUSD.SIM',
    venueOrderId: f.venueOrderId ?? '1',
    ...(f.clientOrderId !== undefined ? { clientOrderId: f.clientOrderId } : {}),
    tradeId: f.tradeId,
    side: 'BUY',
    lastQty: Quantity.from(f.qty),
    lastPx: Price.from(f.px),
    commission: Money.from(f.commission ?? '0', 'USD'),
    liquiditySide: 'MAKER',
    tsEvent: f.tsEvent ?? NOW - 2_000n,
    tsInit: NOW,
  };
}

export function positionReport(p: { side: PositionSide; qty: string; avgPx?: string; venuePositionId?: string; instrumentId?: string }): PositionStatusReport {
  const q = Quantity.from(p.qty);
  return {
    reportId: `P-${p.side}-${p.qty}`,
    accountId: ACCOUNT,
    instrumentId: p.instrumentId ?? 'AUDUSD.SIM',
    ...(p.venuePositionId !== undefined ? { venuePositionId: p.venuePositionId } : {}),
    side: p.side,
    quantity: q,
    signedQty: p.side === 'SHORT' ? Decimal.fromRaw(-q.raw, q.precision) : Decimal.fromRaw(q.raw, q.precision),
    ...(p.avgPx !== undefined ? { avgPxOpen: Price.from(p.avgPx) } : {}),
    tsLast: NOW - 500n,
    tsInit: NOW,
  };
}

export function mass(parts: { orders?: OrderStatusReport[]; fills?: FillReport[]; positions?: PositionStatusReport[] }): ExecutionMassStatus {
  return {
    clientId: 'SIM',
    venue: 'SIM',
    accountId: ACCOUNT,
    orderReports: parts.orders ?? [],
    fillReports: parts.fills ?? [],
    positionReports: parts.positions ?? [],
    tsInit: NOW,
  };
}

export function plan(
  book: Book,
  ms: ExecutionMassStatus,
  config: ReconciliationConfig = {},
  claims: Record<string, string> = {},
): ReconciliationPlan {
  return planReconciliation({ traderId: TRADER, instruments, claims, nowNs: NOW, trigger: 'STARTUP', massStatus: ms, view: book, config });
}

/** The event types a plan applies to one order, in order. */
export function stepTypes(p: ReconciliationPlan, clientOrderId?: string): string[] {
  return p.steps
    .filter((s) => clientOrderId === undefined || s.clientOrderId === clientOrderId)
    .map((s) => (s.kind === 'createOrder' ? 'OrderInitialized' : s.event.type));
}
