import type { AccountState } from '../../model/events.js';
import type { Clock } from '../../core/clock.js';
import { EngineError, isEngineError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ConfigAudit, ConfigChange, ConfigSource } from '../../config/config-change.js';
import type { LiveConfig } from '../../config/live-config.js';
import type { LiveExecEngineConfig } from '../../config/live-exec-engine-config.js';
import type { Cache } from '../../cache/cache.js';
import type { TradingCommand } from '../../model/commands.js';
import { splitInstrumentId } from '../../model/instruments.js';
import type { ExecutionMassStatus, FillReport, OrderStatusReport } from '../../model/reports.js';
import type { ConnectionState, ExecutionClient, ExecutionClientSink, VenueOrderEvent } from '../client.js';
import type { InstrumentLookup } from '../reconciliation/index.js';
import type { ReconciliationResult, ReconciliationTrigger } from '../reconciliation-result.js';
import { BoundedQueue, type Scheduler } from './bounded-queue.js';
import { buildChecks, type LiveChecks } from './check-hosts.js';
import { CheckScheduler } from './check-scheduler.js';
import { staleCommand } from './command-guard.js';
import { withClockTimeout } from './clock-timeout.js';
import { execLiveConfig } from './exec-config.js';
import { HeldCommands } from './held-commands.js';
import type { ExecEngineCore } from './exec-core.js';
import { Reconciler, massOfFills, type ReconcilerDeps } from './reconciler.js';
import { checkVenueReport } from '../venue-event-check.js';

/** What enters the event queue: venue events and runtime reports, in the order the venue sent them. */
export type LiveEventItem =
  | { readonly kind: 'event'; readonly venue: string; readonly event: VenueOrderEvent }
  | { readonly kind: 'report'; readonly venue: string; readonly report: OrderStatusReport }
  | { readonly kind: 'fill'; readonly venue: string; readonly report: FillReport }
  /** In the queue with the order events: a state is applied after the fills the venue sent before it. */
  | { readonly kind: 'account'; readonly venue: string; readonly state: AccountState };

export interface LiveExecutionEngineOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: LiveExecEngineConfig;
  readonly core: ExecEngineCore;
  readonly cache: Cache;
  readonly traderId: string;
  readonly instruments: InstrumentLookup;
  /** instrumentId → strategyId of `externalOrderClaims`. */
  readonly claims: () => ReadonlyMap<string, string>;
  /** An unexpected exception in queue processing (`graceful` = config.gracefulShutdownOnException). */
  readonly onFatal?: (error: unknown, graceful: boolean) => void;
  /** An account state, in stream order with the venue's order events. */
  readonly onAccountState?: (state: AccountState) => void;
  /** Reconciliation's account rows (see `ReconcilerDeps.reconcileAccount`). */
  readonly reconcileAccount?: ReconcilerDeps['reconcileAccount'];
  readonly onConnectionState?: (client: ExecutionClient, state: ConnectionState, info?: { reconnected?: boolean; reason?: string }) => void;
  /** The node's audit log of live config changes (none: changes are made but not recorded). */
  readonly configLog?: ConfigAudit;
  /** Before each venue's mass status is planned (the node fetches quotes there; see `ReconcilerDeps.beforePlan`). */
  readonly beforePlan?: (massStatus: ExecutionMassStatus) => Promise<void>;
  /** How queue drains are scheduled (default: microtask). */
  readonly schedule?: Scheduler;
}

/** How long runtime follow-up queries (fills of a report, an unknown order's status) may take. */
const FOLLOW_UP_TIMEOUT_MS = 5_000;

/**
 * The live execution engine (live-execution.md §1, §4, §5): two bounded FIFO queues in front of the
 * execution engine (commands out, venue events in), start-up and on-demand reconciliation applied
 * directly, the continuous checks, and the live config with its audit.
 */
