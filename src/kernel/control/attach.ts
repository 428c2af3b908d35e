/**
 * `attach(url, { keyId, secret })`: a deployed node seen from another process. Reads come from a local
 * mirror (orders, positions, configs, config changes, the last reconciliation) that the node's event
 * stream keeps current, so `node.cache.orders()` stays synchronous; commands travel to the node and
 * resolve with its answer, and a refusal rejects with an `EngineError` of the node's code.
 */
import WebSocket from 'ws';
import { EngineError, LiveClock, type ConfigChange, type ConfigKeyInfo, type ErrorCode, type Portfolios, type ReconciliationResult } from '../../engine/index.js';
import { ERROR_CODES } from '../../engine/core/error-codes.js';
import { newNonce, signLogin } from '../../engine/venue/sandbox/protocol/auth.js';
import { ServerFrameSchema, decodeJson, describeIssues, encodeFrame, type RequestFrame, type WireError } from './protocol.js';
import type { OrderView, PositionView, SessionNode } from '../session/live-node.js';
import { shipStrategy, type StrategySourceSession } from './ship-strategy.js';
import { RemoteStrategy, type RemoteStrategyLink } from './remote-strategy.js';
import { CommandAnswer } from './command-answer.js';
import { RemotePortfolio } from './remote-portfolio.js';
import { PORTFOLIO_TOPIC } from './node-streams.js';
import type { RiskUsage } from '../session/risk-usage.js';
import type { StrategyOrderResult } from './strategy-orders.js';
import type { AddStrategyResult } from './strategy-protocol.js';
import { topics } from '../../engine/bus/index.js';
import type { ContingentOrderTree } from '../../engine/index.js';
import { mirrorBus, mirrorOrderTree } from './mirror-views.js';

export interface AttachOptions {
  readonly keyId: string;
  readonly secret: string;
  /** The login timestamp's clock (default the wall clock). */
  readonly clock?: { timestampNs(): bigint };
  /** How long to wait for the endpoint and the login (default 10 s). */
  readonly timeoutMs?: number;
  /** The cells strategy classes are defined in, for addStrategy / replaceStrategy (keel attach passes its session's). */
  readonly session?: StrategySourceSession;
  /** The bus the mirror republishes on (default a new one); an isolated session keeps one across its node's restarts. */
  readonly bus?: ReturnType<typeof mirrorBus>;
  /** Where a failed command nobody awaited is said (default stderr). */
  readonly notice?: (line: string) => void;
}

type RemoteOrder = OrderView & Readonly<Record<string, unknown>>;
type RemotePosition = PositionView & Readonly<Record<string, unknown>>;
/** An AccountState as it travels (decimals as exact strings). */
type AccountRecord = Readonly<Record<string, unknown>> & { readonly type: 'AccountState'; readonly venue: string };
interface RemoteConfig { config: Record<string, unknown>; keys: ConfigKeyInfo[] }
interface RemoteConfigs { execEngine: RemoteConfig; riskEngine: RemoteConfig; strategies: (RemoteConfig & { id: string; className: string; state: string })[] }
interface RemoteTradingState { state: string; reason: string | null }
interface Snapshot {
  traderId: string; state: string; tradingState: RemoteTradingState; orders: RemoteOrder[]; positions: RemotePosition[]; configs: RemoteConfigs;
  configChanges: ConfigChange[]; lastReconciliation: ReconciliationResult | null; venues: unknown[]; control: { refused: number; connections: number };
  portfolio?: Portfolios.PortfolioSummary; risk?: RiskUsage; accounts?: AccountRecord[];
}

/** A wire error as the EngineError it was on the node (an unknown code keeps its text in details). */
export function remoteError(error: WireError): EngineError {
  const known = Object.prototype.hasOwnProperty.call(ERROR_CODES, error.code);
  return new EngineError((known ? error.code : 'INTERNAL_ERROR') as ErrorCode, error.message, { remote: true, ...(known ? {} : { remoteCode: error.code }) });
}

/** A request frame before the client gives it an id. */
type RequestBody = RequestFrame extends infer F ? (F extends unknown ? Omit<F, 'id'> : never) : never;

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void };

