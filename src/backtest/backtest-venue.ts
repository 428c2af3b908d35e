import type { Clock } from '../engine/core/clock.js';
import type { ConnectionState, ExecutionClient, ExecutionClientSink, MarketDataClient, MarketDataSink, ReportQuery } from '../engine/execution/client.js';
import type { CancelAllOrders, CancelOrder, ModifyOrder, QueryOrder, SubmitOrder, SubmitOrderList } from '../engine/model/commands.js';
import type { OmsType } from '../engine/model/enums.js';
import type { InstrumentProvider } from '../engine/model/instruments.js';
import type { Bar, QuoteTick, TradeTick } from '../engine/model/market-data.js';
import type { ExecutionMassStatus, FillReport, OrderStatusReport, PositionStatusReport } from '../engine/model/reports.js';
import { topics } from '../engine/bus/switchboard.js';
import { WireOrderSpec } from '../engine/venue/sandbox/protocol/messages.js';
import { toAccountState, toFillReport, toOrderStatusReport, toPositionStatusReport, toVenueOrderEvent, toWireOrder } from '../engine/venue/sandbox/translate.js';
import { type EngineOutput, MatchingEngine } from '../sandbox/matching-engine.js';
import type { AccountConfig } from '../sandbox/venue-account.js';

/**
 * The sandbox exchange inside the backtest: the same matching engine the `keel venue` process runs, with
 * keel's sandbox translation on both sides, but no socket. Commands reach the engine after `latencyNs` of
 * simulated time (0: at once); its events go to the node's sink in the order the engine made them, then
 * the account's state once per engine call with fills, as the venue server sends them. Market data goes
 * to the engine first (a quote may fill resting orders) and then to the subscribers, as the live venue
 * does it.
 */
export interface BacktestVenueOptions {
  readonly venue: string;
  readonly clock: Clock;
  readonly instruments: InstrumentProvider;
  readonly account: AccountConfig;
  readonly latencyNs: bigint;
}

const EXPIRY_ALERT = 'backtest-venue-expiry';

export class BacktestVenue {
  readonly engine: MatchingEngine;
  readonly exec: BacktestExecutionClient;
  readonly data: BacktestDataClient;
  private latencySeq = 0;

  constructor(readonly opts: BacktestVenueOptions) {
    this.engine = new MatchingEngine(opts.instruments, [opts.account]);
    this.exec = new BacktestExecutionClient(this);
    this.data = new BacktestDataClient(opts.venue);
  }

  get accountId(): string {
    return this.opts.account.accountId;
  }

  now(): bigint {
    return this.opts.clock.timestampNs();
  }

  /** Run `f` against the engine now, or after the configured latency in simulated time. */
  command(f: (now: bigint) => EngineOutput[]): void {
    if (this.opts.latencyNs <= 0n) return this.deliver(f(this.now()));
    const at = this.now() + this.opts.latencyNs;
    this.opts.clock.setTimeAlert(`backtest-venue-latency-${++this.latencySeq}`, at, () => this.deliver(f(at)));
  }

  quote(q: QuoteTick): void {
    if (this.engine.instruments.find(q.instrumentId)) {
      // A zero size in recorded data means "not recorded": unlimited, as the sandbox venue reads it.
      const top = { bid: q.bid, ask: q.ask, ...(q.bidSize.isPositive() ? { bidSize: q.bidSize } : {}), ...(q.askSize.isPositive() ? { askSize: q.askSize } : {}) };
      this.deliver(this.engine.setQuote(q.instrumentId, top, q.tsEvent));
    }
    this.data.quote(q);
  }

  trade(t: TradeTick): void {
    this.data.trade(t);
  }

  bar(b: Bar): void {
    this.data.bar(b);
  }

  /** Engine outputs to the node, then the account's state after fills; re-arms the venue's expiry alert. */
  deliver(outputs: readonly EngineOutput[]): void {
    let filled = false;
    for (const o of outputs) {
      if (o.accountId !== this.accountId) continue;
      this.exec.onEngineEvent(o);
      if (o.event.event === 'OrderFilled') filled = true;
    }
    if (filled) this.exec.onAccountState();
    this.armExpiry();
  }

  /** One alert at the earliest GTD/DAY expiry of any open order, as the sandbox venue keeps it. */
  private armExpiry(): void {
    const clock = this.opts.clock;
    const next = this.engine.nextExpiry();
    if (next === undefined) return clock.cancelTimer(EXPIRY_ALERT);
    if (clock.nextTimeNs(EXPIRY_ALERT) === next) return;
    clock.setTimeAlert(EXPIRY_ALERT, next, (e) => {
      const now = clock.timestampNs();
      this.deliver(this.engine.advanceTime(now > e.tsEvent ? now : e.tsEvent));
    });
  }
}

