/**
 * One live session: an embedded sandbox venue replaying the real BTC perpetual bars (unless given a
 * venue), a `TradingNode` connected to it, the evaluator with the session's objects in scope, and the
 * history of cells. Shared by the terminal REPL and the Jupyter kernel.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as keel from '../engine/index.js';
import { EmaCrossBracket, TradingNode, type ConfigSource, type Logger } from '../engine/index.js';
import { SandboxVenue } from '../sandbox/index.js';
import { display } from './display/index.js';
import { createEvaluator } from './eval/index.js';
import type { CellResult, Evaluator } from './eval/index.js';
import { createLive, type Live, type LiveNode } from './live/index.js';
import { promoteFor } from './promote/index.js';
import { SANDBOX_DEMO_ACCOUNT, SANDBOX_DEMO_INSTRUMENT, defaultFeed } from './sandbox-defaults.js';
import { CellHistory, type CellRecord } from './session/cell-history.js';
import { SHUTDOWN_POLICIES, type SessionNode, type ShutdownPolicy } from './session/live-node.js';
import { SessionLog } from './session/session-log.js';
import { until } from './session/until.js';
import { riskUsageOf } from './session/risk-usage.js';
import { watchCircuitBreaker } from './session/trading-notice.js';
import { portfolioEquity, type PortfolioEquityNode } from './live/portfolio-equity.js';
import { IsolatedNode, type NodeStrategySource } from './session/isolated-node.js';
import { checkOverride, configuredPolicy, strengthenBeforeStop } from './session/stop-policy.js';
import { buildStopReport, type CellNodeStopReport, type StopReport } from './session/stop-report.js';

export type { CellRecord } from './session/cell-history.js';
export type { ShutdownPolicy, SessionNode } from './session/live-node.js';
export { SHUTDOWN_POLICIES } from './session/live-node.js';
export { describeStopReport, type CellNodeStopReport, type StopReport } from './session/stop-report.js';
export { SessionLog, formatLogLine, type SessionLogEntry } from './session/session-log.js';
export type { NodeStrategySource } from './session/isolated-node.js';

/** Where the session's node runs: in the session's process ('inline', the default) or its own ('process'). */
export type Isolation = 'inline' | 'process';
export const ISOLATIONS: readonly Isolation[] = ['inline', 'process'];

export const DEMO_INSTRUMENT = SANDBOX_DEMO_INSTRUMENT;
/** Bars per second of wall time is speed / 60: 600 gives ten one-minute bars a second, so an EMA cross has signals within seconds. */
export const DEFAULT_REPLAY_SPEED = 600;
const DEMO_KEY = SANDBOX_DEMO_ACCOUNT.apiKey;
const DEMO_SECRET = SANDBOX_DEMO_ACCOUNT.apiSecret;

export interface DemoStrategy {
  /** Its name in scope. */
  readonly name: string;
  readonly cls: typeof EmaCrossBracket;
}

/** What the session hands the node factory. */
export interface NodeOptions {
  readonly logger: Logger;
  readonly configSource?: ConfigSource;
}

export interface SessionOptions {
  /** Connect to this venue instead of starting an embedded one; the session then never stops it. */
  readonly venue?: SandboxVenue;
  /** Credentials for a given venue (the embedded one has its own demo account). */
  readonly apiKey?: string;
  readonly apiSecret?: string;
  /** Replay speed of the embedded venue's BTC bars (× real time; default 600). */
  readonly replaySpeed?: number;
  /** What stopping the session does to working orders and positions (default 'cancel' for the sandbox). */
  readonly shutdownPolicy?: ShutdownPolicy;
  readonly traderId?: string;
  /** Initial LiveExecEngineConfig overrides. */
  readonly execEngine?: Readonly<Record<string, unknown>>;
  /** Defaults to a new `createEvaluator({ cwd })`. */
  readonly evaluator?: Evaluator;
  readonly cwd?: string;
  /** Who a live config change made in a cell is recorded as made by: the front end ('repl', 'notebook'); default 'user'. */
  readonly configSource?: ConfigSource;
  /** How the node is made (default `TradingNode.create`); tests hand in a stub. */
  readonly createNode?: (config: Record<string, unknown>, options: NodeOptions) => Promise<SessionNode>;
  /** Extra names put in scope. */
  readonly globals?: Readonly<Record<string, unknown>>;
  /**
   * 'process': the node runs in its own process (`keel node run` on a temp folder) and `node` in scope is
   * attached to it, so a blocking cell never delays it; it cancels its orders if the session dies
   * (unless `detach()`ed). 'inline': the node shares the cells' event loop (a busy cell delays it).
   * Default 'process', or 'inline' when `createNode` is given (the caller makes the node in this process).
   */
  readonly isolation?: Isolation;
  /** Process mode only: strategies the node's folder starts with (cell strategies travel by `addStrategy`). */
  readonly nodeStrategies?: readonly NodeStrategySource[];
}

