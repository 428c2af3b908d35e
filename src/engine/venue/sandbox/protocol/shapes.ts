import { z } from 'zod';
import {
  CONTINGENCY_TYPES,
  LIQUIDITY_SIDES,
  OMS_TYPES,
  ORDER_SIDES,
  ORDER_STATUSES,
  ORDER_TYPES,
  POSITION_SIDES,
  TIME_IN_FORCES,
} from '../../../model/enums.js';

/** Scalars and the shapes shared by several frames of the sandbox venue protocol (see protocol.ts). */
// ---- scalars -----------------------------------------------------------------------------------
/** At most 40 characters: enough for any value the venue takes (< 10^18, 16 decimals), bounded before any parsing. */
export const DecimalString = z.string().max(40, 'expected a decimal string of at most 40 characters').regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string like "1.00010"');
export const NsString = z.string().regex(/^\d{1,20}$/, 'expected nanoseconds since the epoch as a string of digits');
export const ReqId = z.string().min(1).max(128);
export const Side = z.enum(ORDER_SIDES);
export const OrderTypeSchema = z.enum(ORDER_TYPES);
export const TimeInForceSchema = z.enum(TIME_IN_FORCES);
export const OrderStatusSchema = z.enum(ORDER_STATUSES);
export const ContingencySchema = z.enum(CONTINGENCY_TYPES);
export const LiquiditySchema = z.enum(LIQUIDITY_SIDES);
export const PositionSideSchema = z.enum(POSITION_SIDES);
export const OmsTypeSchema = z.enum(OMS_TYPES);

// ---- shared shapes -----------------------------------------------------------------------------
/** An order as submitted by a client. */
export const WireOrderSpec = z.object({
  clientOrderId: z.string().min(1).max(128),
  instrumentId: z.string().min(1),
  side: Side,
  orderType: OrderTypeSchema,
  quantity: DecimalString,
  price: DecimalString.optional(),
  triggerPrice: DecimalString.optional(),
  timeInForce: TimeInForceSchema.default('GTC'),
  expireTime: NsString.optional(),
  postOnly: z.boolean().default(false),
  reduceOnly: z.boolean().default(false),
  contingencyType: ContingencySchema.default('NO_CONTINGENCY'),
  orderListId: z.string().optional(),
  linkedOrderIds: z.array(z.string()).default([]),
  parentOrderId: z.string().optional(),
  /** HEDGING: the venue position id this order trades (opens a new position when absent). */
  venuePositionId: z.string().optional(),
});
export type WireOrderSpec = z.infer<typeof WireOrderSpec>;
export type WireOrderSpecInput = z.input<typeof WireOrderSpec>;

/** What the venue holds about one order (→ keel `OrderStatusReport`). */
export const WireOrderReport = z.object({
  accountId: z.string(),
  instrumentId: z.string(),
  clientOrderId: z.string().optional(),
  venueOrderId: z.string(),
  venuePositionId: z.string().optional(),
  orderListId: z.string().optional(),
  side: Side,
  orderType: OrderTypeSchema,
  timeInForce: TimeInForceSchema,
  expireTime: NsString.optional(),
  status: OrderStatusSchema,
  quantity: DecimalString,
  filledQty: DecimalString,
  avgPx: DecimalString.optional(),
  price: DecimalString.optional(),
  triggerPrice: DecimalString.optional(),
  postOnly: z.boolean(),
  reduceOnly: z.boolean(),
  contingencyType: ContingencySchema.optional(),
  linkedOrderIds: z.array(z.string()).optional(),
  parentOrderId: z.string().optional(),
  reason: z.string().optional(),
  tsAccepted: NsString,
  tsLast: NsString,
});
export type WireOrderReport = z.infer<typeof WireOrderReport>;

