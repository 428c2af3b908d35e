import type { Clock } from '../../core/clock.js';
import { EngineError, isEngineError } from '../../core/errors.js';
import type { ConnectionState, ExecutionClient, ExecutionClientSink, ReportQuery, VenueOrderEvent } from '../../execution/client.js';
import type { CancelAllOrders, CancelOrder, ModifyOrder, QueryOrder, SubmitOrder, SubmitOrderList } from '../../model/commands.js';
import type { OmsType } from '../../model/enums.js';
import type { AccountState } from '../../model/events.js';
import type { ExecutionMassStatus, FillReport, OrderStatusReport, PositionStatusReport } from '../../model/reports.js';
import type { ClientFrameInput, ServerFrame, ServerFrameOf } from './protocol/messages.js';
import { toAccountState, toFillReport, toOrderStatusReport, toPositionStatusReport, toVenueOrderEvent, toWireOrder } from './translate.js';
import { VenueConnection, type ReconnectOptions } from './venue-connection.js';

/**
 * keel's execution client for the sandbox venue: commands → frames, frames → `VenueOrderEvent`s and
 * reports, one to one. It decides nothing: no order state, no retries of commands, no reconciliation.
 * A command the venue refuses outright (an `error` frame answering it) becomes the matching rejection
 * event (OrderRejected / OrderModifyRejected / OrderCancelRejected) with reason `<CODE>: <message>`.
 */
export interface SandboxExecutionClientOptions {
  readonly venue: string;
  readonly url: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  /** Expected account; connect fails with VENUE_ACCOUNT_MISMATCH if the venue says otherwise. */
  readonly accountId?: string;
  readonly clock: Clock;
  readonly clientId?: string;
  /** Per-query timeout (default 5000 ms). */
  readonly requestTimeoutMs?: number;
  readonly reconnect?: ReconnectOptions | false;
}

interface CommandContext {
  readonly kind: 'submit' | 'modify' | 'cancel' | 'cancel_all';
  readonly instrumentId: string;
  readonly orders: readonly { clientOrderId: string; venueOrderId?: string }[];
}

/** A list request without its reqId and cursor (added per page). */
type ListRequest = DistributiveOmit<Extract<ClientFrameInput, { type: 'query_orders' | 'query_fills' | 'query_positions' | 'mass_status' }>, 'reqId' | 'cursor'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Commands remembered for their answers; old ones fall out (their answers arrived or never will). */
const MAX_REMEMBERED_COMMANDS = 10_000;

export class SandboxExecutionClient implements ExecutionClient {
  readonly clientId: string;
  readonly venue: string;
  private account: string;
  private oms: OmsType = 'UNSPECIFIED';
  private sink: ExecutionClientSink | undefined;
  private readonly conn: VenueConnection;
  private readonly commands = new Map<string, CommandContext>();