export interface Session {
  readonly node: SessionNode;
  readonly venue: SandboxVenue;
  /** Evaluates cells and records each in `history`. */
  readonly evaluator: Evaluator;
  readonly history: readonly CellRecord[];
  /** The names the session put in scope (node, venue, keel, Strategy, live, promote, display, the demo strategy, ...). */
  readonly globals: Readonly<Record<string, unknown>>;
  /** Live views of the session's node (`live.orders()` in a cell); stopped with the session. */
  readonly live: Live;
  /** The example strategy in scope (EMA cross with brackets on the BTC bars). */
  readonly demoStrategy: DemoStrategy;
  /** The node's log: recent entries, and warnings/errors handed to `log.sink` (the front end sets it). */
  readonly log: SessionLog;
  readonly shutdownPolicy: ShutdownPolicy;
  /** Whether this session started the venue (and so stops it). */
  readonly ownsVenue: boolean;
  /** Milliseconds from `createSession` to a started node. */
  readonly startupMs: number;
  /** Nodes the session's cells created (`TradingNode.create` in a cell), not yet stopped by `stop()`. */
  readonly cellNodes: readonly SessionNode[];
  /** True once `stop()` has finished. */
  readonly stopped: boolean;
  readonly isolation: Isolation;
  /**
   * Process mode: leave the node running without the session (no shutdown policy is applied, now or when
   * the session ends) and say how to re-attach (`keel attach URL`). Inline: refused (SESSION_NOT_ISOLATED).
   */
  detach(): Promise<{ url: string; dir: string; command: string }>;
  /** The source of the newest successful cell that declared `name` (for promotion). */
  sourceOf(name: string): string | undefined;
  /**
   * Stop the node by its shutdown policy, then the embedded venue; says what it did. Idempotent. A
   * `policy` stronger than the node's (cancel over leave, flatten over cancel) is applied first; a
   * weaker one is refused (`SESSION_STOP_POLICY_WEAKER`). Every node a cell created is stopped too,
   * each by its own shutdown policy (the override applies to the session's node only).
   */
  stop(policy?: ShutdownPolicy): Promise<StopReport>;
}

