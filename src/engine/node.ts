import { sharedInstruments } from './data/instrument-file.js';
import type { Clock } from './core/clock.js';
import { EngineError } from './core/errors.js';
import { LiveClock } from './core/live-clock.js';
import { JsonLinesLogger, rateLimitedWarn, type Logger, type RateLimitedWarn } from './core/logger.js';
import type { TradingCommand } from './model/commands.js';
import { MessageBus } from './bus/message-bus.js';
import { topics } from './bus/switchboard.js';
import { Cache } from './cache/cache.js';
import type { ConfigChange, ConfigSource } from './config/config-change.js';
import type { ConfigLog } from './config/config-log.js';
import { parseConfig } from './config/parse-config.js';
import { TradingNodeConfigSchema, type TradingNodeConfig, type TradingNodeConfigInput, type VenueConfig } from './config/trading-node-config.js';
import type { ContingentOrderTree } from './execution/order-tree/types.js';
import { ExecutionEngine } from './execution/execution-engine.js';
import { LiveExecutionEngine } from './execution/live/live-execution-engine.js';
import { withClockTimeout } from './execution/live/clock-timeout.js';
import { failedResult } from './execution/live/reconciler.js';
import type { ReconciliationResult, ReconciliationTrigger } from './execution/reconciliation-result.js';
import { InstrumentProvider } from './model/instruments.js';
import type { ExecutionMassStatus } from './model/reports.js';
import { attachPersistence, type PersistenceAttachment } from './persistence/attach.js';
import type { Persistence } from './persistence/persistence.js';
import { JournalPersistence } from './persistence/journal-persistence.js';
import { MemoryPersistence } from './persistence/memory-persistence.js';
import { RiskEngine } from './risk/risk-engine.js';
import { ExternalOrderClaims } from './strategy/claims.js';
import { buildOrderTree } from './execution/order-tree/build.js';
import type { Strategy } from './strategy/strategy.js';
import { StrategyRegistry } from './strategy/strategy-registry.js';
import { MarketDataRouter } from './node/market-data-router.js';
import { sweepForShutdown, type ShutdownDeps } from './node/node-shutdown.js';
import { announceNodeCreated } from './node/node-created.js';
import { NodeStateMachine, type NodeState } from './node/node-state.js';
import { NodeStrategyContext } from './node/strategy-context.js';
import { buildSandboxClients, venueStatus, type VenueClients, type VenueStatus } from './node/venue-clients.js';
import { createConfigLog, revertLiveChange } from './node/live-config.js';
import { JournalSafeState } from './node/journal-safe-state.js';

export interface TradingNodeOptions {
  /** Inject a clock (a TestClock in tests); default: a LiveClock owned by the node. */
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly instruments?: InstrumentProvider;
  /**
   * Told after an unexpected exception stopped the node (with `gracefulShutdownOnException: false`): the
   * host decides what the process does. `keel node run` exits with code 1; a REPL or notebook session
   * says so and lives on. The engine itself never exits the process (a node made in a cell must not
   * end the kernel it runs in); without this the node stops and logs the error.
   */
  readonly onFatal?: (error: unknown) => void;
  /** Where the node journals its state (default: from `config.persistence`); `null`: attach none (benchmarks, throwaway nodes). */
  readonly persistence?: Persistence | null;
  /** Build one venue's clients (default: the sandbox venue's ws clients). */
  readonly clientsFactory?: (venue: VenueConfig, clock: Clock) => VenueClients;
  /** Who a live config change is recorded as made by when its call names no one (a notebook session: 'notebook'). */
  readonly configSource?: ConfigSource;
}

const SEC = (s: number): number => s * 1000;
/** How long reconciliation waits for the venue to answer a quote subscription (the snapshot comes before the answer). */
const QUOTE_SNAPSHOT_WAIT_MS = 2000;

/**
 * The TradingNode: wires bus, cache, risk and execution engines, a client pair per venue and the
 * strategies; `start()` connects (timeout), reconciles (timeout), then starts strategies and schedules
 * the continuous checks; `stop()`/`dispose()` release every timer and socket.
 */