  constructor(private readonly opts: SandboxExecutionClientOptions) {
    this.venue = opts.venue;
    this.clientId = opts.clientId ?? opts.venue;
    this.account = opts.accountId ?? '';
    this.conn = new VenueConnection({
      url: opts.url,
      apiKey: opts.apiKey,
      apiSecret: opts.apiSecret,
      clock: opts.clock,
      name: `${this.clientId}-EXEC`,
      ...(opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
      ...(opts.reconnect !== undefined ? { reconnect: opts.reconnect } : {}),
    });
    this.conn.setHandlers({
      onFrame: (f) => this.onFrame(f),
      onState: (state, info) => this.sink?.onConnectionState(state, info),
      onMalformed: (d) => this.sink?.onMalformed?.(d),
      whenReady: () => this.sink?.whenReady?.(),
      onLogin: (login) => {
        this.oms = login.omsType;
        this.account = login.accountId;
      },
    });
  }

  get accountId(): string {
    return this.account;
  }
  get omsType(): OmsType {
    return this.oms;
  }
  get connectionState(): ConnectionState {
    return this.conn.state;
  }
  /** Frames that failed validation since creation. */
  get malformedCount(): number {
    return this.conn.stats.malformed;
  }
  get reconnectCount(): number {
    return this.conn.stats.reconnects;
  }
  /** How many times reading the venue stopped because the engine's event queue was full (back-pressure). */
  get readPauseCount(): number {
    return this.conn.stats.readPauses;
  }

  setSink(sink: ExecutionClientSink): void {
    this.sink = sink;
  }

  async connect(): Promise<void> {
    const login = await this.conn.connect();
    if (this.opts.accountId !== undefined && login.accountId !== this.opts.accountId) {
      await this.conn.disconnect();
      throw new EngineError('VENUE_ACCOUNT_MISMATCH', `login as '${this.opts.apiKey}': expected account ${this.opts.accountId}, received ${login.accountId}`, {
        expected: this.opts.accountId,
        received: login.accountId,
      });
    }
  }

  disconnect(): Promise<void> {
    this.commands.clear();
    return this.conn.disconnect();
  }

  // ---- commands ------------------------------------------------------------------------------------
  submitOrder(c: SubmitOrder): void {
    const reqId = this.remember({ kind: 'submit', instrumentId: c.instrumentId, orders: [{ clientOrderId: c.clientOrderId }] });
    this.conn.send({ type: 'submit_order', reqId, order: toWireOrder(c.order, c.positionId) });
  }

  submitOrderList(c: SubmitOrderList): void {
    const reqId = this.remember({ kind: 'submit', instrumentId: c.instrumentId, orders: c.orders.map((o) => ({ clientOrderId: o.clientOrderId })) });
    this.conn.send({ type: 'submit_order_list', reqId, orderListId: c.orderListId, orders: c.orders.map((o) => toWireOrder(o, c.positionId)) });
  }

  modifyOrder(c: ModifyOrder): void {
    const reqId = this.remember({ kind: 'modify', instrumentId: c.instrumentId, orders: [ref(c)] });
    this.conn.send({
      type: 'modify_order',
      reqId,
      ...wireRef(c),
      ...(c.quantity ? { quantity: c.quantity.toString() } : {}),
      ...(c.price ? { price: c.price.toString() } : {}),
      ...(c.triggerPrice ? { triggerPrice: c.triggerPrice.toString() } : {}),
    });
  }

  cancelOrder(c: CancelOrder): void {
    const reqId = this.remember({ kind: 'cancel', instrumentId: c.instrumentId, orders: [ref(c)] });
    this.conn.send({ type: 'cancel_order', reqId, ...wireRef(c) });
  }

  cancelAllOrders(c: CancelAllOrders): void {
    const reqId = this.remember({ kind: 'cancel_all', instrumentId: c.instrumentId, orders: [] });
    this.conn.send({ type: 'cancel_all', reqId, instrumentId: c.instrumentId, ...(c.side ? { side: c.side } : {}) });
  }

  queryOrder(c: QueryOrder): void {
    // The answer is a report; a silent venue gives nothing (the engine's in-flight checks ask again).
    this.generateOrderStatusReport({ instrumentId: c.instrumentId, clientOrderId: c.clientOrderId, ...(c.venueOrderId ? { venueOrderId: c.venueOrderId } : {}) }).then(
      (r) => r && this.sink?.onOrderStatusReport(r),
      () => undefined,
    );
  }

  // ---- reports -------------------------------------------------------------------------------------
  async generateOrderStatusReport(q: ReportQuery): Promise<OrderStatusReport | null> {
    if (q.clientOrderId === undefined && q.venueOrderId === undefined) {
      throw new EngineError('REPORT_QUERY_INVALID', 'generateOrderStatusReport: expected a clientOrderId or venueOrderId, received neither', {});
    }
    const f = await this.conn.request(
      {
        type: 'query_order',
        reqId: this.conn.nextReqId(),
        ...(q.instrumentId ? { instrumentId: q.instrumentId } : {}),
        ...(q.clientOrderId ? { clientOrderId: q.clientOrderId } : {}),
        ...(q.venueOrderId ? { venueOrderId: q.venueOrderId } : {}),
      },
      ['order_status'],
    );
    return f.report ? toOrderStatusReport(f.report, this.now()) : null;
  }

  async generateOrderStatusReports(q: ReportQuery): Promise<OrderStatusReport[]> {
    const now = this.now();
    const out: OrderStatusReport[] = [];
    await this.pages({ type: 'query_orders', ...filter(q), openOnly: q.openOnly ?? false }, 'order_reports', (f) => {
      for (const r of f.reports) if (matchesIds(q, r)) out.push(toOrderStatusReport(r, now));
    });
    return out;
  }

  async generateFillReports(q: ReportQuery): Promise<FillReport[]> {
    const now = this.now();
    const out: FillReport[] = [];
    await this.pages({ type: 'query_fills', ...filter(q), ...(q.venueOrderId ? { venueOrderId: q.venueOrderId } : {}) }, 'fill_reports', (f) => {
      for (const r of f.fills) if (matchesIds(q, r)) out.push(toFillReport(r, now));
    });
    return out;
  }

  async generatePositionStatusReports(q: ReportQuery): Promise<PositionStatusReport[]> {
    const now = this.now();
    const out: PositionStatusReport[] = [];
    await this.pages({ type: 'query_positions', ...(q.instrumentId ? { instrumentId: q.instrumentId } : {}) }, 'position_reports', (f) => {
      for (const p of f.positions) out.push(toPositionStatusReport(p, now));
    });
    return out;
  }

  /**
   * Orders, fills and positions, fetched page by page (each page under the frame limit, each with its own
   * request timeout: a large history takes as many pages as it needs, none of them long).
   */
  async generateMassStatus(lookbackMins: number | null): Promise<ExecutionMassStatus> {
    const start = lookbackMins ? this.now() - BigInt(Math.round(lookbackMins * 60_000)) * 1_000_000n : undefined;
    const now = this.now();
    const ms = { orderReports: [] as OrderStatusReport[], fillReports: [] as FillReport[], positionReports: [] as PositionStatusReport[] };
    let accountId: string | undefined;
    // Asked with the first page, not after the last: an extra round trip would widen the window in which
    // events applied meanwhile make the snapshot stale. A venue that answers without account state (no
    // accounts) leaves it out.
    const accountAnswer = this.queryAccount().catch((e: unknown) => (isEngineError(e) && e.code === 'VENUE_PAGE_INVALID' ? undefined : Promise.reject(e)));
    // Awaited below; a failure of the pages must not leave its rejection unhandled.
    accountAnswer.catch(() => undefined);
    await this.pages({ type: 'mass_status', ...(start !== undefined && start > 0n ? { start: start.toString() } : {}) }, 'mass_status_reply', (f) => {
      if (accountId !== undefined && f.accountId !== accountId) {
        throw new EngineError('VENUE_PAGE_INVALID', `mass_status: expected every page for account ${accountId}, received a page for ${f.accountId}`, { expected: accountId, received: f.accountId });
      }
      accountId = f.accountId;
      for (const r of f.orders) ms.orderReports.push(toOrderStatusReport(r, now));
      for (const r of f.fills) ms.fillReports.push(toFillReport(r, now));
      for (const p of f.positions) ms.positionReports.push(toPositionStatusReport(p, now));
    });
    const account = await accountAnswer;
    return { clientId: this.clientId, venue: this.venue, accountId: accountId ?? this.account, ...ms, ...(account !== undefined ? { account } : {}), tsInit: now };
  }

  /** The account's state now (the answer to query_account). */
  async queryAccount(): Promise<AccountState> {
    const f = await this.conn.request({ type: 'query_account', reqId: this.conn.nextReqId() }, ['account']);
    if (f.accountType === undefined || f.margins === undefined || f.defaultLeverage === undefined || f.tsEvent === undefined || f.balances.some((b) => b.locked === undefined || b.free === undefined)) {
      throw new EngineError('VENUE_PAGE_INVALID', `query_account: expected an account state (accountType, balances with locked and free, margins), received only ${Object.keys(f).join(', ')}`, { request: 'query_account' });
    }
    const { type: _t, reqId: _r, ...state } = f;
    return toAccountState(state as Parameters<typeof toAccountState>[0], this.venue, 'QUERIED', this.now());
  }

  /** Request every page of a list answer, handing each to `take` as it arrives (pages are not all held as frames). */
  private async pages<T extends 'order_reports' | 'fill_reports' | 'position_reports' | 'mass_status_reply'>(
    request: ListRequest,
    expect: T,
    take: (page: ServerFrameOf<T>) => void,
  ): Promise<void> {
    let cursor: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      const f = await this.conn.request({ ...request, reqId: this.conn.nextReqId(), ...(cursor !== undefined ? { cursor } : {}) } as ClientFrameInput & { reqId: string }, [expect]);
      take(f);
      cursor = (f as { nextCursor?: string }).nextCursor;
      if (cursor === undefined) return;
      // A venue that hands back a cursor it already gave would page forever.
      if (seen.has(cursor)) {
        throw new EngineError('VENUE_PAGE_INVALID', `${request.type}: expected a new cursor on each page, received '${cursor}' twice`, { request: request.type, cursor });
      }
      seen.add(cursor);
    }
  }