export async function createSession(options: SessionOptions = {}): Promise<Session> {
  const started = performance.now();
  const policy = options.shutdownPolicy ?? 'cancel';
  if (!SHUTDOWN_POLICIES.includes(policy)) {
    throw new keel.EngineError('SESSION_OPTIONS_INVALID', `shutdownPolicy: expected one of ${SHUTDOWN_POLICIES.join(', ')}, received ${String(policy)}`, { received: policy });
  }
  const isolation = options.isolation ?? (options.createNode ? 'inline' : 'process');
  if (!ISOLATIONS.includes(isolation)) {
    throw new keel.EngineError('SESSION_OPTIONS_INVALID', `isolation: expected one of ${ISOLATIONS.join(', ')}, received ${String(isolation)}`, { received: isolation });
  }
  const ownsVenue = options.venue === undefined;
  const venue = options.venue ?? (await startDemoVenue(options.replaySpeed ?? DEFAULT_REPLAY_SPEED));
  const log = new SessionLog();
  let node: SessionNode;
  try {
    const config = {
      traderId: options.traderId ?? 'TRADER-001',
      venues: [{ venue: 'SIM', url: venue.url, apiKey: options.apiKey ?? DEMO_KEY, apiSecret: options.apiSecret ?? DEMO_SECRET }],
      execEngine: { ...(options.execEngine ?? {}) },
      persistence: { kind: 'memory' },
      shutdownPolicy: policy,
    };
    const create = options.createNode
      ?? (isolation === 'process'
        ? async (c: Record<string, unknown>, o: NodeOptions) => new IsolatedNode({ config: c, ...(o.configSource ? { auditAs: o.configSource } : {}), ...(options.nodeStrategies ? { strategies: options.nodeStrategies } : {}) })
        : defaultCreateNode);
    node = await create(config, { logger: log, ...(options.configSource ? { configSource: options.configSource } : {}) });
    await node.start();
  } catch (error) {
    if (ownsVenue) await venue.stop();
    throw error;
  }
  const startupMs = performance.now() - started;

  const demoStrategy: DemoStrategy = { name: 'EmaCrossBracket', cls: EmaCrossBracket };
  const history = new CellHistory();
  const inner = options.evaluator ?? createEvaluator(options.cwd !== undefined ? { cwd: options.cwd } : {});
  // A node a cell creates is the session's to stop: the cell's async context (its awaits, its timers,
  // the callbacks it registers) says which creations came from this session's cells.
  const inCell = new AsyncLocalStorage<true>();
  const cellNodes = new Set<SessionNode>();
  const stopListening = TradingNode.onCreated<SessionNode>((made) => {
    if (inCell.getStore() === true && made !== node) cellNodes.add(made);
  });
  const evaluator = recordingEvaluator(inner, history, inCell);

  let stopping: Promise<StopReport> | null = null;
  let stopped = false;
  const live = createLive(node as unknown as LiveNode);
  // A local node's breaker logs through `log` itself; a node in its own process is heard through its mirror.
  const stopNotices = node instanceof IsolatedNode ? watchCircuitBreaker(node.bus, log) : () => undefined;
  // equity() draws the portfolio (marked to market) rather than realized PnL from fills, when there is one.
  const equitySource = (node as PortfolioEquityNode).portfolio ? portfolioEquity(node as PortfolioEquityNode) : undefined;
  if (equitySource) live.charts.setEquityProvider(equitySource);
  // Filled in below: `session` itself is one of the names in scope.
  const globals: Record<string, unknown> = {};
  // An isolated node ships strategy classes from the cells they were written in.
  if (node instanceof IsolatedNode) node.useSession({ get history() { return history.entries; }, globals });
  const session: Session = {
    node,
    venue,
    evaluator,
    get history() {
      return history.entries;
    },
    globals,
    live,
    demoStrategy,
    log,
    shutdownPolicy: policy,
    ownsVenue,
    startupMs,
    get cellNodes() {
      return [...cellNodes];
    },
    get stopped() {
      return stopped;
    },
    sourceOf: (name) => history.sourceOf(name),
    isolation,
    async detach() {
      if (!(node instanceof IsolatedNode)) {
        throw new keel.EngineError('SESSION_NOT_ISOLATED', "detach(): expected a session with isolation: 'process', received one whose node runs in this process (it ends with the session)", { isolation });
      }
      const how = await node.detach();
      process.stderr.write(`keel: detached; the node keeps running (folder ${how.dir}). Re-attach with: ${how.command}\n`);
      return how;
    },
    stop(override) {
      if (stopping) return stopping;
      const configured = configuredPolicy(node, policy);
      const requested = override ?? configured;
      checkOverride(configured, requested);
      stopListening();
      stopNotices();
      equitySource?.stop();
      live.stopAll();
      // A node the user already disposed in a cell has nothing left to stop.
      const running = [...cellNodes].filter((n) => (n as { state?: unknown }).state !== 'DISPOSED');
      stopping = stopSession(node, running, venue, ownsVenue, configured, requested);
      return stopping.finally(() => {
        cellNodes.clear();
        stopped = true;
      });
    },
  };
  Object.assign(globals, {
    node,
    venue,
    keel,
    Strategy: keel.Strategy,
    live,
    // chart('BTCUSDT-PERP.SIM') / equity(): pictures of the node, rich in notebooks, text in the REPL.
    chart: live.charts.chart,
    equity: live.charts.equity,
    // riskUsageOf(node): the trading state and each limit's usage, from a local node or the mirror.
    riskUsageOf,
    // promote(strategy, { dir? }): the strategy's cells come from this session's history.
    promote: promoteFor(session),
    until,
    display,
    session,
    [demoStrategy.name]: demoStrategy.cls,
    ...(options.globals ?? {}),
  });
  Object.freeze(globals);
  for (const [name, value] of Object.entries(globals)) inner.setGlobal(name, value);
  return session;
}