/** One execution (→ keel `FillReport` / the fill part of `OrderFilled`). */
export const WireFill = z.object({
  accountId: z.string(),
  instrumentId: z.string(),
  venueOrderId: z.string(),
  clientOrderId: z.string().optional(),
  venuePositionId: z.string().optional(),
  tradeId: z.string(),
  side: Side,
  orderType: OrderTypeSchema,
  lastQty: DecimalString,
  lastPx: DecimalString,
  commission: DecimalString,
  commissionCurrency: z.string(),
  liquiditySide: LiquiditySchema,
  tsEvent: NsString,
});
export type WireFill = z.infer<typeof WireFill>;

/** A position (→ keel `PositionStatusReport`). `venuePositionId` only in HEDGING accounts. */
export const WirePosition = z.object({
  accountId: z.string(),
  instrumentId: z.string(),
  venuePositionId: z.string().optional(),
  side: PositionSideSchema,
  quantity: DecimalString,
  signedQty: DecimalString,
  avgPxOpen: DecimalString.optional(),
  tsLast: NsString,
});
export type WirePosition = z.infer<typeof WirePosition>;

/** Order events, named as keel's events (→ `VenueOrderEvent` 1:1). */
const EventBase = {
  accountId: z.string(),
  instrumentId: z.string(),
  clientOrderId: z.string().optional(),
  venueOrderId: z.string().optional(),
  tsEvent: NsString,
};
export const WireOrderEvent = z.discriminatedUnion('event', [
  z.object({ event: z.literal('OrderAccepted'), ...EventBase, venueOrderId: z.string() }),
  z.object({ event: z.literal('OrderRejected'), ...EventBase, reason: z.string() }),
  z.object({ event: z.literal('OrderCanceled'), ...EventBase, reason: z.string().optional() }),
  z.object({ event: z.literal('OrderExpired'), ...EventBase }),
  z.object({ event: z.literal('OrderTriggered'), ...EventBase }),
  z.object({
    event: z.literal('OrderUpdated'),
    ...EventBase,
    quantity: DecimalString,
    price: DecimalString.optional(),
    triggerPrice: DecimalString.optional(),
  }),
  z.object({ event: z.literal('OrderModifyRejected'), ...EventBase, reason: z.string() }),
  z.object({ event: z.literal('OrderCancelRejected'), ...EventBase, reason: z.string() }),
  z.object({ event: z.literal('OrderFilled'), ...EventBase, venueOrderId: z.string(), fill: WireFill }),
]);
export type WireOrderEvent = z.infer<typeof WireOrderEvent>;
export type WireOrderEventName = WireOrderEvent['event'];

/** `locked` and `free` are sent by venues that report account state (protocol 2 with accounts). */
export const WireBalance = z.object({ currency: z.string(), total: DecimalString, locked: DecimalString.optional(), free: DecimalString.optional() });
export type WireBalance = z.infer<typeof WireBalance>;

export const AccountTypeSchema = z.enum(['CASH', 'MARGIN']);
/** One currency of an account: total = free + locked (open orders' commitments and positions' initial margin). */
export const WireAccountBalance = z.object({ currency: z.string().min(1).max(16), total: DecimalString, locked: DecimalString, free: DecimalString });
/** A margin account's margin for one instrument's open position (in its quote currency). */
export const WireMargin = z.object({ instrumentId: z.string().min(1), initial: DecimalString, maintenance: DecimalString, leverage: DecimalString });
/** The whole state of one account: what `account_state` pushes and `query_account` answers. */
export const WireAccountState = z.object({
  accountId: z.string(),
  accountType: AccountTypeSchema,
  omsType: OmsTypeSchema,
  balances: z.array(WireAccountBalance).max(1000),
  margins: z.array(WireMargin).max(10_000),
  /** The account's default leverage (1 for CASH); per instrument in `margins`. */
  defaultLeverage: DecimalString,
  tsEvent: NsString,
});
export type WireAccountState = z.infer<typeof WireAccountState>;

/** Report filters. `start`: only orders/fills updated at or after this time. */
export const ReportFilter = {
  instrumentId: z.string().optional(),
  start: NsString.optional(),
};

