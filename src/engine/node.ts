import { sharedInstruments } from './data/instrument-file.js';
import type { Clock } from './core/clock.js';
import { EngineError } from './core/errors.js';
import { LiveClock } from './core/live-clock.js';
import { JsonLinesLogger, type Logger } from './core/logger.js';
import { MessageBus } from './bus/message-bus.js';
import { topics } from './bus/switchboard.js';
import { Cache } from './cache/cache.js';
import type { ConfigChange, ConfigSource } from './config/config-change.js';
import type { ConfigLog } from './config/config-log.js';
import { parseConfig } from './config/parse-config.js';
import { TradingNodeConfigSchema, type TradingNodeConfig, type TradingNodeConfigInput } from './config/trading-node-config.js';
import { openPersistence } from './node/open-persistence.js';
import type { ContingentOrderTree } from './execution/order-tree/types.js';
import { ExecutionEngine } from './execution/execution-engine.js';
import { LiveExecutionEngine } from './execution/live/live-execution-engine.js';
import { ReconciliationService } from './execution/live/reconciliation-service.js';
import type { ReconciliationResult } from './execution/reconciliation-result.js';
import { InstrumentProvider } from './model/instruments.js';
import { attachPersistence, type PersistenceAttachment } from './persistence/attach.js';
import { RiskEngine } from './risk/risk-engine.js';
import { ExternalOrderClaims } from './strategy/claims.js';
import { buildOrderTree } from './execution/order-tree/build.js';
import type { Strategy } from './strategy/strategy.js';
import { StrategyRegistry } from './strategy/strategy-registry.js';
import { MarketDataRouter } from './node/market-data-router.js';
import { NodeLifecycle, SEC } from './node/node-lifecycle.js';
import { announceNodeCreated, onNodeCreated } from './node/node-created.js';
import type { NodeState } from './node/node-state.js';
import { NodeStrategyContext } from './node/strategy-context.js';
import { AccountTracker, buildSandboxClients, venueStatus, type AccountState, type VenueClients, type VenueStatus } from './node/venue-clients.js';
import { createConfigLog, revertLiveChange } from './node/live-config.js';
import type { TradingNodeOptions } from './node/node-options.js';
import { stopOnFatal } from './node/fatal-policy.js';
import { NodeStrategies } from './node/node-strategies.js';
import { netOf, type TradingState } from './risk/trading-state.js';
import { wirePortfolio, type Portfolio } from './node/node-portfolio.js';

export type { TradingNodeOptions };