export class TradingNode {
  readonly config: TradingNodeConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly bus: MessageBus;
  readonly cache = new Cache();
  readonly instruments: InstrumentProvider;
  readonly core: ExecutionEngine;
  readonly execEngine: LiveExecutionEngine;
  readonly riskEngine: RiskEngine;
  private readonly fsm = new NodeStateMachine();
  private readonly registry = new StrategyRegistry<Strategy<unknown>>();
  private readonly claims = new ExternalOrderClaims();
  private readonly marketData: MarketDataRouter;
  private readonly venueClients: VenueClients[];
  private readonly configLog: ConfigLog;
  /** The node's own quote subscriptions: instruments a venue holds positions in (kept fresh for reconciliation). */
  private readonly positionQuotes = new Map<string, () => void>();
  private last: ReconciliationResult | undefined;
  private readonly ownsClock: boolean;
  /** Reconciliations run because a venue connection came back. */
  reconnectRuns = 0;
  /** The journal (or memory store) the node writes to; set by `create`. */
  attachment: PersistenceAttachment | undefined;
  private readonly journalSafety: JournalSafeState;
  /** Set while the flatten policy closes positions: the only new orders a STOPPING node lets through. */
  private closingForShutdown = false;
  private readonly warnDenied: RateLimitedWarn;

  private constructor(config: TradingNodeConfig, private readonly options: TradingNodeOptions) {
    this.config = config;
    this.ownsClock = options.clock === undefined;
    this.clock = options.clock ?? new LiveClock();
    this.logger = options.logger ?? new JsonLinesLogger({ clock: this.clock, base: { traderId: config.traderId } });
    this.journalSafety = new JournalSafeState(this.fsm, this.logger);
    this.instruments = options.instruments ?? sharedInstruments();
    this.bus = new MessageBus(this.logger);
    this.configLog = createConfigLog(this.bus, options.configSource);
    this.warnDenied = rateLimitedWarn(this.logger, this.clock);
    this.marketData = new MarketDataRouter(this.bus, this.cache, this.logger);
    this.core = new ExecutionEngine({
      traderId: config.traderId, clock: this.clock, cache: this.cache, bus: this.bus, instruments: this.instruments, logger: this.logger,
      allowOverfills: config.execEngine.allowOverfills,
      // Write-ahead: an order leaves only once its OrderSubmitted is durable (no journal attached: nothing to wait for).
      beforeSend: (orders) => this.attachment?.ensureDurable(orders),
    });
    this.execEngine = new LiveExecutionEngine({
      clock: this.clock, logger: this.logger, config: config.execEngine, core: this.core, cache: this.cache, traderId: config.traderId,
      instruments: this.instruments, claims: () => this.claims.toMap(),
      onFatal: (error, graceful) => this.onFatal(error, graceful),
      onConnectionState: (client, state, info) => this.onConnection(client.venue, state, info),
      configLog: this.configLog,
      beforePlan: (ms) => this.fetchPositionQuotes(ms),
    });
    this.riskEngine = new RiskEngine({
      clock: this.clock, instruments: this.instruments, config: config.riskEngine, logger: this.logger, configLog: this.configLog,
      target: { execute: (c) => this.execEngine.execute(c), denyOrder: (init, reason) => this.core.denyOrder(init, reason) },
      referencePrice: (id, side) => { const q = this.cache.quote(id); return q === undefined ? undefined : side === 'BUY' ? q.ask : q.bid; },
    });
    const factory = options.clientsFactory ?? buildSandboxClients;
    this.venueClients = config.venues.map((v) => factory(v, this.clock));
    for (const c of this.venueClients) {
      this.execEngine.registerClient(c.exec);
      this.marketData.addClient(c.data);
    }
  }

