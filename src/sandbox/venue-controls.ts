import { z } from 'zod';
import { Decimal, Money, Price, Quantity } from '../engine/core/decimal.js';
import { EngineError } from '../engine/core/errors.js';
import { LIQUIDITY_SIDES, ORDER_SIDES, ORDER_STATUSES, ORDER_TYPES, TIME_IN_FORCES, CONTINGENCY_TYPES, POSITION_SIDES } from '../engine/model/enums.js';
import type { EngineOutput, MatchingEngine } from './matching-engine.js';
import type { WireOrderReport, WirePosition } from '../engine/venue/sandbox/protocol/messages.js';
import { WireOrderSpec } from '../engine/venue/sandbox/protocol/messages.js';
import { positionReport } from './venue-account.js';
import { type Fault, FaultSchema, type FaultState } from './venue-faults.js';
import { type VenueFill, type VenueOrder, isOpen, orderReport } from './venue-order.js';

/**
 * `venue.controls`: what the venue "already knows" (seeded orders, fills, positions), the market
 * (quotes, other people's orders) and what goes wrong (faults). Inputs are validated with zod; decimals
 * may be strings, numbers or keel `Price`/`Quantity`.
 */
const Dec = z.union([z.string(), z.number(), z.instanceof(Decimal)]).transform((v) => (v instanceof Decimal ? v.toString() : String(v)));
const Ts = z.union([z.bigint(), z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform((v) => BigInt(v));

export const SeedFillSchema = z.object({
  tradeId: z.string().min(1),
  quantity: Dec,
  price: Dec,
  /** '2.50', 2.5, '2.50 USD' or a keel `Money` (the currency defaults to the instrument's quote currency). */
  commission: z.union([z.instanceof(Money), Dec]).optional(),
  liquidity: z.enum(LIQUIDITY_SIDES).optional(),
  tsEvent: Ts.optional(),
});

export const SeedOrderSchema = z.object({
  accountId: z.string().optional(),
  instrumentId: z.string().min(1),
  venueOrderId: z.string().min(1),
  clientOrderId: z.string().optional(),
  side: z.enum(ORDER_SIDES),
  type: z.enum(ORDER_TYPES),
  quantity: Dec,
  price: Dec.optional(),
  triggerPrice: Dec.optional(),
  timeInForce: z.enum(TIME_IN_FORCES).default('GTC'),
  expireTime: Ts.optional(),
  status: z.enum(ORDER_STATUSES),
  filledQty: Dec.optional(),
  avgPx: Dec.optional(),
  reason: z.string().optional(),
  postOnly: z.boolean().default(false),
  reduceOnly: z.boolean().default(false),
  contingencyType: z.enum(CONTINGENCY_TYPES).default('NO_CONTINGENCY'),
  orderListId: z.string().optional(),
  linkedOrderIds: z.array(z.string()).default([]),
  parentOrderId: z.string().optional(),
  venuePositionId: z.string().optional(),
  tsAccepted: Ts.optional(),
  tsLast: Ts.optional(),
  fills: z.array(SeedFillSchema).default([]),
});
export type SeedOrderInput = z.input<typeof SeedOrderSchema>;

export const SeedPositionSchema = z.object({
  accountId: z.string().optional(),
  instrumentId: z.string().min(1),
  side: z.enum(POSITION_SIDES),
  quantity: Dec,
  avgPxOpen: Dec.optional(),
  venuePositionId: z.string().optional(),
});
export type SeedPositionInput = z.input<typeof SeedPositionSchema>;

export const QuoteSchema = z.object({ bid: Dec, ask: Dec, bidSize: Dec.optional(), askSize: Dec.optional() });
export type QuoteInput = z.input<typeof QuoteSchema>;

export const ExternalOrderSchema = z.object({
  accountId: z.string().optional(),
  clientOrderId: z.string().optional(),
  instrumentId: z.string().min(1),
  side: z.enum(ORDER_SIDES),
  type: z.enum(ORDER_TYPES),
  quantity: Dec,
  price: Dec.optional(),
  triggerPrice: Dec.optional(),
  timeInForce: z.enum(TIME_IN_FORCES).default('GTC'),
  expireTime: Ts.optional(),
  postOnly: z.boolean().default(false),
  reduceOnly: z.boolean().default(false),
});
export type ExternalOrderInput = z.input<typeof ExternalOrderSchema>;

export function parseControl<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');
  throw new EngineError('VENUE_CONTROL_INVALID', `venue.controls.${what}: expected valid input, received ${issues}`, {
    control: what,
    issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

export interface ControlHost {
  readonly engine: MatchingEngine;
  readonly faults: FaultState;
  now(): bigint;
  /** Deliver engine outputs to clients and re-arm timers. */
  deliver(outputs: readonly EngineOutput[]): void;
  /** Publish a quote to subscribers. */
  publishQuote(instrumentId: string, q: { bid: Price; ask: Price; bidSize?: Quantity; askSize?: Quantity }): void;
  disconnectClients(): void;
}

export class VenueControls {
  private externalSeq = 0;
  constructor(private readonly host: ControlHost) {}

  private defaultAccount(accountId: string | undefined): string {
    return accountId ?? [...this.host.engine.accounts.keys()][0]!;
  }

  /** Record an order (and its fills) as the venue already knowing it; positions are seeded separately. */
  seedOrder(input: SeedOrderInput): WireOrderReport {
    const s = parseControl(SeedOrderSchema, input, 'seedOrder');
    const engine = this.host.engine;
    const inst = engine.instruments.get(s.instrumentId);
    const now = this.host.now();
    const accountId = this.defaultAccount(s.accountId);
    engine.account(accountId);
    if (engine.store.orders.has(s.venueOrderId)) {
      throw new EngineError('VENUE_ORDER_DUPLICATE', `venue.controls.seedOrder: expected a new venueOrderId, received '${s.venueOrderId}' which the venue already holds`, { venueOrderId: s.venueOrderId });
    }
    const fills: VenueFill[] = s.fills.map((f) => {
      const lastQty = Quantity.from(f.quantity, inst.sizePrecision);
      const lastPx = Price.from(f.price, inst.pricePrecision);
      return {
        accountId,
        instrumentId: s.instrumentId,
        venueOrderId: s.venueOrderId,
        ...(s.clientOrderId !== undefined ? { clientOrderId: s.clientOrderId } : {}),
        ...(s.venuePositionId !== undefined ? { venuePositionId: s.venuePositionId } : {}),
        tradeId: f.tradeId,
        side: s.side,
        orderType: s.type,
        lastQty,
        lastPx,
        ...commissionOf(f.commission, inst.quoteCurrency),
        liquiditySide: f.liquidity ?? 'NO_LIQUIDITY_SIDE',
        tsEvent: f.tsEvent ?? now,
      };
    });
    const fillSum = fills.reduce((a, f) => a.add(f.lastQty), Quantity.zero(inst.sizePrecision));
    const filledQty = s.filledQty !== undefined ? Quantity.from(s.filledQty, inst.sizePrecision) : fillSum;
    let avgPx = s.avgPx !== undefined ? Price.from(s.avgPx) : undefined;
    if (!avgPx && fills.length > 0 && fillSum.isPositive()) {
      const notional = fills.reduce((a, f) => a.add(f.lastPx.mul(f.lastQty)), Price.zero());
      avgPx = Price.from(notional.div(fillSum, Math.min(16, inst.pricePrecision + 4)));
    }
    const order: VenueOrder = {
      accountId,
      instrumentId: s.instrumentId,
      ...(s.clientOrderId !== undefined ? { clientOrderId: s.clientOrderId } : {}),
      venueOrderId: s.venueOrderId,
      side: s.side,
      orderType: s.type,
      timeInForce: s.timeInForce,
      ...(s.expireTime !== undefined ? { expireTime: s.expireTime, expiresAt: s.expireTime } : {}),
      status: s.status,
      quantity: Quantity.from(s.quantity, inst.sizePrecision),
      filledQty,
      ...(avgPx ? { avgPx } : {}),
      ...(s.price !== undefined ? { price: Price.from(s.price, inst.pricePrecision) } : {}),
      ...(s.triggerPrice !== undefined ? { triggerPrice: Price.from(s.triggerPrice, inst.pricePrecision) } : {}),
      postOnly: s.postOnly,
      reduceOnly: s.reduceOnly,
      contingencyType: s.contingencyType,
      ...(s.orderListId !== undefined ? { orderListId: s.orderListId } : {}),
      linkedOrderIds: s.linkedOrderIds,
      ...(s.parentOrderId !== undefined ? { parentOrderId: s.parentOrderId } : {}),
      ...(s.venuePositionId !== undefined ? { venuePositionId: s.venuePositionId } : {}),
      ...(s.reason !== undefined ? { reason: s.reason } : {}),
      tsAccepted: s.tsAccepted ?? now,
      tsLast: s.tsLast ?? s.tsAccepted ?? now,
      seq: engine.store.nextPriority(),
      triggered: s.status === 'TRIGGERED',
      contingentAtVenue: false,
      dormant: false,
    };
    engine.seed(order, fills);
    if (isOpen(order)) this.host.deliver([]); // re-arm the expiry alert for a seeded GTD order
    return orderReport(order);
  }

  seedPosition(input: SeedPositionInput): WirePosition {
    const s = parseControl(SeedPositionSchema, input, 'seedPosition');
    const engine = this.host.engine;
    const inst = engine.instruments.get(s.instrumentId);
    const accountId = this.defaultAccount(s.accountId);
    const acct = engine.account(accountId);
    const qty = Decimal.from(Quantity.from(s.quantity, inst.sizePrecision));
    const signedQty = s.side === 'SHORT' ? qty.neg() : s.side === 'FLAT' ? Decimal.zero() : qty;
    const venuePositionId = acct.omsType === 'HEDGING' ? (s.venuePositionId ?? acct.nextPositionId()) : undefined;
    const position = {
      instrumentId: s.instrumentId,
      ...(venuePositionId !== undefined ? { venuePositionId } : {}),
      signedQty,
      ...(s.avgPxOpen !== undefined ? { avgPxOpen: Price.from(s.avgPxOpen) } : {}),
      tsLast: this.host.now(),
    };
    engine.seedPosition(accountId, position);
    return positionReport(accountId, position);
  }

  /** Set the top of book (sizes optional: a missing size is unlimited liquidity); matches resting orders. */
  setQuote(instrumentId: string, quote: QuoteInput): void {
    const q = parseControl(QuoteSchema, quote, 'setQuote');
    const inst = this.host.engine.instruments.get(instrumentId);
    const parsed = {
      bid: Price.from(q.bid, inst.pricePrecision),
      ask: Price.from(q.ask, inst.pricePrecision),
      ...(q.bidSize !== undefined ? { bidSize: Quantity.from(q.bidSize, inst.sizePrecision) } : {}),
      ...(q.askSize !== undefined ? { askSize: Quantity.from(q.askSize, inst.sizePrecision) } : {}),
    };
    this.host.deliver(this.host.engine.setQuote(instrumentId, parsed, this.host.now()));
    this.host.publishQuote(instrumentId, parsed);
  }

  /** An order placed in the account by someone else (as if by hand on the exchange's website). */
  placeExternalOrder(input: ExternalOrderInput): WireOrderReport | undefined {
    const s = parseControl(ExternalOrderSchema, input, 'placeExternalOrder');
    const accountId = this.defaultAccount(s.accountId);
    const spec = WireOrderSpec.parse({
      clientOrderId: s.clientOrderId ?? `EXT-${++this.externalSeq}`,
      instrumentId: s.instrumentId,
      side: s.side,
      orderType: s.type,
      quantity: s.quantity,
      ...(s.price !== undefined ? { price: s.price } : {}),
      ...(s.triggerPrice !== undefined ? { triggerPrice: s.triggerPrice } : {}),
      timeInForce: s.timeInForce,
      ...(s.expireTime !== undefined ? { expireTime: s.expireTime.toString() } : {}),
      postOnly: s.postOnly,
      reduceOnly: s.reduceOnly,
    });
    this.host.deliver(this.host.engine.submit(accountId, spec, { now: this.host.now() }));
    const o = this.host.engine.find(accountId, { clientOrderId: spec.clientOrderId });
    return o ? orderReport(o) : undefined;
  }

  fault(fault: Fault): void {
    const f = parseControl(FaultSchema, fault, 'fault');
    const faults = this.host.faults;
    switch (f.kind) {
      case 'drop-acks':
        faults.dropAcks += f.count;
        return;
      case 'silent':
        faults.silent = true;
        return;
      case 'delay':
        faults.delayMs = f.ms;
        return;
      case 'disconnect':
        return this.host.disconnectClients();
    }
  }

  clearFaults(): void {
    this.host.faults.clear();
  }
}

function commissionOf(value: Money | string | undefined, quoteCurrency: string): { commission: string; commissionCurrency: string } {
  if (value === undefined) return { commission: '0', commissionCurrency: quoteCurrency };
  const money = value instanceof Money ? value : /\s/.test(value.trim()) ? Money.parse(value) : undefined;
  if (money) return { commission: money.amount.toString(), commissionCurrency: money.currency };
  return { commission: Decimal.from(value as string).toString(), commissionCurrency: quoteCurrency };
}
