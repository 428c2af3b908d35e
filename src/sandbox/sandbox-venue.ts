import { sharedInstruments } from '../engine/data/instrument-file.js';
import { z } from 'zod';
import type { Clock } from '../engine/core/clock.js';
import { Decimal, type Price, type Quantity } from '../engine/core/decimal.js';
import { EngineError } from '../engine/core/errors.js';
import type { MarketData } from '../engine/model/market-data.js';
import { LockstepFeed } from '../engine/data/lockstep-feed.js';
import { type FeedConfig, type MarketFeed, createFeed, parseFeedConfig } from '../engine/data/feed.js';
import { InstrumentProvider } from '../engine/model/instruments.js';
import { type EngineOutput, MatchingEngine } from './matching-engine.js';
import type { ClientFrameOf } from '../engine/venue/sandbox/protocol/messages.js';
import type { AccountConfig } from './venue-account.js';
import { type ExternalOrderInput, QuoteSchema, type SeedOrderInput, type SeedPositionInput, VenueControls, parseControl } from './venue-controls.js';
import { type Fault, FaultSchema } from './venue-faults.js';
import { VenueServer } from './venue-server.js';
import { LiveClock } from '../engine/core/live-clock.js';

/**
 * The sandbox venue: a matching engine behind a WebSocket server, with controls for tests and demos.
 * `SandboxVenue.start({ port: 0, ... })` in-process, or `keel venue` as its own process.
 */
const Dec = z.union([z.string(), z.number(), z.instanceof(Decimal)]).transform((v) => (v instanceof Decimal ? v.toString() : String(v)));

export const SandboxVenueOptionsSchema = z.object({
  port: z.number().int().min(0).max(65535).default(0),
  host: z.string().default('127.0.0.1'),
  /** Instrument ids the venue lists (default: the built-in ones and those of ../shared/data). */
  instruments: z.array(z.string()).optional(),
  omsType: z.enum(['NETTING', 'HEDGING']).default('NETTING'),
  accounts: z
    .array(
      z.object({
        apiKey: z.string().min(1),
        apiSecret: z.string().min(1),
        accountId: z.string().optional(),
        omsType: z.enum(['NETTING', 'HEDGING']).optional(),
        balances: z.record(z.string(), Dec).default({ USD: '1000000', USDT: '1000000' }),
        /** CASH spends only what it has; MARGIN (the default) borrows up to its leverage. */
        accountType: z.enum(['CASH', 'MARGIN']).optional(),
        /** MARGIN: the default leverage, and per instrument id. */
        defaultLeverage: z.number().positive().max(1000).optional(),
        leverage: z.record(z.string(), z.number().positive().max(1000)).optional(),
        /** MARGIN: maintenance margin as a fraction of initial margin (default 0.5). */
        maintenanceRate: Dec.optional(),
      }),
    )
    .default([{ apiKey: 'k', apiSecret: 's', balances: { USD: '1000000', USDT: '1000000' } }]),
  /** The admin channel's key: a session logged in with it may send `control` frames. */
  admin: z.object({ apiKey: z.string().min(1), apiSecret: z.string().min(1) }).optional(),
  feed: z.union([z.array(z.unknown()), z.unknown()]).optional(),
  clock: z.custom<Clock>((v) => typeof v === 'object' && v !== null && 'timestampNs' in v).optional(),
  instrumentProvider: z.instanceof(InstrumentProvider).optional(),
});
export type SandboxVenueOptions = z.input<typeof SandboxVenueOptionsSchema>;

const EXPIRY_ALERT = 'venue-expiry';
const StepSchema = z.object({ max: z.number().int().positive().max(1_000_000).default(1) }).strict();
const AdjustBalanceSchema = z.object({ accountId: z.string().min(1), currency: z.string().min(1).max(16), amount: z.string().regex(/^-?\d+(\.\d+)?$/) });

export class SandboxVenue {
  readonly engine: MatchingEngine;
  readonly controls: VenueControls;
  private readonly server: VenueServer;
  private readonly feeds: MarketFeed[] = [];
  private running = false;

  private constructor(
    private readonly clock: Clock,
    engine: MatchingEngine,
    accounts: AccountConfig[],
    opts: z.output<typeof SandboxVenueOptionsSchema>,
    private readonly feedConfigs: FeedConfig[],
  ) {
    this.engine = engine;
    this.server = new VenueServer(engine, clock, {
      host: opts.host,
      port: opts.port,
      accounts,
      ...(opts.admin ? { admin: opts.admin } : {}),
      control: (action, params) => this.control(action, params),
      afterEngine: () => this.armExpiry(),
    });
    this.controls = new VenueControls({
      engine,
      faults: this.server.faults,
      now: () => this.clock.timestampNs(),
      deliver: (outputs) => this.deliver(outputs),
      publishQuote: (id, q) => this.publishQuote(id, q),
      disconnectClients: () => this.server.disconnectClients(),
    });
  }

