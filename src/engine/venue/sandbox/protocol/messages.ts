import { z } from 'zod';

/**
 * The sandbox venue's wire protocol: one JSON object per WebSocket message, with a `type` discriminant.
 * Both sides validate every frame with these schemas (server: `ClientFrame`; keel's client:
 * `ServerFrame`). Decimals travel as strings ('1.00010'), timestamps as strings of nanoseconds since the
 * epoch ('1700000000000000000'). Every client request carries a `reqId` (chosen by the client, echoed in
 * every answer and in the order events it causes). `docs/venue-protocol.md` describes each frame.
 *
 * Extended only by adding (another engineer's client codes against this file).
 */

/** 2: list answers are paged (`cursor`/`limit` in, `nextCursor` out). */
export const PROTOCOL_VERSION = 2;
/**
 * The one frame limit of the protocol, both directions: a peer never sends a larger frame (the venue
 * pages list answers to stay under it) and refuses a larger one it receives with FRAME_TOO_LARGE (the
 * connection stays open).
 */
export const MAX_FRAME_BYTES = 1024 * 1024;
/**
 * What either side's socket reads of one frame at most (ws `maxPayload`): a frame above MAX_FRAME_BYTES
 * but within this is read and refused; a larger one is refused from its header (fatal FRAME_TOO_LARGE,
 * then close 1009), so a peer never holds more than this for one frame.
 */
export const MAX_SOCKET_FRAME_BYTES = 8 * MAX_FRAME_BYTES;
/** Items in one page of a list answer at most (a client may ask for fewer with `limit`). */
export const MAX_PAGE_ITEMS = 5_000;
/** A login timestamp further than this from the venue's clock is refused (LOGIN_STALE_TIMESTAMP). */
export const LOGIN_MAX_SKEW_MS = 30_000;
/** A connection that has not logged in within this time is closed (LOGIN_TIMEOUT). */
export const LOGIN_DEADLINE_MS = 5_000;

export * from './shapes.js';
export * from './codes.js';
import { DecimalString, NsString, OmsTypeSchema, ReqId, Side, WireAccountState, WireBalance, WireFill, WireOrderEvent, WireOrderReport, WireOrderSpec, WirePosition, ReportFilter } from './shapes.js';
import type { ProtocolErrorCode } from './codes.js';

// ---- client → server ---------------------------------------------------------------------------
/** Login: signature = hex HMAC-SHA256(apiSecret, `${timestamp}.${nonce}`) (see `auth.ts`). */
export const LoginFrame = z.object({
  type: z.literal('login'),
  reqId: ReqId,
  apiKey: z.string().min(1),
  timestamp: NsString,
  nonce: z.string().min(8).max(128),
  signature: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex characters'),
});
export const SubmitOrderFrame = z.object({
  type: z.literal('submit_order'),
  reqId: ReqId,
  order: WireOrderSpec,
  /** Let the venue manage OTO/OCO/OUO links of this order (default: the venue ignores them). */
  contingentAtVenue: z.boolean().default(false),
});
export const SubmitOrderListFrame = z.object({
  type: z.literal('submit_order_list'),
  reqId: ReqId,
  orderListId: z.string().min(1),
  orders: z.array(WireOrderSpec).min(1).max(100),
  contingentAtVenue: z.boolean().default(false),
});
/** Identify an order by clientOrderId or venueOrderId (at least one). */
const OrderRef = {
  instrumentId: z.string().optional(),
  clientOrderId: z.string().optional(),
  venueOrderId: z.string().optional(),
};
export const ModifyOrderFrame = z.object({
  type: z.literal('modify_order'),
  reqId: ReqId,
  ...OrderRef,
  quantity: DecimalString.optional(),
  price: DecimalString.optional(),
  triggerPrice: DecimalString.optional(),
});
export const CancelOrderFrame = z.object({ type: z.literal('cancel_order'), reqId: ReqId, ...OrderRef });
export const CancelAllFrame = z.object({
  type: z.literal('cancel_all'),
  reqId: ReqId,
  instrumentId: z.string().optional(),
  side: Side.optional(),
});
export const QueryOrderFrame = z.object({ type: z.literal('query_order'), reqId: ReqId, ...OrderRef });
/** Paging of list answers: the previous page's `nextCursor` (absent: the first page) and a page size. */
const Paging = {
  cursor: z.string().min(1).max(64).optional(),
  limit: z.number().int().min(1).max(MAX_PAGE_ITEMS).optional(),
};
export const QueryOrdersFrame = z.object({
  type: z.literal('query_orders'),
  reqId: ReqId,
  ...ReportFilter,
  openOnly: z.boolean().default(false),
  ...Paging,
});
export const QueryFillsFrame = z.object({
  type: z.literal('query_fills'),
  reqId: ReqId,
  ...ReportFilter,
  venueOrderId: z.string().optional(),
  ...Paging,
});
export const QueryPositionsFrame = z.object({ type: z.literal('query_positions'), reqId: ReqId, instrumentId: z.string().optional(), ...Paging });
export const QueryAccountFrame = z.object({ type: z.literal('query_account'), reqId: ReqId });
export const MassStatusFrame = z.object({ type: z.literal('mass_status'), reqId: ReqId, start: NsString.optional(), ...Paging });
export const MarketChannel = z.enum(['quotes', 'trades', 'bars']);
export const SubscribeFrame = z.object({
  type: z.literal('subscribe'),
  reqId: ReqId,
  channel: MarketChannel,
  /** instrumentId for quotes/trades, barType (e.g. 'BTCUSDT-PERP.SIM-1-MINUTE-LAST') for bars. */
  topic: z.string().min(1).max(200),
});
export const UnsubscribeFrame = SubscribeFrame.extend({ type: z.literal('unsubscribe') });
export const PingFrame = z.object({ type: z.literal('ping'), reqId: ReqId });
/** Admin channel only (logged in with the admin key): the same operations as `venue.controls`. */
export const CONTROL_ACTIONS = [
  'seedOrder',
  'seedPosition',
  'setQuote',
  'placeExternalOrder',
  'fault',
  'clearFaults',
  'restart',
  'stats',
  'adjustBalance',
  'step',
] as const;
export const ControlFrame = z.object({
  type: z.literal('control'),
  reqId: ReqId,
  action: z.enum(CONTROL_ACTIONS),
  /** The control's argument (validated by the control itself); for setQuote `{ instrumentId, bid, ask, ... }`. */
  params: z.unknown().optional(),
});