  // ---- frames from the venue -----------------------------------------------------------------------
  private onFrame(f: ServerFrame): void {
    try {
      if (f.type === 'event') return this.onEvent(f.data, f.reqId);
      if (f.type === 'account_state') return this.sink?.onAccountState?.(toAccountState(f.state, this.venue, 'PUSHED', this.now()));
      if (f.type === 'error' && f.reqId !== undefined) return this.onCommandError(f.reqId, f.code, f.message);
      // Acks (`ok`), market data on this connection and unsolicited errors need no translation.
    } catch (err) {
      // A frame valid by schema but not translatable (e.g. a negative quantity) is still malformed.
      this.conn.stats.malformed++;
      this.sink?.onMalformed?.({ reason: `untranslatable ${f.type} frame: ${(err as Error).message}`, raw: JSON.stringify(f).slice(0, 2000) });
    }
  }

  private onEvent(data: Extract<ServerFrame, { type: 'event' }>['data'], reqId: string | undefined): void {
    const ctx = reqId !== undefined ? this.commands.get(reqId) : undefined;
    const fallback = ctx?.orders.length === 1 ? ctx.orders[0]!.clientOrderId : undefined;
    const event = toVenueOrderEvent(data, fallback);
    if (event) return this.sink?.onOrderEvent(event);
    // An order keel does not know by client id (e.g. placed by hand at the venue): report it instead.
    if (data.event === 'OrderFilled') return this.sink?.onFillReport(toFillReport(data.fill, this.now()));
    if (data.venueOrderId !== undefined) this.queryOrder(externalQuery(data.instrumentId, data.venueOrderId));
  }