export class LiveExecutionEngine {
  readonly commandQueue: BoundedQueue<TradingCommand>;
  readonly eventQueue: BoundedQueue<LiveEventItem>;
  readonly reconciler: Reconciler;
  readonly checks: LiveChecks;
  private readonly cfg: LiveConfig<LiveExecEngineConfig>;
  private readonly scheduler: CheckScheduler;
  private readonly clientsByVenue = new Map<string, ExecutionClient>();
  private disposed = false;
  /** Commands waiting behind a submit that waits for its store's acknowledgement (Redis). */
  private readonly held = new HeldCommands((error, command) => this.onProcessingError(error, command.type));
  /** Processing errors that were logged and survived (EngineErrors: a refused event, an unknown order). */
  processingErrors = 0;

  constructor(private readonly o: LiveExecutionEngineOptions) {
    this.cfg = execLiveConfig(o.config, o.configLog ? { clock: o.clock, audit: o.configLog } : undefined, {
      queued: () => Math.max(this.commandQueue.size, this.eventQueue.size),
      apply: (before, next, change) => this.applyConfig(before, next, change),
    });
    const onError = (error: unknown, what: string): void => this.onProcessingError(error, what);
    this.commandQueue = new BoundedQueue<TradingCommand>({
      name: 'command', capacity: o.config.qsize, clock: o.clock, logger: o.logger, handler: (c) => this.route(c),
      onError: (e, c) => onError(e, c.type), keyOf: (c) => ('clientOrderId' in c ? c.clientOrderId : undefined), ...(o.schedule ? { schedule: o.schedule } : {}),
    });
    this.eventQueue = new BoundedQueue<LiveEventItem>({
      name: 'event', capacity: o.config.qsize, clock: o.clock, logger: o.logger, handler: (item) => this.processItem(item),
      onError: (e, item) => onError(e, item.kind), keyOf: (item) => this.keyOf(item), ...(o.schedule ? { schedule: o.schedule } : {}),
    });
    this.reconciler = new Reconciler({
      clock: o.clock, logger: o.logger, traderId: o.traderId, view: o.cache, instruments: o.instruments, target: o.core,
      claims: o.claims, config: () => this.cfg.current, ...(o.beforePlan ? { beforePlan: o.beforePlan } : {}),
      inflightOrders: (venue) => o.cache.ordersInflight().filter((order) => splitInstrumentId(order.instrumentId).venue === venue),
      pendingInstruments: () => this.pendingInstruments(),
      ...(o.reconcileAccount ? { reconcileAccount: o.reconcileAccount } : {}),
    });
    this.checks = buildChecks({
      cache: o.cache, clock: o.clock, logger: o.logger,
      config: () => this.cfg.current,
      clientFor: (instrumentId) => this.clientFor(instrumentId),
      isQueued: (id) => this.isPending(id),
      enqueueReport: (venue, report) => { this.eventQueue.push({ kind: 'report', venue, report }); },
      applyEvent: (event) => o.core.applyEvent(event),
      reconcileMassStatus: (client, massStatus) => this.reconciler.reconcileMassStatus(client, massStatus, 'RUNTIME'),
    });
    this.scheduler = new CheckScheduler(o.clock, o.logger, {
      inflight: () => this.checks.inflight.run(),
      openOrders: async () => { for (const c of this.checks.openOrders.values()) await c.run(); },
      positions: async () => { for (const c of this.checks.positions.values()) await c.run(); },
    }, () => this.cfg.current);
  }

  /** The current config (readonly; a new object after each change). */
  get config(): LiveExecEngineConfig {
    return this.cfg.current;
  }

  get clients(): readonly ExecutionClient[] {
    return [...this.clientsByVenue.values()];
  }

  client(venue: string): ExecutionClient | undefined {
    return this.clientsByVenue.get(venue);
  }

  /** The client that trades an instrument (by its venue suffix). */
  clientFor(instrumentId: string): ExecutionClient | undefined {
    return this.clientsByVenue.get(splitInstrumentId(instrumentId).venue);
  }

  /**
   * Take a venue's client: the live engine is its one owner and installs its one sink, here and only here
   * (the event queue, in front of the core's handlers).
   */
  registerClient(client: ExecutionClient): void {
    if (this.clientsByVenue.has(client.venue)) {
      throw new EngineError('CLIENT_DUPLICATE', `expected one execution client per venue, received a second for '${client.venue}'`, { venue: client.venue });
    }
    this.clientsByVenue.set(client.venue, client);
    this.checks.addVenue(client);
    client.setSink(this.sinkFor(client));
  }