/** keel's execution client over the in-process engine: commands → engine calls, engine events → VenueOrderEvents. */
export class BacktestExecutionClient implements ExecutionClient {
  readonly clientId: string;
  readonly venue: string;
  readonly connectionState: ConnectionState = 'CONNECTED';
  private sink: ExecutionClientSink | undefined;
  /** The client order id an engine event without one belongs to, by request id (as the ws client remembers commands). */
  private readonly pending = new Map<string, string>();
  private reqSeq = 0;

  constructor(private readonly v: BacktestVenue) {
    this.clientId = v.opts.venue;
    this.venue = v.opts.venue;
  }
  get accountId(): string {
    return this.v.accountId;
  }
  get omsType(): OmsType {
    return this.v.opts.account.omsType;
  }
  setSink(sink: ExecutionClientSink): void {
    this.sink = sink;
  }
  async connect(): Promise<void> {
    this.sink?.onAccountState?.(toAccountState(this.v.engine.accountState(this.accountId, this.v.now()), this.venue, 'PUSHED', this.v.now()));
  }
  async disconnect(): Promise<void> {}

  submitOrder(c: SubmitOrder): void {
    const spec = WireOrderSpec.parse(toWireOrder(c.order, c.positionId));
    const reqId = this.remember(c.clientOrderId);
    this.v.command((now) => this.v.engine.submit(this.accountId, spec, { now, reqId }));
  }
  submitOrderList(c: SubmitOrderList): void {
    const specs = c.orders.map((o) => WireOrderSpec.parse(toWireOrder(o, c.positionId)));
    const reqId = this.remember(undefined);
    this.v.command((now) => this.v.engine.submitList(this.accountId, specs, { now, reqId }));
  }
  modifyOrder(c: ModifyOrder): void {
    const changes = {
      ...(c.quantity ? { quantity: c.quantity.toString() } : {}),
      ...(c.price ? { price: c.price.toString() } : {}),
      ...(c.triggerPrice ? { triggerPrice: c.triggerPrice.toString() } : {}),
    };
    const reqId = this.remember(c.clientOrderId);
    this.v.command((now) => this.v.engine.modify(this.accountId, ref(c), changes, { now, reqId }));
  }
  cancelOrder(c: CancelOrder): void {
    const reqId = this.remember(c.clientOrderId);
    this.v.command((now) => this.v.engine.cancel(this.accountId, ref(c), { now, reqId }));
  }
  cancelAllOrders(c: CancelAllOrders): void {
    const reqId = this.remember(undefined);
    this.v.command((now) => this.v.engine.cancelAll(this.accountId, { instrumentId: c.instrumentId, ...(c.side ? { side: c.side } : {}) }, { now, reqId }));
  }
  queryOrder(c: QueryOrder): void {
    void this.generateOrderStatusReport({ instrumentId: c.instrumentId, clientOrderId: c.clientOrderId, ...(c.venueOrderId ? { venueOrderId: c.venueOrderId } : {}) }).then((r) => r && this.sink?.onOrderStatusReport(r));
  }

  async generateOrderStatusReport(q: ReportQuery): Promise<OrderStatusReport | null> {
    const o = this.v.engine.find(this.accountId, { ...(q.clientOrderId ? { clientOrderId: q.clientOrderId } : {}), ...(q.venueOrderId ? { venueOrderId: q.venueOrderId } : {}) });
    if (!o) return null;
    const report = this.v.engine.orderReports(this.accountId, { instrumentId: o.instrumentId }).find((r) => r.venueOrderId === o.venueOrderId);
    return report ? toOrderStatusReport(report, this.v.now()) : null;
  }
  async generateOrderStatusReports(q: ReportQuery): Promise<OrderStatusReport[]> {
    const now = this.v.now();
    return this.v.engine.orderReports(this.accountId, { instrumentId: q.instrumentId, openOnly: q.openOnly ?? false, start: q.start }).map((r) => toOrderStatusReport(r, now));
  }
  async generateFillReports(q: ReportQuery): Promise<FillReport[]> {
    const now = this.v.now();
    return this.v.engine.fillReports(this.accountId, { instrumentId: q.instrumentId, venueOrderId: q.venueOrderId, start: q.start }).map((r) => toFillReport(r, now));
  }
  async generatePositionStatusReports(q: ReportQuery): Promise<PositionStatusReport[]> {
    const now = this.v.now();
    return this.v.engine.positionReports(this.accountId, q.instrumentId).map((p) => toPositionStatusReport(p, now));
  }
  async generateMassStatus(): Promise<ExecutionMassStatus> {
    const now = this.v.now();
    return {
      clientId: this.clientId,
      venue: this.venue,
      accountId: this.accountId,
      orderReports: await this.generateOrderStatusReports({}),
      fillReports: await this.generateFillReports({}),
      positionReports: await this.generatePositionStatusReports({}),
      account: toAccountState(this.v.engine.accountState(this.accountId, now), this.venue, 'QUERIED', now),
      tsInit: now,
    };
  }