  /** Validate the config (every problem listed) and build the node; nothing connects until `start()`. */
  static async create(config: TradingNodeConfigInput = {}, options: TradingNodeOptions = {}): Promise<TradingNode> {
    const node = new TradingNode(parseConfig(TradingNodeConfigSchema, config, 'TradingNodeConfig'), options);
    // Announced before anything can fail: a node that holds sockets or a journal must be found by its host.
    announceNodeCreated(node);
    // The cache is restored from the journal first: strategies added next continue their id counts from it,
    // and start-up reconciliation compares the venue with it.
    const p = node.config.persistence;
    if (options.persistence !== null) {
      node.attachment = await attachPersistence(node, options.persistence ?? (p.kind === 'journal' ? JournalPersistence.open(p.dir) : new MemoryPersistence()), { gated: true });
      const persistence = node.attachment.persistence;
      persistence.onHealth?.((failure) => node.journalSafety.onHealth(failure));
      if (persistence.failure) node.journalSafety.onHealth(persistence.failure);
      // The audit trail continues across restarts; the journal's last reconciliation stands until start-up replaces it.
      node.configLog.restore(node.attachment.loaded.configChanges);
      node.last = node.attachment.loaded.lastReconciliation;
    }
    return node;
  }

  get state(): NodeState {
    return this.fsm.state;
  }
  /** Why the node is DEGRADED (or why it stopped), in words. */
  get stateReason(): string | undefined {
    return this.fsm.reason;
  }
  get lastReconciliation(): ReconciliationResult | undefined {
    return this.last;
  }
  get configChanges(): readonly ConfigChange[] {
    return this.configLog.changes;
  }
  /**
   * Undo a live change (`node.configChanges` id): its keys go back to their values before it, through the
   * target's own `configure` (validated, audited with source `revert <id>`). Refused when a later change
   * touched the same keys (revert that one first). Returns the new change.
   */
  revert(changeId: string, source?: ConfigSource): ConfigChange {
    this.assertUsable();
    return revertLiveChange(this.configLog, changeId, source, { execEngine: this.execEngine, riskEngine: this.riskEngine, strategy: (id) => this.registry.get(id) });
  }
  get strategies(): readonly Strategy<unknown>[] {
    return this.registry.all();
  }
  /** Each venue's connection status (the REPL's `.venue`). */
  get venues(): VenueStatus[] {
    return this.venueClients.map(venueStatus);
  }
  get traderId(): string {
    return this.config.traderId;
  }
  /**
   * Why the journal cannot make records durable now (disk full, file-size limit, I/O error), else
   * undefined. While set the node is in its safe state: new orders are denied with `JOURNAL_UNWRITABLE`,
   * cancels (and modifies) still go out; it ends by itself once the journal writes again.
   */
  get journalFailure(): EngineError | undefined {
    return this.journalSafety.failure;
  }

  // --- strategies -------------------------------------------------------------------------------------
  /** Add a strategy (tags `000`, `001`... in order added); while running it is started at once. */
  addStrategy<S extends Strategy<unknown>>(strategy: S): S {
    this.assertUsable();
    this.registry.add(strategy);
    try {
      this.core.registerStrategy(strategy.id, { omsType: strategy.omsType });
      strategy.register(this.contextFor(strategy.id));
    } catch (error) {
      this.registry.remove(strategy);
      throw error;
    }
    if (this.state === 'RUNNING' || this.state === 'DEGRADED') strategy.start();
    return strategy;
  }

  /** Remove a strategy; refused while it has open orders unless `cancelOrders` (then they are cancelled first). */
  async removeStrategy(strategy: Strategy<unknown>, options: { cancelOrders?: boolean } = {}): Promise<void> {
    this.assertUsable();
    const open = this.cache.ordersOpen({ strategyId: strategy.id });
    if (open.length > 0 && options.cancelOrders !== true) {
      throw new EngineError('STRATEGY_HAS_OPEN_ORDERS', `removeStrategy(${strategy.id}): expected no open orders (or { cancelOrders: true }), received ${open.length} open`, {
        strategyId: strategy.id, openOrders: open.map((o) => o.clientOrderId),
      });
    }
    if (open.length > 0) {
      strategy.cancelAllOrders();
      await this.waitForNoOpenOrders((o) => o.strategyId === strategy.id, SEC(this.config.timeouts.disconnectionSecs));
    }
    strategy.dispose();
    this.registry.remove(strategy);
  }