export class RemoteNode implements SessionNode {
  private readonly orders = new Map<string, RemoteOrder>();
  private readonly positionsById = new Map<string, RemotePosition>();
  private changes: ConfigChange[] = [];
  private configs: RemoteConfigs;
  private snap: Snapshot;
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private closed = false;
  private session: StrategySourceSession | undefined;
  private notice: (line: string) => void = (line) => process.stderr.write(`${line}\n`);
  /** One handle per strategy id, so a cell's `s` and `node.strategies[i]` are the same object. */
  private readonly handles = new Map<string, RemoteStrategy>();
  private readonly link: RemoteStrategyLink = {
    orderCommand: (strategyId, body) => this.request({ type: 'strategy-order', strategyId, ...body } as RequestBody) as Promise<StrategyOrderResult>,
    configure: (strategyId, partial) => this.configure(`strategy:${strategyId}`, partial),
    entry: (strategyId) => this.configs.strategies.find((s) => s.id === strategyId),
    order: (clientOrderId) => this.orders.get(clientOrderId),
    unawaited: (what, e) => this.notice(`keel: ${what} failed on the node: ${e instanceof EngineError ? `${e.code}: ${e.message}` : String(e)}`),
  };
  /** The node's portfolio as of its latest `portfolio` event (reads are synchronous). */
  readonly portfolio = new RemotePortfolio();
  private risk: RiskUsage | undefined;
  /** Each venue's latest account state (decimals as exact strings), by venue. */
  private readonly accountsByVenue = new Map<string, AccountRecord>();
  /** The mirror republishes the node's events here under the node's topics (what live views listen to). */
  bus = mirrorBus();

  readonly cache = {
    orders: (filter: { strategyId?: string; instrumentId?: string; open?: boolean } = {}): RemoteOrder[] =>
      [...this.orders.values()].filter((o) => (filter.strategyId === undefined || o['strategyId'] === filter.strategyId)
        && (filter.instrumentId === undefined || o['instrumentId'] === filter.instrumentId) && (filter.open === undefined || o.isOpen === filter.open)),
    order: (clientOrderId: string): RemoteOrder | undefined => this.orders.get(clientOrderId),
    positions: (filter: { open?: boolean } = {}): RemotePosition[] =>
      [...this.positionsById.values()].filter((p) => filter.open === undefined || p.isOpen === filter.open),
  };

  readonly execEngine = remoteEngine(() => this.configs.execEngine, (partial) => this.configure('execEngine', partial));
  /** The risk engine's config, and the reason of the halt or reduce-only in force (as the local engine has it). */
  readonly riskEngine = Object.defineProperty(remoteEngine(() => this.configs.riskEngine, (partial) => this.configure('riskEngine', partial)),
    'tradingStateReason', { get: () => this.tradingStateReason, enumerable: true }) as ReturnType<typeof remoteEngine> & { readonly tradingStateReason: string | undefined };

  private constructor(private readonly ws: WebSocket, readonly url: string, readonly keyId: string, readonly role: 'operator' | 'read-only', first: Snapshot) {
    this.snap = first;
    this.configs = first.configs;
    this.apply(first);
    ws.on('message', (data) => this.onFrame(data.toString()));
    ws.on('close', () => this.onClose());
  }