  onEngineEvent(o: EngineOutput): void {
    const fallback = o.reqId !== undefined ? this.pending.get(o.reqId) : undefined;
    const event = toVenueOrderEvent(o.event, fallback);
    if (event) this.sink?.onOrderEvent(event);
    else if (o.event.event === 'OrderFilled') this.sink?.onFillReport(toFillReport(o.event.fill, this.v.now()));
  }

  onAccountState(): void {
    const now = this.v.now();
    this.sink?.onAccountState?.(toAccountState(this.v.engine.accountState(this.accountId, now), this.venue, 'PUSHED', now));
  }

  private remember(clientOrderId: string | undefined): string {
    const reqId = `BT-${++this.reqSeq}`;
    if (clientOrderId !== undefined) {
      this.pending.set(reqId, clientOrderId);
      // Answers come within the same engine call (or after the latency): old entries are not needed.
      if (this.pending.size > 10_000) this.pending.delete(this.pending.keys().next().value!);
    }
    return reqId;
  }
}

/** Market data to the node's sink for the topics its strategies subscribed to (the venue publishes only those). */
export class BacktestDataClient implements MarketDataClient {
  readonly clientId: string;
  private sink: MarketDataSink | undefined;
  readonly subscribed = new Set<string>();
  constructor(readonly venue: string) {
    this.clientId = venue;
  }
  setSink(sink: MarketDataSink): void {
    this.sink = sink;
  }
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}
  subscribeQuotes(id: string): void { this.subscribed.add(topics.quotes(id)); }
  subscribeTrades(id: string): void { this.subscribed.add(topics.trades(id)); }
  subscribeBars(barType: string): void { this.subscribed.add(topics.bars(barType)); }
  unsubscribeQuotes(id: string): void { this.subscribed.delete(topics.quotes(id)); }
  unsubscribeTrades(id: string): void { this.subscribed.delete(topics.trades(id)); }
  unsubscribeBars(barType: string): void { this.subscribed.delete(topics.bars(barType)); }

  /** Data points delivered to a subscriber, per instrument (a backtest warns about data nobody subscribed to). */
  readonly delivered = new Map<string, number>();

  // true: delivered to a subscriber. One method per kind, and each topic's name made once per instrument: the runner calls these per data point.
  quote(q: QuoteTick): boolean {
    if (this.sink === undefined || !this.subscribed.has(topicOf(this.quoteTopics, q.instrumentId, topics.quotes))) return false;
    this.count(q.instrumentId);
    this.sink.onQuote(q);
    return true;
  }
  trade(t: TradeTick): boolean {
    if (this.sink === undefined || !this.subscribed.has(topicOf(this.tradeTopics, t.instrumentId, topics.trades))) return false;
    this.count(t.instrumentId);
    this.sink.onTrade(t);
    return true;
  }
  bar(b: Bar): boolean {
    if (this.sink === undefined || !this.subscribed.has(topicOf(this.barTopics, b.barType, topics.bars))) return false;
    this.count(b.instrumentId);
    this.sink.onBar(b);
    return true;
  }

  private readonly quoteTopics = new Map<string, string>();
  private readonly tradeTopics = new Map<string, string>();
  private readonly barTopics = new Map<string, string>();

  private count(instrumentId: string): void {
    this.delivered.set(instrumentId, (this.delivered.get(instrumentId) ?? 0) + 1);
  }
}

function topicOf(cache: Map<string, string>, key: string, make: (key: string) => string): string {
  let t = cache.get(key);
  if (t === undefined) cache.set(key, (t = make(key)));
  return t;
}

function ref(c: { instrumentId: string; clientOrderId: string; venueOrderId?: string }): { instrumentId: string; clientOrderId: string; venueOrderId?: string } {
  return { instrumentId: c.instrumentId, clientOrderId: c.clientOrderId, ...(c.venueOrderId ? { venueOrderId: c.venueOrderId } : {}) };
}