export const ClientFrame = z.discriminatedUnion('type', [
  LoginFrame,
  SubmitOrderFrame,
  SubmitOrderListFrame,
  ModifyOrderFrame,
  CancelOrderFrame,
  CancelAllFrame,
  QueryOrderFrame,
  QueryOrdersFrame,
  QueryFillsFrame,
  QueryPositionsFrame,
  QueryAccountFrame,
  MassStatusFrame,
  SubscribeFrame,
  UnsubscribeFrame,
  PingFrame,
  ControlFrame,
]);
export type ClientFrame = z.infer<typeof ClientFrame>;
/** What a client may write (defaults optional). */
export type ClientFrameInput = z.input<typeof ClientFrame>;
export type ClientFrameType = ClientFrame['type'];
export const CLIENT_FRAME_TYPES: readonly ClientFrameType[] = ClientFrame.options.map((o) => o.shape.type.value);

// ---- server → client ---------------------------------------------------------------------------
export const LoginOkFrame = z.object({
  type: z.literal('login_ok'),
  reqId: ReqId,
  accountId: z.string(),
  omsType: OmsTypeSchema,
  admin: z.boolean(),
  protocolVersion: z.number().int(),
  instruments: z.array(z.string()),
  serverTime: NsString,
});
/** Any refusal; `fatal: true` means the venue closes the connection after sending it. */
export const ErrorFrame = z.object({
  type: z.literal('error'),
  reqId: ReqId.optional(),
  code: z.string(),
  message: z.string(),
  fatal: z.boolean().default(false),
});
/** An order event; `reqId` when it answers a request (absent for fills from the market, expiries, ...). */
export const EventFrame = z.object({ type: z.literal('event'), reqId: ReqId.optional(), data: WireOrderEvent });
export const OrderStatusFrame = z.object({ type: z.literal('order_status'), reqId: ReqId, report: WireOrderReport.nullable() });
/** Set on every page but the last of a list answer: send it back as `cursor` for the next page. */
const NextCursor = { nextCursor: z.string().min(1).max(64).optional() };
export const OrderReportsFrame = z.object({ type: z.literal('order_reports'), reqId: ReqId, reports: z.array(WireOrderReport), ...NextCursor });
export const FillReportsFrame = z.object({ type: z.literal('fill_reports'), reqId: ReqId, fills: z.array(WireFill), ...NextCursor });
export const PositionReportsFrame = z.object({
  type: z.literal('position_reports'),
  reqId: ReqId,
  positions: z.array(WirePosition),
  ...NextCursor,
});
/** The answer to query_account: the account's state (the same fields as `account_state`). */
export const AccountFrame = WireAccountState.extend({
  type: z.literal('account'),
  reqId: ReqId,
  balances: z.array(WireBalance),
  accountType: WireAccountState.shape.accountType.optional(),
  margins: WireAccountState.shape.margins.optional(),
  defaultLeverage: DecimalString.optional(),
  tsEvent: NsString.optional(),
});
/** Pushed on login, after each fill and on any balance change (deposit, withdrawal). */
export const AccountStateFrame = z.object({ type: z.literal('account_state'), state: WireAccountState });
export const MassStatusReplyFrame = z.object({
  type: z.literal('mass_status_reply'),
  reqId: ReqId,
  accountId: z.string(),
  orders: z.array(WireOrderReport),
  fills: z.array(WireFill),
  positions: z.array(WirePosition),
  serverTime: NsString,
  ...NextCursor,
});
/** Acknowledges a request that has no other answer (subscribe, unsubscribe, cancel_all, control). */
export const OkFrame = z.object({ type: z.literal('ok'), reqId: ReqId, result: z.unknown().optional() });
export const PongFrame = z.object({ type: z.literal('pong'), reqId: ReqId, serverTime: NsString });
export const QuoteFrame = z.object({
  type: z.literal('quote'),
  instrumentId: z.string(),
  bid: DecimalString,
  ask: DecimalString,
  bidSize: DecimalString,
  askSize: DecimalString,
  tsEvent: NsString,
});
export const TradeFrame = z.object({
  type: z.literal('trade'),
  instrumentId: z.string(),
  price: DecimalString,
  size: DecimalString,
  aggressorSide: Side,
  tradeId: z.string(),
  tsEvent: NsString,
});
export const BarFrame = z.object({
  type: z.literal('bar'),
  barType: z.string(),
  instrumentId: z.string(),
  open: DecimalString,
  high: DecimalString,
  low: DecimalString,
  close: DecimalString,
  volume: DecimalString,
  tsEvent: NsString,
});