  static async connect(url: string, options: AttachOptions): Promise<RemoteNode> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const ws = new WebSocket(url, { handshakeTimeout: timeoutMs });
    const frames: unknown[] = [];
    let wake: (() => void) | undefined;
    const failed = new Promise<never>((_, reject) => {
      ws.once('error', (e) => reject(new EngineError('CONTROL_UNREACHABLE', `attach: expected a control endpoint at ${url}, received ${e.message}`, { url })));
      ws.once('close', (code, reason) => reject(new EngineError('CONTROL_UNREACHABLE', `attach: the connection to ${url} closed (${code} ${reason.toString()}) before the login finished`, { url })));
    });
    failed.catch(() => undefined);
    ws.on('message', (data) => { frames.push(decodeJson(data.toString())); wake?.(); });
    const next = async (): Promise<unknown> => {
      while (frames.length === 0) await Promise.race([new Promise<void>((r) => { wake = r; }), failed]);
      return frames.shift();
    };
    const timer = setTimeout(() => ws.terminate(), timeoutMs);
    try {
      await Promise.race([new Promise((r) => ws.once('open', r)), failed]);
      const timestamp = (options.clock ?? new LiveClock()).timestampNs().toString();
      const nonce = newNonce();
      ws.send(encodeFrame({ type: 'login', keyId: options.keyId, timestamp, nonce, signature: signLogin(options.secret, timestamp, nonce) }));
      const login = ServerFrameSchema.parse(await next());
      if (login.type === 'login-refused') throw remoteError(login.error);
      if (login.type !== 'login-ok') throw new EngineError('CONTROL_FRAME_INVALID', `attach: expected login-ok, received '${login.type}'`, {});
      ws.send(encodeFrame({ type: 'subscribe', id: 'subscribe' }));
      const first = ServerFrameSchema.parse(await next());
      if (first.type !== 'response' || !first.ok) throw first.type === 'response' && !first.ok ? remoteError(first.error) : new EngineError('CONTROL_FRAME_INVALID', `attach: expected the subscription's snapshot, received '${first.type}'`, {});
      ws.removeAllListeners('message');
      const node = new RemoteNode(ws, url, login.keyId, login.role, first.result as Snapshot);
      if (options.session) node.useSession(options.session);
      if (options.notice) node.notice = options.notice;
      if (options.bus) node.bus = options.bus;
      // Frames that came in behind the snapshot are events already: play them in order.
      for (const f of frames.splice(0)) node.onFrame(encodeFrame(f));
      return node;
    } catch (e) {
      ws.terminate();
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  get traderId(): string { return this.snap.traderId; }
  /** The node's lifecycle state as of the latest snapshot. */
  get state(): string { return this.snap.state; }
  get venues(): readonly unknown[] { return this.snap.venues; }
  /** ACTIVE, HALTED or REDUCING, kept current by the node's config events. */
  get tradingState(): string { return this.snap.tradingState.state; }
  /** The reason given with the halt or reduce-only in force (undefined while ACTIVE or none given). */
  get tradingStateReason(): string | undefined { return this.snap.tradingState.reason ?? undefined; }
  get configChanges(): readonly ConfigChange[] { return this.changes; }
  get lastReconciliation(): ReconciliationResult | null { return this.snap.lastReconciliation; }
  get attached(): boolean { return !this.closed; }

  /** The node's strategies as handles: their state and config from the mirror, their commands to the node. */
  get strategies(): RemoteStrategy[] {
    return this.configs.strategies.map((s) => this.handle(s.id));
  }

  /** The handle of one strategy on the node (the same object for the same id). */
  strategy(strategyId: string): RemoteStrategy {
    if (!this.configs.strategies.some((s) => s.id === strategyId)) {
      throw new EngineError('STRATEGY_UNKNOWN', `expected a strategy id on the node (${this.configs.strategies.map((s) => s.id).join(', ') || 'none'}), received '${strategyId}'`, { strategyId });
    }
    return this.handle(strategyId);
  }

  private handle(strategyId: string, file?: string): RemoteStrategy {
    let h = this.handles.get(strategyId);
    if (!h) { h = new RemoteStrategy(strategyId, this.link, file); this.handles.set(strategyId, h); }
    return h;
  }

  /** A fresh snapshot from the node (also refreshes the mirror). */
  async snapshot(): Promise<Snapshot> {
    const s = (await this.request({ type: 'snapshot' })) as Snapshot;
    this.snap = s;
    this.configs = s.configs;
    this.apply(s);
    return s;
  }

  /** The source is the key this attach signed in with (`attach:KEY-ID`), whatever the caller names. */
  configure(target: 'execEngine' | 'riskEngine' | `strategy:${string}`, partial: Record<string, unknown>): Promise<ConfigChange> {
    return this.request({ type: 'configure', target, partial }) as Promise<ConfigChange>;
  }

  revert(changeId: string): Promise<ConfigChange> {
    return this.request({ type: 'revert', changeId }) as Promise<ConfigChange>;
  }

  /** HALTED on the node (operator key only): new orders denied, cancels go out. Resolves with the audit entry. */
  halt(reason?: string): Promise<ConfigChange> {
    return this.request(reason === undefined ? { type: 'halt' } : { type: 'halt', reason }) as Promise<ConfigChange>;
  }

  /** REDUCING on the node: only orders that reduce a position pass. */
  reduceOnly(reason?: string): Promise<ConfigChange> {
    return this.request(reason === undefined ? { type: 'reduce' } : { type: 'reduce', reason }) as Promise<ConfigChange>;
  }

  /** Back to ACTIVE. */
  resume(): Promise<ConfigChange> {
    return this.request({ type: 'resume' }) as Promise<ConfigChange>;
  }

  async reconcile(): Promise<ReconciliationResult> {
    const r = (await this.request({ type: 'reconcile' })) as ReconciliationResult;
    this.snap = { ...this.snap, lastReconciliation: r };
    return r;
  }

  /** The contingent order tree, built here from the mirror (no round trip), as `node.orderTree` builds it from the cache. */
  orderTree(id: string): ContingentOrderTree {
    return mirrorOrderTree({ orders: () => this.orders.values(), order: (cid) => this.orders.get(cid), position: (pid) => this.positionsById.get(pid) }, id);
  }

  /** Where addStrategy / replaceStrategy find a class's source (the session's cells and globals). */
  useSession(session: StrategySourceSession): void {
    this.session = session;
  }

  /**
   * Ship the strategy's class (as promote extracts it from the cells) and config to the node, which
   * writes the module into its folder, loads and adds it. Refused before anything is sent when the class
   * captures notebook state. Resolves with the strategy's handle (a RemoteStrategy: the mirror lists it at
   * once; `orderFactory`, `submitOrder`, `cancelOrder`, `configure` travel to the node).
   */
  async addStrategy(strategy: unknown): Promise<RemoteStrategy> {
    const shipped = shipStrategy('addStrategy', strategy, this.session);
    const { configs, strategyId, file } = (await this.request({ type: 'add-strategy', ...shipped })) as AddStrategyResult;
    this.configs = configs as RemoteConfigs;
    (strategy as { markShipped?: (where: string) => void }).markShipped?.(`the node at ${this.url}`);
    return this.handle(strategyId, file);
  }

  /** Remove a strategy from the node (refused while it has open orders, unless `cancelOrders`: they are cancelled first). */
  async removeStrategy(strategy: string | { readonly id: string }, options: { cancelOrders?: boolean } = {}): Promise<void> {
    const strategyId = typeof strategy === 'string' ? strategy : strategy.id;
    await this.request({ type: 'strategy-order', strategyId, action: 'remove', cancelOrders: options.cancelOrders === true });
    this.configs = { ...this.configs, strategies: this.configs.strategies.filter((s) => s.id !== strategyId) };
    this.handles.delete(strategyId);
  }

  /** Hot swap on the node (`TradingNode.replaceStrategy`): `next`'s class shipped as for addStrategy; its config names the same strategyId. */
  replaceStrategy(strategyId: string, next: unknown): Promise<ConfigChange> {
    const shipped = shipStrategy('replaceStrategy', next, this.session);
    return this.request({ type: 'replace-strategy', strategyId, ...shipped }) as Promise<ConfigChange>;
  }

  async start(): Promise<void> {}
  /** Detach: the node keeps running. */
  async stop(): Promise<void> { await this.detach(); }
  async dispose(): Promise<void> { await this.detach(); }

  async detach(): Promise<void> {
    if (this.closed) return;
    const done = new Promise<void>((r) => this.ws.once('close', () => r()));
    this.ws.close(1000, 'detach');
    await done;
  }

  private request(body: RequestBody): Promise<unknown> {
    if (this.closed) return new CommandAnswer(Promise.reject(new EngineError('CONTROL_UNREACHABLE', `${body.type}: expected an open attach to ${this.url}, received a closed one`, { url: this.url })), body.type, this.link.unawaited);
    const id = `r${this.nextId++}`;
    const answer = new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(encodeFrame({ ...body, id }));
    });
    return new CommandAnswer(answer, body.type, this.link.unawaited);
  }

  private onFrame(text: string): void {
    const parsed = ServerFrameSchema.safeParse(decodeJson(text));
    if (!parsed.success) {
      process.emitWarning(`attach: a frame from ${this.url} is not the protocol's: ${describeIssues(parsed.error)}`);
      return;
    }
    const f = parsed.data;
    if (f.type === 'response') {
      const p = this.pending.get(f.id);
      this.pending.delete(f.id);
      if (p) { if (f.ok) p.resolve(f.result); else p.reject(remoteError(f.error)); }
    } else if (f.type === 'event') {
      this.onEvent(f.event as Record<string, unknown> & { kind: string });
    }
  }

  private onEvent(e: Record<string, unknown> & { kind: string }): void {
    switch (e.kind) {
      case 'order': {
        const o = e['order'] as RemoteOrder;
        // The rest of its list, with the list's first event (held OTO children have no event of their own yet).
        for (const other of (e['also'] as RemoteOrder[] | undefined) ?? []) if (!this.orders.has(other.clientOrderId)) this.orders.set(other.clientOrderId, other);
        this.orders.set(o.clientOrderId, o);
        this.bus.publish(topics.orderEvents(String(o['strategyId'])), o);
        break;
      }
      case 'position': {
        const p = e['position'] as RemotePosition;
        this.positionsById.set(String(p.id), p);
        this.bus.publish(topics.positionEvents(String(p['strategyId'])), p);
        break;
      }
      case 'config': {
        const change = e['change'] as ConfigChange;
        if (!this.changes.some((c) => c.changeId === change.changeId)) this.changes = [...this.changes, change];
        this.configs = e['configs'] as RemoteConfigs;
        if (e['tradingState'] !== undefined) this.snap = { ...this.snap, tradingState: e['tradingState'] as RemoteTradingState };
        this.bus.publish(topics.configChanges, change);
        break;
      }
      case 'market':
        // Prices for charts and live views: republished under the node's own topics.
        if (e['quote'] !== undefined) { const q = e['quote'] as { instrumentId: string }; this.bus.publish(topics.quotes(q.instrumentId), q); }
        if (e['bar'] !== undefined) { const b = e['bar'] as { barType: string }; this.bus.publish(topics.bars(b.barType), b); }
        break;
      case 'account': {
        const state = e['state'] as AccountRecord;
        this.accountsByVenue.set(state.venue, state);
        this.bus.publish(topics.accounts, state);
        break;
      }
      case 'portfolio':
        this.portfolio.update(e['summary'] as Portfolios.PortfolioSummary);
        this.risk = e['risk'] as RiskUsage;
        this.bus.publish(PORTFOLIO_TOPIC, e['summary']);
        break;
      case 'reconciliation':
        this.snap = { ...this.snap, lastReconciliation: e['result'] as ReconciliationResult | null };
        this.bus.publish(topics.reconciliation, e['result']);
        break;
      default: break;
    }
  }

  /** The risk engine's trading state and each limit's usage, as of the node's latest portfolio event. */
  riskUsage(): RiskUsage {
    return this.risk ?? { kind: 'RiskUsage', tradingState: this.tradingState, reason: this.tradingStateReason ?? null, limits: [] };
  }

  /** The venue's latest account state as the node holds it (no venue: the first), as `TradingNode.account` answers. */
  account(venue?: string): AccountRecord | undefined {
    return venue === undefined ? this.accountsByVenue.values().next().value : this.accountsByVenue.get(venue);
  }

  private apply(s: Snapshot): void {
    if (s.portfolio) this.portfolio.update(s.portfolio);
    for (const a of s.accounts ?? []) this.accountsByVenue.set(a.venue, a);
    if (s.risk) this.risk = s.risk;
    this.orders.clear();
    for (const o of s.orders) this.orders.set(o.clientOrderId, o);
    this.positionsById.clear();
    for (const p of s.positions) this.positionsById.set(String(p.id), p);
    this.changes = [...s.configChanges];
  }

  private onClose(): void {
    this.closed = true;
    for (const [id, p] of this.pending) p.reject(new EngineError('CONTROL_UNREACHABLE', `the connection to ${this.url} closed while request ${id} waited for the node's answer`, { url: this.url, id }));
    this.pending.clear();
  }
}

/** An engine's live config as the mirror holds it; `configure` goes to the node. */
function remoteEngine(current: () => RemoteConfig, configure: (partial: Record<string, unknown>) => Promise<ConfigChange>) {
  return {
    get config(): Readonly<Record<string, unknown>> { return current().config; },
    get liveConfig(): { readonly keys: readonly ConfigKeyInfo[] } { return { keys: current().keys }; },
    configure,
  };
}

/** Attach to a deployed node's control endpoint (see docs/control-protocol.md). */
export function attach(url: string, options: AttachOptions): Promise<RemoteNode> {
  return RemoteNode.connect(url, options);
}