  static async start(options: SandboxVenueOptions = {}): Promise<SandboxVenue> {
    const r = SandboxVenueOptionsSchema.safeParse(options);
    if (!r.success) {
      const issues = r.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`).join('; ');
      throw new EngineError('VENUE_OPTIONS_INVALID', `SandboxVenue.start: expected valid options, received ${issues}`, { issues: r.error.issues.map((i) => i.message) });
    }
    const opts = r.data;
    const all = opts.instrumentProvider ?? sharedInstruments();
    const provider = opts.instruments ? new InstrumentProvider(opts.instruments.map((id) => all.get(id))) : all;
    const accounts: AccountConfig[] = opts.accounts.map((a, i) => ({
      accountId: a.accountId ?? `SIM-${String(i + 1).padStart(3, '0')}`,
      apiKey: a.apiKey,
      apiSecret: a.apiSecret,
      omsType: a.omsType ?? opts.omsType,
      balances: a.balances,
      ...(a.accountType !== undefined ? { accountType: a.accountType } : {}),
      ...(a.defaultLeverage !== undefined ? { defaultLeverage: a.defaultLeverage } : {}),
      ...(a.leverage !== undefined ? { leverage: a.leverage } : {}),
      ...(a.maintenanceRate !== undefined ? { maintenanceRate: a.maintenanceRate } : {}),
    }));
    const feedInput = opts.feed === undefined ? [] : Array.isArray(opts.feed) ? opts.feed : [opts.feed];
    const feeds = feedInput.map((f) => parseFeedConfig(f));
    const clock = opts.clock ?? new LiveClock();
    const venue = new SandboxVenue(clock, new MatchingEngine(provider, accounts), accounts, opts, feeds);
    await venue.open(opts.port);
    return venue;
  }

  get url(): string {
    return this.server.url;
  }
  get port(): number {
    return this.server.port;
  }

  /** Malformed frames, connections, frames in/out, and the faults in force. */
  stats() {
    return { ...this.server.stats, malformedByCode: { ...this.server.stats.malformedByCode }, subscriptions: this.server.subscriptionCount(), loginsThrottled: this.server.loginThrottle.throttled, faults: this.server.faults.describe(), matchedOrders: this.engine.matchedCount };
  }

  /** Close every connection and listen again on the same port; orders, fills, positions and quotes are kept. */
  async restart(): Promise<void> {
    const port = this.server.port;
    await this.close();
    await this.open(port);
  }

  async stop(): Promise<void> {
    await this.close();
    this.clock.cancelTimer(EXPIRY_ALERT);
  }

  private async open(port: number): Promise<void> {
    await this.server.listen(port);
    this.running = true;
    for (const config of this.feedConfigs) {
      const feed = createFeed(config, this.clock, this.engine.instruments);
      this.feeds.push(feed);
      feed.start((d) => this.onMarketData(d));
    }
    this.armExpiry();
  }

  private async close(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const f of this.feeds.splice(0)) f.stop();
    await this.server.close();
  }

  private deliver(outputs: readonly EngineOutput[]): void {
    this.server.dispatch(outputs);
    this.armExpiry();
  }

  /** One alert at the earliest GTD/DAY expiry of any open order. */
  private armExpiry(): void {
    const next = this.engine.nextExpiry();
    if (next === undefined) return this.clock.cancelTimer(EXPIRY_ALERT);
    if (this.clock.nextTimeNs(EXPIRY_ALERT) === next) return;
    this.clock.setTimeAlert(EXPIRY_ALERT, next, (e) => {
      const now = this.clock.timestampNs();
      this.deliver(this.engine.advanceTime(now > e.tsEvent ? now : e.tsEvent));
    });
  }

  /**
   * Lockstep feeds: emit points until one reaches a session (published to a subscriber, or it caused
   * order events), `max` points, or the end. The admin asks again once its node has dealt with it.
   */
  step(max = 1): { emitted: number; activity: boolean; done: boolean; tsEvent?: string; fills: number; published: number } {
    const feeds = this.feeds.filter((f): f is LockstepFeed => f instanceof LockstepFeed);
    if (feeds.length === 0) throw new EngineError('VENUE_CONTROL_INVALID', 'step: expected a venue with a lockstep feed ({ kind: "replay", lockstep: true }), received one without', {});
    let emitted = 0;
    let activity = false;
    let last: MarketData | undefined;
    while (emitted < max && !activity) {
      const feed = feeds.find((f) => !f.done);
      const before = this.activity;
      const d = feed?.step();
      if (d === undefined) {
        if (feeds.every((f) => f.done)) break;
        continue;
      }
      emitted += 1;
      last = d;
      activity = this.activity !== before;
    }
    return { emitted, activity, done: feeds.every((f) => f.done), ...(last ? { tsEvent: last.tsEvent.toString() } : {}), fills: this.engine.store.fills.length, published: this.published };
  }

  /** Counts market data that reached a session or caused order events (what `step` waits for). */
  private activity = 0;
  /** Market data frames sent to sessions since start (a lockstep admin waits until its node has seen them all). */
  private published = 0;

  private onMarketData(d: MarketData): void {
    if ('bid' in d) {
      // A zero size in recorded data means "not recorded": unlimited, as for a quote without sizes.
      const q = { bid: d.bid, ask: d.ask, ...(d.bidSize.isPositive() ? { bidSize: d.bidSize } : {}), ...(d.askSize.isPositive() ? { askSize: d.askSize } : {}) };
      if (this.engine.instruments.find(d.instrumentId)) {
        const outputs = this.engine.setQuote(d.instrumentId, q, d.tsEvent);
        if (outputs.length > 0) this.activity++;
        this.deliver(outputs);
      }
      this.publishQuote(d.instrumentId, q, d.tsEvent);
    } else if ('aggressorSide' in d) {
      this.noteSent(this.server.publish(`trades:${d.instrumentId}`, {
        type: 'trade',
        instrumentId: d.instrumentId,
        price: d.price.toString(),
        size: d.size.toString(),
        aggressorSide: d.aggressorSide,
        tradeId: d.tradeId,
        tsEvent: d.tsEvent.toString(),
      }));
    } else {
      this.noteSent(this.server.publish(`bars:${d.barType}`, {
        type: 'bar',
        barType: d.barType,
        instrumentId: d.instrumentId,
        open: d.open.toString(),
        high: d.high.toString(),
        low: d.low.toString(),
        close: d.close.toString(),
        volume: d.volume.toString(),
        tsEvent: d.tsEvent.toString(),
      }));
    }
  }

  private noteSent(sessions: number): void {
    this.activity += sessions;
    this.published += sessions;
  }

  private publishQuote(instrumentId: string, q: { bid: Price; ask: Price; bidSize?: Quantity; askSize?: Quantity }, ts = this.clock.timestampNs()): void {
    this.noteSent(this.server.publish(`quotes:${instrumentId}`, {
      type: 'quote',
      instrumentId,
      bid: q.bid.toString(),
      ask: q.ask.toString(),
      bidSize: q.bidSize?.toString() ?? '0',
      askSize: q.askSize?.toString() ?? '0',
      tsEvent: ts.toString(),
    }));
  }

  /**
   * Deposit (positive) or withdraw (negative) with no trade: the account's sessions get its new state.
   * A withdrawal beyond the balance is refused (a venue never goes below zero by hand).
   */
  adjustBalance(accountId: string, currency: string, amount: string | Decimal): { accountId: string; currency: string; total: string } {
    const account = this.engine.account(accountId);
    const delta = Decimal.from(amount);
    const after = (account.balances.get(currency) ?? Decimal.zero()).add(delta);
    if (after.isNegative()) {
      throw new EngineError('VENUE_CONTROL_INVALID', `adjustBalance: expected a withdrawal of at most ${(account.balances.get(currency) ?? Decimal.zero()).toString()} ${currency}, received ${delta.neg().toString()}`, { accountId, currency });
    }
    account.credit(currency, delta);
    this.server.pushAccountState(accountId);
    return { accountId, currency, total: after.toString() };
  }

  /** The admin channel: the same operations as `controls`, with JSON arguments. */
  private control(action: ClientFrameOf<'control'>['action'], params: unknown): unknown {
    switch (action) {
      case 'seedOrder':
        return this.controls.seedOrder(params as SeedOrderInput);
      case 'seedPosition':
        return this.controls.seedPosition(params as SeedPositionInput);
      case 'setQuote': {
        const p = parseControl(QuoteSchema.extend({ instrumentId: z.string() }), params, 'setQuote');
        return this.controls.setQuote(p.instrumentId, p);
      }
      case 'placeExternalOrder':
        return this.controls.placeExternalOrder(params as ExternalOrderInput);
      case 'fault':
        return this.controls.fault(parseControl(FaultSchema, params, 'fault') as Fault);
      case 'clearFaults':
        return this.controls.clearFaults();
      case 'restart':
        // After the answer has gone out: restarting closes the admin's own connection too.
        this.clock.setTimeAlert('venue-admin-restart', this.clock.timestampNs(), () => void this.restart());
        return { restarting: true };
      case 'stats':
        return this.stats();
      case 'step':
        return this.step(parseControl(StepSchema, params ?? {}, 'step').max);
      case 'adjustBalance': {
        const p = parseControl(AdjustBalanceSchema, params, 'adjustBalance');
        return this.adjustBalance(p.accountId, p.currency, p.amount);
      }
    }
  }
}