/**
 * The TradingNode: wires bus, cache, risk and execution engines, a client pair per venue, the
 * reconciliation service and the strategies; start/stop choreography is `NodeLifecycle`'s.
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
  readonly portfolio: Portfolio; // net positions, PnL, exposure, the day's PnL (portfolio/; wired in node/node-portfolio.ts)
  /** Each venue's account state as the venue reports it, and the anomalies seen in it. */ readonly accounts: AccountTracker;
  private readonly registry = new StrategyRegistry<Strategy<unknown>>();
  private readonly claims = new ExternalOrderClaims();
  private readonly marketData: MarketDataRouter;
  private readonly venueClients: VenueClients[];
  private readonly configLog: ConfigLog;
  private readonly reconciliation: ReconciliationService;
  private readonly lifecycle: NodeLifecycle;
  private readonly strategyHost: NodeStrategies;
  /** The journal (or memory store) the node writes to; set by `create`. */
  attachment: PersistenceAttachment | undefined;

  private constructor(config: TradingNodeConfig, options: TradingNodeOptions) {
    this.config = config;
    this.clock = options.clock ?? new LiveClock();
    this.logger = options.logger ?? new JsonLinesLogger({ clock: this.clock, base: { traderId: config.traderId } });
    this.instruments = options.instruments ?? sharedInstruments();
    this.bus = new MessageBus(this.logger);
    this.configLog = createConfigLog(this.bus, options.configSource);
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
      onFatal: (error, graceful) => stopOnFatal(error, graceful, () => this.stop(), this.logger, options.onFatal),
      onConnectionState: (client, state, info) => {
        this.bus.publish(topics.connection, { venue: client.venue, state, ...info });
        this.reconciliation.onConnection(client.venue, state, info);
      },
      configLog: this.configLog,
      beforePlan: (ms) => this.reconciliation.beforePlan(ms), onAccountState: (state) => this.accounts.onState(state), reconcileAccount: (ms, t) => this.accounts.reconcile(ms, t),
    });
    this.riskEngine = new RiskEngine({
      clock: this.clock, instruments: this.instruments, config: config.riskEngine, logger: this.logger, configLog: this.configLog, account: (v) => this.cache.account(v),
      target: { execute: (c) => this.execEngine.execute(c), denyOrder: (init, reason) => this.core.denyOrder(init, reason) },
      referencePrice: (id, side) => { const q = this.cache.quote(id); return q === undefined ? undefined : side === 'BUY' ? q.ask : q.bid; },
      netPosition: (id) => netOf(this.cache.positionsOpen({ instrumentId: id })),
    });
    this.portfolio = wirePortfolio({ cache: this.cache, bus: this.bus, clock: this.clock, logger: this.logger, marketData: this.marketData, riskEngine: this.riskEngine, instruments: this.instruments, enabled: options.portfolio }).portfolio;
    const factory = options.clientsFactory ?? buildSandboxClients;
    this.venueClients = config.venues.map((v) => factory(v, this.clock));
    this.accounts = new AccountTracker({ cache: this.cache, bus: this.bus, logger: this.logger, client: (v) => this.venueClients.find((c) => c.venue === v)?.exec });
    for (const c of this.venueClients) {
      this.execEngine.registerClient(c.exec);
      this.marketData.addClient(c.data);
    }
    this.reconciliation = new ReconciliationService({
      clock: this.clock, logger: this.logger, venues: this.venueClients, timeoutMs: SEC(config.timeouts.reconciliationSecs),
      reconcile: (trigger, clients) => this.execEngine.reconcile(trigger, clients),
      subscribeQuotes: (id) => this.marketData.subscribe('quotes', id, () => {}),
      trading: () => this.lifecycle.trading,
      onResult: (r) => this.bus.publish(topics.reconciliation, r),
    });
    this.lifecycle = new NodeLifecycle({
      clock: this.clock, ownsClock: options.clock === undefined, logger: this.logger, bus: this.bus, cache: this.cache, traderId: config.traderId, config,
      venueClients: this.venueClients, execEngine: this.execEngine, reconciliation: this.reconciliation, closePersistence: () => this.attachment?.close(),
      forward: (c) => this.riskEngine.execute(c), deny: (init, reason) => this.core.denyOrder(init, reason),
      strategies: () => this.registry.all(), strategy: (id) => this.registry.get(id),
    });
    this.strategyHost = new NodeStrategies({
      registry: this.registry, cache: this.cache, trading: () => this.lifecycle.trading,
      clock: this.clock, audit: this.configLog, claims: this.claims,
      attach: (s, previous) => {
        this.core.registerStrategy(s.id, { omsType: s.omsType });
        if (previous) s.takeOverFrom(this.strategyContext(), previous);
        else s.register(this.strategyContext());
      },
      settle: (match) => this.lifecycle.settleOrders(match, SEC(this.config.timeouts.disconnectionSecs)),
    });
  }
  /** A host (a REPL or notebook session) hears of every node `create` builds in this process; returns the unsubscribe. */
  static onCreated<N = TradingNode>(listener: (node: N) => void): () => void { return onNodeCreated(listener); }
  /** Validate the config (every problem listed) and build the node; nothing connects until `start()`. */
  static async create(config: TradingNodeConfigInput = {}, options: TradingNodeOptions = {}): Promise<TradingNode> {
    const node = new TradingNode(parseConfig(TradingNodeConfigSchema, config, 'TradingNodeConfig'), options);
    // Announced before anything can fail: a node that holds sockets or a journal must be found by its host.
    announceNodeCreated(node);
    // The cache is restored from the journal first: strategies added next continue their id counts from it,
    // and start-up reconciliation compares the venue with it.
    const p = node.config.persistence;
    if (options.persistence !== null) {
      node.attachment = await attachPersistence(node, options.persistence ?? (await openPersistence(p, node.config.traderId)), { gated: true });
      node.lifecycle.journal.watch(node.attachment.persistence);
      // The audit trail continues across restarts; the journal's last reconciliation stands until start-up replaces it.
      node.configLog.restore(node.attachment.loaded.configChanges);
      node.reconciliation.restore(node.attachment.loaded.lastReconciliation);
    }
    return node;
  }

  get state(): NodeState { return this.lifecycle.state; }
  /** Why the node is DEGRADED (or why it stopped), in words. */
  get stateReason(): string | undefined { return this.lifecycle.reason; }
  /** The start-up one, or the latest (manual, reconnect); before start, the journal's. */
  get lastReconciliation(): ReconciliationResult | undefined { return this.reconciliation.lastResult; }
  /** Reconciliations run because a venue connection came back. */
  get reconnectRuns(): number { return this.reconciliation.reconnectRuns; }
  get configChanges(): readonly ConfigChange[] { return this.configLog.changes; }
  /**
   * Undo a live change (`node.configChanges` id): its keys go back to their values before it, through the
   * target's own `configure` (validated, audited with source `revert <id>`). Refused when a later change
   * touched the same keys (revert that one first). Returns the new change.
   */
  revert(changeId: string, source?: ConfigSource): ConfigChange {
    this.assertUsable();
    return revertLiveChange(this.configLog, changeId, source, {
      execEngine: this.execEngine, riskEngine: this.riskEngine, strategy: (id) => this.registry.get(id), code: (c, by) => this.strategyHost.revertSwap(c, by),
    });
  }
  get strategies(): readonly Strategy<unknown>[] { return this.registry.all(); }
  /** Each venue's connection status (the REPL's `.venue`). */
  get venues(): VenueStatus[] { return this.venueClients.map(venueStatus); }
  get traderId(): string { return this.config.traderId; }
  /** Why the journal cannot make records durable now (disk full, file-size limit, I/O error), else undefined. While set the node is in its safe
   * state: new orders are denied with `JOURNAL_UNWRITABLE`, cancels (and modifies) still go out; it ends by itself once the journal writes again. */
  get journalFailure(): EngineError | undefined { return this.lifecycle.journal.failure; }

  /** Add a strategy (tags `000`, `001`... in order added); while running it is started at once. */
  addStrategy<S extends Strategy<unknown>>(strategy: S): S { this.assertUsable(); return this.strategyHost.add(strategy); }

  /**
   * Hot swap: `next` (a new object with the same strategyId; the tag is taken over) replaces the RUNNING
   * strategy `id` keeping its orders, positions and contingent links (no cancel): old `onStop`, old
   * `onHandOver()` → new `onTakeOver(state)`, new `onStart`. Audited (`code` of `strategy:<id>`), revertible.
   */
  replaceStrategy(id: string, next: Strategy<unknown>, source?: ConfigSource): ConfigChange { this.assertUsable(); return this.strategyHost.replace(id, next, source); }

  /** Remove a strategy; refused while it has open orders unless `cancelOrders` (then they are cancelled first). */
  async removeStrategy(strategy: Strategy<unknown>, options: { cancelOrders?: boolean } = {}): Promise<void> { this.assertUsable(); await this.strategyHost.remove(strategy, options); }
  /** Connect, reconcile, start strategies, schedule checks. Rejects (and strategies stay stopped) when reconciliation fails. */
  start(): Promise<void> { return this.lifecycle.start(); }
  /** Apply the shutdown policy, stop strategies, disconnect, cancel every timer (no-op unless started). */
  stop(): Promise<void> { return this.lifecycle.stop(); }
  /** Stop if needed, then release everything; a disposed node refuses further calls. */
  dispose(): Promise<void> { return this.lifecycle.dispose(); }
  /** Reconcile now (trigger 'MANUAL') → the result, also kept as `lastReconciliation`. */
  async reconcile(): Promise<ReconciliationResult> { this.assertUsable(); return this.reconciliation.run('MANUAL'); }
  /** The risk engine's trading state (each move audited, revertible): halt → HALTED, reduceOnly → REDUCING, resume → ACTIVE. */
  get tradingState(): TradingState { return this.riskEngine.tradingState; }
  halt(reason?: string, source?: ConfigSource): ConfigChange { this.assertUsable(); return this.riskEngine.setTradingState('HALTED', reason, source); }
  reduceOnly(reason?: string, source?: ConfigSource): ConfigChange { this.assertUsable(); return this.riskEngine.setTradingState('REDUCING', reason, source); }
  resume(source?: ConfigSource): ConfigChange { this.assertUsable(); return this.riskEngine.setTradingState('ACTIVE', undefined, source); }
  orderTree(orderListIdOrClientOrderId: string): ContingentOrderTree { return buildOrderTree(this.cache, orderListIdOrClientOrderId); }
  /** The venue's latest account state (no venue: the first venue's), as the venue reported it. */ account(venue?: string): AccountState | undefined { return this.cache.account(venue); }

  /** What a strategy reaches of the node (its commands pass the new-order gate). */
  private strategyContext(): NodeStrategyContext {
    return new NodeStrategyContext({
      traderId: this.traderId, clock: this.clock, cache: this.cache, bus: this.bus, instruments: this.instruments, claims: this.claims,
      log: this.logger, marketData: this.marketData,
      execute: (c) => this.lifecycle.gate.execute(c),
      applyLocal: (e) => this.core.process(e),
      venueOmsType: (id) => this.execEngine.clientFor(id)?.omsType ?? 'UNSPECIFIED',
      setStrategyOmsType: (id, oms) => this.core.setStrategyOms(id, oms),
      configLog: this.configLog, portfolio: this.portfolio,
    });
  }

  private assertUsable(): void { this.lifecycle.assertUsable(); }
}