  // --- lifecycle --------------------------------------------------------------------------------------
  /** Connect, reconcile, start strategies, schedule checks. Rejects (and strategies stay stopped) when reconciliation fails. */
  async start(): Promise<void> {
    this.assertUsable();
    this.fsm.to('STARTING');
    const t = this.config.timeouts;
    try {
      await withClockTimeout(this.clock, Promise.all(this.venueClients.flatMap((c) => [
        c.exec.connectionState === 'CONNECTED' ? undefined : c.exec.connect(),
        c.data.connectionState === 'CONNECTED' ? undefined : c.data.connect(),
      ])), SEC(t.connectionSecs), 'CONNECT_TIMEOUT', 'connecting to the venues');
    } catch (error) {
      const e = error instanceof EngineError ? error : new EngineError('CONNECT_FAILED', String(error));
      this.fsm.to('DEGRADED', `connection failed: ${e.message}`);
      throw new EngineError('NODE_START_FAILED', `TradingNode.start: expected every venue to connect, received ${e.code}: ${e.message}`, { cause: e.toJSON() });
    }
    this.execEngine.attachToCore();
    if (this.execEngine.config.reconciliation) {
      const result = await this.runReconciliation('STARTUP', SEC(t.reconciliationSecs));
      if (!result.success) {
        const why = result.error?.message ?? `${result.counts.failed} item(s) failed`;
        this.fsm.to('DEGRADED', `start-up reconciliation failed: ${why}; strategies not started`);
        throw new EngineError('RECONCILIATION_FAILED', `TradingNode.start: expected a successful start-up reconciliation, received a failure (${why})`, { result });
      }
    }
    for (const s of this.registry.all()) if (s.state !== 'RUNNING') s.start();
    this.execEngine.startChecks();
    this.fsm.to('RUNNING');
    // Subscriptions made in onStart go out over the socket; once start() resolves their data must flow.
    await this.subscriptionsAnswered(SEC(t.connectionSecs));
  }

  /** Apply the shutdown policy, stop strategies, disconnect, cancel every timer. */
  async stop(): Promise<void> {
    if (this.state === 'STOPPED' || this.state === 'INITIALIZED' || this.state === 'STOPPING') return;
    this.assertUsable();
    this.fsm.to('STOPPING');
    this.execEngine.stopChecks();
    const budget = SEC(this.config.timeouts.disconnectionSecs);
    const connected = this.venueClients.some((c) => c.exec.connectionState === 'CONNECTED');
    if (connected) {
      const settle = () => this.waitForNoOpenOrders(() => true, budget).catch((e: unknown) => this.logger.warn('shutdown: orders still open', { error: String(e) }));
      await sweepForShutdown(this.config.shutdownPolicy, this.shutdownDeps(), settle);
    }
    for (const s of this.registry.all()) if (s.state === 'RUNNING') s.stop();
    await withClockTimeout(this.clock, this.execEngine.whenIdle(), budget, 'STOP_TIMEOUT', 'draining queues').catch(() => undefined);
    await withClockTimeout(this.clock, Promise.allSettled(this.venueClients.flatMap((c) => [c.exec.disconnect(), c.data.disconnect()])), budget, 'DISCONNECT_TIMEOUT', 'disconnecting').catch(() => undefined);
    if (this.ownsClock) this.clock.cancelTimers();
    this.fsm.to('STOPPED');
  }

  /** Stop if needed, then release everything; a disposed node refuses further calls. */
  async dispose(): Promise<void> {
    if (this.state === 'DISPOSED') return;
    await this.stop();
    for (const s of [...this.registry.all()]) if (s.state !== 'DISPOSED') s.dispose();
    for (const unsubscribe of this.positionQuotes.values()) unsubscribe();
    this.positionQuotes.clear();
    this.execEngine.dispose();
    await this.attachment?.close();
    this.fsm.to('DISPOSED');
  }

  /** Reconcile now (trigger 'MANUAL') → the result, also kept as `lastReconciliation`. */
  async reconcile(): Promise<ReconciliationResult> {
    this.assertUsable();
    return this.runReconciliation('MANUAL', SEC(this.config.timeouts.reconciliationSecs));
  }