  /**
   * Hand the (connected) clients to the core for routing, with the venue's OMS, which is known only
   * after login. The sink stays the live engine's.
   */
  attachToCore(): void {
    for (const client of this.clientsByVenue.values()) {
      if (this.o.core.client(client.venue) === undefined) this.o.core.registerClient(client);
    }
  }

  /** The config as a `LiveConfig` (what `node.revert` applies an undo through). */
  get liveConfig(): LiveConfig<LiveExecEngineConfig> {
    return this.cfg;
  }

  /**
   * Change the config while running: the whole new config is validated first, `qsize` below what is
   * queued is refused, then it applies atomically (checks read it from their next tick). Returns the
   * change, also recorded in the node's audit log.
   */
  configure(partial: Partial<LiveExecEngineConfig>, source?: ConfigSource): ConfigChange {
    this.assertLive();
    return this.cfg.change(partial, source);
  }

  private applyConfig(before: LiveExecEngineConfig, next: LiveExecEngineConfig, change: ConfigChange): void {
    if (change.changes.some((c) => c.key === 'qsize')) {
      this.commandQueue.resize(next.qsize);
      this.eventQueue.resize(next.qsize);
    }
    if ('allowOverfills' in this.o.core) this.o.core.allowOverfills = next.allowOverfills;
    this.scheduler.reconfigure(before, next);
  }

  /** Enqueue a command for its venue (never blocks, never drops). */
  execute(command: TradingCommand): void {
    this.assertLive();
    this.commandQueue.push(command);
  }

  /** Run reconciliation now against every client (or the given ones). */
  reconcile(trigger: ReconciliationTrigger, clients: readonly ExecutionClient[] = this.clients): Promise<ReconciliationResult> {
    this.assertLive();
    return this.reconciler.run(clients, trigger);
  }

  startChecks(): void {
    this.scheduler.start();
  }

  stopChecks(): void {
    this.scheduler.stop();
  }

  get checksArmed(): boolean {
    return this.scheduler.isArmed;
  }

  /** Both queues empty with no follow-up work: `whenIdle()` would resolve at once (a backtest skips the await). */
  get isIdle(): boolean {
    return this.commandQueue.size === 0 && this.eventQueue.size === 0 && this.followUps === 0 && this.held.size === 0;
  }

  /** Resolves when both queues are empty (and their follow-up work is done). */
  async whenIdle(): Promise<void> {
    for (let i = 0; i < 1000 && (this.commandQueue.size > 0 || this.eventQueue.size > 0 || this.followUps > 0 || this.held.size > 0); i++) {
      await this.commandQueue.whenIdle();
      if (this.held.size > 0) await this.held.settled();
      await this.eventQueue.whenIdle();
      if (this.followUps > 0) await new Promise<void>((r) => this.followUpWaiters.push(r));
    }
  }

  dispose(): void {
    this.scheduler.stop();
    this.disposed = true;
  }

  /**
   * The command queue's handler. A command for an order whose submit waits for Redis's acknowledgement
   * waits behind it (`held`); the queue goes on with other orders.
   */
  private route(command: TradingCommand): void {
    this.held.run(command, this.dispatchCommand);
  }

  /** Stale cancels/modifies are dropped here, the rest go to the core engine (a promise: a held submit). */
  private readonly dispatchCommand = (command: TradingCommand): void | Promise<void> => {
    const stale = staleCommand(command, (id) => this.o.cache.order(id));
    if (stale === undefined) return this.o.core.execute(command);
    this.o.logger.warn(`${command.type} for ${stale.clientOrderId} dropped: ${stale.reason} (status ${stale.status})`, {
      command: command.type, clientOrderId: stale.clientOrderId, status: stale.status,
    });
  };