/** The real node; typed against SessionNode so a change in the public API shows here at compile time. */
async function defaultCreateNode(config: Record<string, unknown>, options: NodeOptions): Promise<SessionNode> {
  const node: SessionNode = await TradingNode.create(config, options);
  return node;
}

function startDemoVenue(speed: number): Promise<SandboxVenue> {
  return SandboxVenue.start({
    port: 0,
    instruments: [DEMO_INSTRUMENT],
    omsType: 'NETTING',
    accounts: [{ ...SANDBOX_DEMO_ACCOUNT, balances: { ...SANDBOX_DEMO_ACCOUNT.balances } }],
    feed: defaultFeed(speed),
  });
}

/** Every cell goes into the history, failed ones too (with no declared names), so indexes match what the user saw. */
function recordingEvaluator(inner: Evaluator, history: CellHistory, inCell: AsyncLocalStorage<true>): Evaluator {
  return {
    async evaluate(code, options): Promise<CellResult> {
      history.begin(code);
      try {
        const result = await inCell.run(true, () => inner.evaluate(code, options));
        history.record(code, result.declared, true);
        return result;
      } catch (error) {
        history.record(code, [], false);
        throw error;
      }
    },
    isComplete: (code) => inner.isComplete(code),
    complete: (code, pos) => inner.complete(code, pos),
    inspect: (code, pos) => inner.inspect(code, pos),
    setGlobal: (name, value) => inner.setGlobal(name, value),
    getGlobal: (name) => inner.getGlobal(name),
  };
}

/** How long a stronger policy than the node's waits for its cancels before the node stops. */
const OVERRIDE_WAIT_MS = 10_000;

async function stopSession(node: SessionNode, cellNodes: readonly SessionNode[], venue: SandboxVenue, ownsVenue: boolean, configured: ShutdownPolicy, policy: ShutdownPolicy): Promise<StopReport> {
  // The cells' nodes stop alongside the session's own (each applies its own policy over its own sockets).
  const [own, ...cells] = await Promise.all([
    stopNode(node, () => strengthenBeforeStop(node, configured, policy, OVERRIDE_WAIT_MS)),
    ...cellNodes.map((n) => stopNode(n, async () => {})),
  ]);
  if (ownsVenue) await venue.stop();
  const cellReports: CellNodeStopReport[] = cells.map((c, i) => {
    const n = cellNodes[i]!;
    const { kind: _kind, venueStopped: _venue, ...rest } = buildStopReport({ ...c!, policy: configuredPolicy(n, 'leave'), venueStopped: false });
    return { nodeId: String((n as unknown as { config?: { traderId?: unknown } }).config?.traderId ?? `node-${i + 1}`), ...rest };
  });
  return {
    ...buildStopReport({ ...own!, policy, venueStopped: ownsVenue }),
    ...(cellReports.length > 0 ? { cellNodes: cellReports } : {}),
  };
}

interface NodeStopOutcome {
  readonly ordersBefore: StopReportOrders;
  readonly ordersAfter: StopReportOrders;
  readonly positionsBefore: StopReportPositions;
  readonly positionsAfter: StopReportPositions;
  readonly error?: string;
}
type StopReportOrders = { clientOrderId: string; status: string; isOpen: boolean }[];
type StopReportPositions = { id: string; isOpen: boolean; quantity: string }[];

/** Stop one node (its `stop()` applies its policy), dispose it, and say what was open before and after. */
async function stopNode(node: SessionNode, beforeStop: () => Promise<void>): Promise<NodeStopOutcome> {
  const snapshot = () => ({
    orders: node.cache.orders().map((o) => ({ clientOrderId: o.clientOrderId, status: String(o.status), isOpen: Boolean(o.isOpen) })),
    positions: node.cache.positions().map((p) => ({ id: String(p.id), isOpen: Boolean(p.isOpen), quantity: String(p.quantity) })),
  });
  const before = snapshot();
  let error: string | undefined;
  try {
    await beforeStop();
    await node.stop();
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const after = snapshot();
  try {
    await node.dispose();
  } catch (e) {
    error ??= e instanceof Error ? e.message : String(e);
  }
  return {
    ordersBefore: before.orders,
    ordersAfter: after.orders,
    positionsBefore: before.positions,
    positionsAfter: after.positions,
    ...(error !== undefined ? { error } : {}),
  };
}