  orderTree(orderListIdOrClientOrderId: string): ContingentOrderTree {
    return buildOrderTree(this.cache, orderListIdOrClientOrderId);
  }

  // --- internals --------------------------------------------------------------------------------------
  /**
   * Before planning a venue's mass status: subscribe to the quotes of the instruments it holds positions in
   * (the venue answers with its latest quote first) and wait, bounded on the clock, for that answer, so the
   * planner prices alignment fills from a real quote. Never fails the reconciliation: without a quote the
   * planner falls back to its other prices.
   */
  private async fetchPositionQuotes(ms: ExecutionMassStatus): Promise<void> {
    const data = this.venueClients.find((c) => c.venue === ms.venue)?.data;
    let subscribed = false;
    for (const r of ms.positionReports) {
      if (r.signedQty.isZero() || this.positionQuotes.has(r.instrumentId)) continue;
      this.positionQuotes.set(r.instrumentId, this.marketData.subscribe('quotes', r.instrumentId, () => {}));
      subscribed = true;
    }
    if (!subscribed || data?.whenSubscribed === undefined) return;
    await withClockTimeout(this.clock, data.whenSubscribed(), QUOTE_SNAPSHOT_WAIT_MS, 'QUOTE_SNAPSHOT_TIMEOUT', 'quote snapshots before reconciliation')
      .catch((e: unknown) => this.logger.warn('reconciliation: no quote snapshot in time; planning without it', { venue: ms.venue, error: String(e) }));
  }

  /** Wait (bounded, on the clock) until every venue has answered the market data subscriptions sent so far. */
  private async subscriptionsAnswered(timeoutMs: number): Promise<void> {
    const waits = this.venueClients.map((c) => c.data.whenSubscribed?.()).filter((p) => p !== undefined);
    if (waits.length === 0) return;
    await withClockTimeout(this.clock, Promise.all(waits), timeoutMs, 'SUBSCRIBE_TIMEOUT', 'market data subscriptions')
      .catch((e: unknown) => this.logger.warn('market data subscriptions not answered in time', { error: String(e) }));
  }

  private async runReconciliation(trigger: ReconciliationTrigger, timeoutMs: number): Promise<ReconciliationResult> {
    const started = this.clock.timestampNs();
    let result: ReconciliationResult;
    try {
      result = await withClockTimeout(this.clock, this.execEngine.reconcile(trigger), timeoutMs, 'RECONCILIATION_TIMEOUT', 'reconciliation');
    } catch (error) {
      const e = error instanceof EngineError ? error : new EngineError('RECONCILIATION_ERROR', String(error));
      result = failedResult(trigger, this.venueClients.map((c) => c.venue), started, Number((this.clock.timestampNs() - started) / 1_000_000n), e.code, e.message);
    }
    this.last = result;
    this.bus.publish(topics.reconciliation, result);
    return result;
  }

  private onConnection(venue: string, state: string, info?: { reconnected?: boolean; reason?: string }): void {
    this.bus.publish(topics.connection, { venue, state, ...info });
    if (state !== 'CONNECTED' || info?.reconnected !== true) return;
    if (this.state !== 'RUNNING' && this.state !== 'DEGRADED') return;
    this.reconnectRuns += 1;
    const client = this.execEngine.client(venue);
    void this.execEngine.reconcile('RECONNECT', client ? [client] : undefined).then((r) => {
      this.last = r;
      this.bus.publish(topics.reconciliation, r);
    }, (e: unknown) => this.logger.error('reconnect reconciliation failed', { venue, error: String(e) }));
  }

  /** What the shutdown policy acts through: cancels via each running strategy, closes via its owner. */
  private shutdownDeps(): ShutdownDeps {
    return {
      cache: this.cache, clock: this.clock, logger: this.logger, traderId: this.traderId, execute: (c) => this.execEngine.execute(c),
      closePosition: (p) => {
        const s = this.registry.get(p.strategyId);
        if (s?.state !== 'RUNNING') return false;
        // The flatten policy's closing orders are the one kind of new order a stopping node sends.
        this.closingForShutdown = true;
        try {
          return s.closePosition(p) !== undefined;
        } finally {
          this.closingForShutdown = false;
        }
      },
      cancelThroughStrategy: (o) => { const s = this.registry.get(o.strategyId); return s?.state === 'RUNNING' && s.isRegistered ? (s.cancelForShutdown(o), true) : false; },
    };
  }