  /** Whether a command for this order is queued or held (the checks leave such an order alone). */
  private isPending(clientOrderId: string): boolean {
    return this.eventQueue.holds(clientOrderId) || this.commandQueue.holds(clientOrderId) || this.held.holds(clientOrderId);
  }

  /**
   * Instruments with venue events received and not applied yet: queued, or held by a runtime follow-up
   * in progress. Reconciliation defers position differences in them (the stream may explain them).
   */
  pendingInstruments(): Set<string> {
    const out = new Set<string>(this.followUpInstruments.keys());
    for (const item of this.eventQueue.pending()) if (item.kind !== 'account') out.add(item.kind === 'event' ? item.event.instrumentId : item.report.instrumentId);
    return out;
  }

  // --- the event queue --------------------------------------------------------------------------------
  private followUps = 0;
  private readonly followUpInstruments = new Map<string, number>();
  private followUpWaiters: Array<() => void> = [];

  private sinkFor(client: ExecutionClient): ExecutionClientSink {
    const venue = client.venue;
    return {
      onOrderEvent: (event) => { this.eventQueue.push({ kind: 'event', venue, event }); },
      onOrderStatusReport: (report) => { this.eventQueue.push({ kind: 'report', venue, report }); },
      onFillReport: (report) => { this.eventQueue.push({ kind: 'fill', venue, report }); },
      onPositionStatusReport: (report) => { this.o.logger.debug('position report', { venue, instrumentId: report.instrumentId, signedQty: report.signedQty.toString() }); },
      onAccountState: (state) => { this.eventQueue.push({ kind: 'account', venue, state }); },
      onConnectionState: (state, info) => { this.o.onConnectionState?.(client, state, info); },
      onMalformed: (detail) => { this.o.logger.warn('malformed venue message', { venue, reason: detail.reason }); },
      whenReady: () => (this.eventQueue.full ? this.eventQueue.whenSpace() : undefined),
    };
  }

  private keyOf(item: LiveEventItem): string | undefined {
    if (item.kind === 'event') return item.event.clientOrderId;
    if (item.kind === 'account') return undefined;
    return item.report.clientOrderId ?? this.o.cache.clientOrderIdFor(item.report.venueOrderId);
  }

  private processItem(item: LiveEventItem): void {
    const { cache } = this.o;
    switch (item.kind) {
      case 'account':
        return this.o.onAccountState?.(item.state);
      case 'event': {
        const e = item.event;
        const known = cache.order(e.clientOrderId) ?? (e.venueOrderId !== undefined ? cache.orderByVenueOrderId(e.venueOrderId) : undefined);
        if (known === undefined && e.type === 'OrderFilled') return this.followUp(item.venue, e.instrumentId, () => this.chaseFill(item.venue, fillReportOf(e)));
        if (known === undefined) {
          this.o.logger.warn('event for an unknown order: asking the venue', { clientOrderId: e.clientOrderId, type: e.type });
          if (e.venueOrderId !== undefined) this.followUp(item.venue, e.instrumentId, () => this.chaseFill(item.venue, undefined, e.venueOrderId));
          return;
        }
        this.o.core.processVenueEvent(known.clientOrderId === e.clientOrderId ? e : { ...e, clientOrderId: known.clientOrderId });
        return;
      }
      case 'report': {
        const r = item.report;
        const order = r.clientOrderId !== undefined ? cache.order(r.clientOrderId) : cache.orderByVenueOrderId(r.venueOrderId);
        if (order !== undefined) this.checks.inflight.onReport(order.clientOrderId);
        const problem = order !== undefined && this.o.core.venueCheckContext !== undefined
          ? checkVenueReport(r, this.o.core.venueCheckContext(order, r.venueOrderId)) : undefined;
        if (problem !== undefined) return this.o.core.refuseVenueMessage?.(order!, problem, { query: false });
        if (order !== undefined && r.filledQty.lte(order.filledQty)) {
          this.logResult(this.reconciler.applyReport(item.venue, r, []));
          return;
        }
        // The venue has fills keel has not seen: fetch them first, so real trade ids are used (no inferred fill twice).
        this.followUp(item.venue, r.instrumentId, async () => {
          const client = this.client(item.venue);
          const fills = client ? await withClockTimeout(this.o.clock, client.generateFillReports({ venueOrderId: r.venueOrderId }), FOLLOW_UP_TIMEOUT_MS, 'VENUE_QUERY_TIMEOUT', 'fill reports') : [];
          this.logResult(this.reconciler.applyReport(item.venue, r, fills));
        });
        return;
      }
      case 'fill': {
        const f = item.report;
        const order = f.clientOrderId !== undefined ? cache.order(f.clientOrderId) : cache.orderByVenueOrderId(f.venueOrderId);
        if (order === undefined) return this.followUp(item.venue, f.instrumentId, () => this.chaseFill(item.venue, f));
        if (order.hasTradeId(f.tradeId)) return;
        this.followUp(item.venue, f.instrumentId, async () => {
          this.logResult(await this.reconciler.reconcileMassStatus(this.client(item.venue)!, massOfFills(item.venue, order.accountId ?? f.accountId, [f], this.o.clock.timestampNs()), 'RUNTIME'));
        });
        return;
      }
    }
  }