export const ServerFrame = z.discriminatedUnion('type', [
  LoginOkFrame,
  ErrorFrame,
  EventFrame,
  OrderStatusFrame,
  OrderReportsFrame,
  FillReportsFrame,
  PositionReportsFrame,
  AccountFrame,
  AccountStateFrame,
  MassStatusReplyFrame,
  OkFrame,
  PongFrame,
  QuoteFrame,
  TradeFrame,
  BarFrame,
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
export type ServerFrameType = ServerFrame['type'];
export type ServerFrameOf<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>;
export type ClientFrameOf<T extends ClientFrameType> = Extract<ClientFrame, { type: T }>;

/** Parse a text frame into a validated ClientFrame, or say why not (used by the server). */
export type ParseResult<T> = { ok: true; frame: T } | { ok: false; code: ProtocolErrorCode; message: string; reqId?: string };

export function parseClientFrame(text: string): ParseResult<ClientFrame> {
  return parseFrame(text, ClientFrame, CLIENT_FRAME_TYPES);
}

export const SERVER_FRAME_TYPES: readonly ServerFrameType[] = ServerFrame.options.map((o) => o.shape.type.value);
export function parseServerFrame(text: string): ParseResult<ServerFrame> {
  return parseFrame(text, ServerFrame, SERVER_FRAME_TYPES);
}

function parseFrame<T>(text: string, schema: z.ZodType<T>, types: readonly string[]): ParseResult<T> {
  if (Buffer.byteLength(text, 'utf8') > MAX_FRAME_BYTES) {
    return { ok: false, code: 'FRAME_TOO_LARGE', message: `expected a frame of at most ${MAX_FRAME_BYTES} bytes, received ${Buffer.byteLength(text, 'utf8')}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, code: 'FRAME_NOT_JSON', message: `expected a JSON object, received text that is not JSON (${(e as Error).message})` };
  }
  // Echo a reqId only when it is a valid one: an error frame carrying a 200-character reqId would itself
  // be invalid, and the client would drop the very refusal it is waiting for.
  const rawReqId = typeof raw === 'object' && raw !== null ? (raw as { reqId?: unknown }).reqId : undefined;
  const reqId = ReqId.safeParse(rawReqId).success ? (rawReqId as string) : undefined;
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !types.includes(type)) {
    return {
      ok: false,
      code: 'FRAME_UNKNOWN_TYPE',
      message: `expected an object with type one of ${types.join(', ')}, received type ${JSON.stringify(type) ?? 'undefined'}`,
      ...(reqId ? { reqId } : {}),
    };
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(frame)'}: ${i.message}`).join('; ');
    return { ok: false, code: 'FRAME_INVALID', message: `invalid '${type}' frame: ${issues}`, ...(reqId ? { reqId } : {}) };
  }
  return { ok: true, frame: result.data };
}