  /**
   * Wait (on the clock) until the cancels/closes sent have been answered: the command queue is drained
   * and no matching order is in flight. An order whose cancel the venue refused is open, but answered.
   */
  private async waitForNoOpenOrders(match: (o: { strategyId: string }) => boolean, timeoutMs: number): Promise<void> {
    const work = (async (): Promise<void> => {
      await this.execEngine.commandQueue.whenIdle();
      const settled = (): boolean => !this.cache.ordersInflight().some(match);
      if (settled()) return;
      let unsubscribe = (): void => {};
      await new Promise<void>((resolve) => {
        unsubscribe = this.bus.subscribe(topics.allOrderEvents, () => { if (settled()) resolve(); }, { prefix: true });
      }).finally(() => unsubscribe());
    })();
    return withClockTimeout(this.clock, work, timeoutMs, 'SHUTDOWN_TIMEOUT', 'waiting for orders to close');
  }

  private contextFor(strategyId: string): NodeStrategyContext {
    return new NodeStrategyContext({
      traderId: this.traderId, clock: this.clock, cache: this.cache, bus: this.bus, instruments: this.instruments, claims: this.claims,
      log: this.logger, marketData: this.marketData,
      execute: (c) => this.executeUnlessUnjournaled(c),
      applyLocal: (e) => this.core.process(e),
      venueOmsType: (id) => this.execEngine.clientFor(id)?.omsType ?? 'UNSPECIFIED',
      setStrategyOmsType: (id, oms) => this.core.setStrategyOms(id, oms),
      configLog: this.configLog,
    });
    void strategyId;
  }

  /** A strategy's command: new orders are denied while the journal cannot write; everything else goes on. */
  private executeUnlessUnjournaled(command: TradingCommand): void {
    const refusal = this.newOrderRefusal(command);
    if (refusal === undefined) return this.riskEngine.execute(command);
    const inits = command.type === 'SubmitOrder' ? [command.order] : command.type === 'SubmitOrderList' ? command.orders : [];
    for (const init of inits) this.core.denyOrder(init, refusal);
    if (refusal.startsWith('JOURNAL_UNWRITABLE')) {
      this.warnDenied('journal-denied', 'order denied: the journal cannot write (safe state)', { code: 'JOURNAL_UNWRITABLE', strategyId: command.strategyId, orders: inits.length });
    }
  }

  /** Why a new order may not go out now (undefined: it may; cancels and modifies always may). */
  private newOrderRefusal(command: TradingCommand): string | undefined {
    if (command.type !== 'SubmitOrder' && command.type !== 'SubmitOrderList') return undefined;
    // A strategy still reacting while the shutdown policy cancels must not open what the sweep missed.
    if (this.state === 'STOPPING' && !this.closingForShutdown) return 'NODE_STOPPING: expected a running node for a new order, received one that is stopping';
    const failure = this.journalSafety.failure;
    return failure ? `JOURNAL_UNWRITABLE: expected a journal that can write before a new order, received ${failure.message}` : undefined;
  }

  private onFatal(error: unknown, graceful: boolean): void {
    const stop = (): Promise<void> => this.stop().catch((e: unknown) => this.logger.error('stop after a fatal error failed', { error: String(e) }));
    if (graceful) return void stop();
    // The node must not go on trading in an unknown state: it stops; what the process does is the host's.
    this.logger.error('the node stopped after an unexpected error', { error: error instanceof Error ? error.message : String(error) });
    void stop().then(() => this.options.onFatal?.(error));
  }

  private assertUsable(): void {
    if (this.state === 'DISPOSED') {
      throw new EngineError('NODE_DISPOSED', 'TradingNode: expected a node that is not disposed, received a call after dispose()', {});
    }
  }
}