  private onCommandError(reqId: string, code: string, message: string): void {
    const ctx = this.commands.get(reqId);
    if (!ctx) return;
    this.commands.delete(reqId);
    const reason = `${code}: ${message}`;
    const tsEvent = this.now();
    for (const o of ctx.orders) {
      const base = { instrumentId: ctx.instrumentId, clientOrderId: o.clientOrderId, ...(o.venueOrderId ? { venueOrderId: o.venueOrderId } : {}), accountId: this.account, tsEvent };
      let event: VenueOrderEvent | undefined;
      if (ctx.kind === 'submit') event = { ...base, type: 'OrderRejected', reason };
      else if (ctx.kind === 'modify') event = { ...base, type: 'OrderModifyRejected', reason };
      else if (ctx.kind === 'cancel') event = { ...base, type: 'OrderCancelRejected', reason };
      if (event) this.sink?.onOrderEvent(event);
    }
  }

  private remember(ctx: CommandContext): string {
    const reqId = this.conn.nextReqId();
    this.commands.set(reqId, ctx);
    if (this.commands.size > MAX_REMEMBERED_COMMANDS) this.commands.delete(this.commands.keys().next().value!);
    return reqId;
  }

  private now(): bigint {
    return this.opts.clock.timestampNs();
  }
}

function ref(c: { clientOrderId: string; venueOrderId?: string }): { clientOrderId: string; venueOrderId?: string } {
  return { clientOrderId: c.clientOrderId, ...(c.venueOrderId ? { venueOrderId: c.venueOrderId } : {}) };
}

function wireRef(c: { instrumentId: string; clientOrderId: string; venueOrderId?: string }) {
  return { instrumentId: c.instrumentId, clientOrderId: c.clientOrderId, ...(c.venueOrderId ? { venueOrderId: c.venueOrderId } : {}) };
}

function filter(q: ReportQuery) {
  return { ...(q.instrumentId ? { instrumentId: q.instrumentId } : {}), ...(q.start !== undefined ? { start: q.start.toString() } : {}) };
}

function matchesIds(q: ReportQuery, r: { clientOrderId?: string | undefined; venueOrderId: string }): boolean {
  return (q.clientOrderId === undefined || r.clientOrderId === q.clientOrderId) && (q.venueOrderId === undefined || r.venueOrderId === q.venueOrderId);
}

function externalQuery(instrumentId: string, venueOrderId: string): QueryOrder {
  // Only the ids matter to queryOrder; the rest of the command is not sent.
  return { type: 'QueryOrder', commandId: '', traderId: '', strategyId: '', instrumentId, clientOrderId: '', venueOrderId, tsInit: 0n };
}