  /** Hold the event queue (order kept) while async follow-up work for one item runs. */
  private followUp(venue: string, instrumentId: string, work: () => Promise<void>): void {
    this.eventQueue.pause();
    this.followUps += 1;
    this.followUpInstruments.set(instrumentId, (this.followUpInstruments.get(instrumentId) ?? 0) + 1);
    work()
      .catch((error: unknown) => this.o.logger.error('runtime reconciliation follow-up failed', { venue, error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        this.followUps -= 1;
        const left = (this.followUpInstruments.get(instrumentId) ?? 1) - 1;
        if (left <= 0) this.followUpInstruments.delete(instrumentId);
        else this.followUpInstruments.set(instrumentId, left);
        this.eventQueue.resume();
        if (this.followUps === 0) for (const w of this.followUpWaiters.splice(0)) w();
      });
  }

  private async chaseFill(venue: string, fill: FillReport | undefined, venueOrderId = fill?.venueOrderId): Promise<void> {
    const client = this.client(venue);
    if (client === undefined || venueOrderId === undefined) return;
    const fills = fill ? [fill] : [];
    const r = await withClockTimeout(this.o.clock, this.reconciler.chaseUnknownOrder(client, venueOrderId, fills, 'RUNTIME'), FOLLOW_UP_TIMEOUT_MS, 'VENUE_QUERY_TIMEOUT', 'order status');
    if (r !== undefined) this.logResult(r);
  }

  private logResult(r: ReconciliationResult): void {
    if (!r.success) this.o.logger.warn('runtime reconciliation failed', { items: r.items.filter((i) => i.outcome === 'FAILED').map((i) => `${i.key}: ${i.reason ?? ''}`) });
  }

  private onProcessingError(error: unknown, what: string): void {
    if (isEngineError(error)) {
      // A refused event or a wiring problem of one message: logged, the engine goes on.
      this.processingErrors += 1;
      this.o.logger.error(`processing ${what} failed`, { code: error.code, error: error.message });
      return;
    }
    this.o.logger.error(`unexpected exception processing ${what}`, { error: error instanceof Error ? error.stack ?? error.message : String(error) });
    this.o.onFatal?.(error, this.cfg.current.gracefulShutdownOnException);
  }

  private assertLive(): void {
    if (this.disposed) throw new EngineError('ENGINE_DISPOSED', 'LiveExecutionEngine: expected a live engine, received a call after dispose()', {});
  }
}

function fillReportOf(e: Extract<VenueOrderEvent, { type: 'OrderFilled' }>): FillReport {
  return {
    reportId: `event:${e.tradeId}`, accountId: e.accountId ?? '', instrumentId: e.instrumentId, venueOrderId: e.venueOrderId, clientOrderId: e.clientOrderId,
    tradeId: e.tradeId, side: e.side, lastQty: e.lastQty, lastPx: e.lastPx, commission: e.commission, liquiditySide: e.liquiditySide, tsEvent: e.tsEvent, tsInit: e.tsEvent,
  };
}
