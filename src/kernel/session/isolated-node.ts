/**
 * The session's node in its own process (`createSession({ isolation: 'process' })`): a node folder in a
 * temp dir (the session's config, a journal, the control endpoint on loopback with a fresh secret), run by
 * `keel node run` as a child, and attached to with `attach`. A cell that blocks the session's event loop
 * then never delays the node's acks, checks and OCO/OUO management.
 *
 * The child watches its IPC channel (cli/parent-link.ts): the session gone by any path (SIGKILL, OOM,
 * process.exit) closes it, and the node applies its shutdown policy and exits, unless `detach()` came
 * first. The child dying unexpectedly is said on stderr, and it is restarted on the same folder: it
 * restores from its journal and reconciles, as after a crash, and `node` in scope follows the new attach.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineError, type ConfigChange, type ConfigSource, type ContingentOrderTree, type ReconciliationResult } from '../../engine/index.js';
import { attach, type RemoteNode } from '../control/attach.js';
import { mirrorBus } from '../control/mirror-views.js';
import { keelBinPath } from '../keel-bin.js';
import type { StrategySourceSession } from '../control/ship-strategy.js';
import type { SessionNode, ShutdownPolicy } from './live-node.js';
import type { RemoteStrategy } from '../control/remote-strategy.js';

/** A strategy for the node folder, as source (shipping a cell's strategy is `addStrategy`'s, over the control protocol). */
export interface NodeStrategySource {
  /** The module's TypeScript, importing from 'keel' like a promoted strategy.ts. */
  readonly source: string;
  readonly className: string;
  readonly config?: Readonly<Record<string, unknown>>;
}

export interface IsolatedNodeOptions {
  /** The session's node config (traderId, venues with their keys, execEngine, shutdownPolicy). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly strategies?: readonly NodeStrategySource[];
  /** Where the session's one-line notices go (default stderr). */
  readonly notice?: (line: string) => void;
  /** The source the node audits the session's changes under ('repl', 'notebook'; default `attach:session`). */
  readonly auditAs?: ConfigSource;
  /** How long the child may take to announce its control URL (default 60 s). */
  readonly startTimeoutMs?: number;
}

const KEY_ID = 'session';
const STOP_WAIT_MS = 30_000;

type VenueEntry = { venue: string; url: string; apiKey?: string; apiSecret?: string };

export class IsolatedNode implements SessionNode {
  readonly dir: string;
  private readonly secret = randomBytes(24).toString('hex');
  private readonly env: Record<string, string>;
  private readonly notice: (line: string) => void;
  private child: ChildProcess | undefined;
  private remoteNode: RemoteNode | undefined;
  private stopping = false;
  private detachedUrl: string | undefined;
  private restarting: Promise<void> | undefined;
  private sourceSession: StrategySourceSession | undefined;
  /** How many times the node process was restarted after dying. */
  restarts = 0;

  constructor(private readonly options: IsolatedNodeOptions) {
    this.notice = options.notice ?? ((line) => process.stderr.write(`${line}\n`));
    this.dir = mkdtempSync(join(tmpdir(), 'keel-session-node-'));
    const c = options.config;
    const venues = (c['venues'] as VenueEntry[] | undefined) ?? [];
    this.env = { KEEL_CONTROL_SECRET: this.secret };
    const strategies = (options.strategies ?? []).map((s, i) => {
      const file = `strategy-${i + 1}.ts`;
      writeFileSync(join(this.dir, file), s.source);
      return { module: `./${file}`, className: s.className, config: s.config ?? {} };
    });
    // Keys travel by environment, never in node.json (as a deployed node's do).
    const nodeVenues = venues.map((v, i) => {
      this.env[`KEEL_VENUE_${i}_KEY`] = v.apiKey ?? '';
      this.env[`KEEL_VENUE_${i}_SECRET`] = v.apiSecret ?? '';
      return { venue: v.venue, url: v.url, apiKeyEnv: `KEEL_VENUE_${i}_KEY`, apiSecretEnv: `KEEL_VENUE_${i}_SECRET` };
    });
    writeFileSync(join(this.dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
    writeFileSync(join(this.dir, 'control.secret'), this.secret, { mode: 0o600 });
    writeFileSync(join(this.dir, 'node.json'), JSON.stringify({
      traderId: c['traderId'] ?? 'TRADER-001',
      venues: nodeVenues,
      execEngine: c['execEngine'] ?? {},
      strategies,
      persistence: { kind: 'journal', dir: 'journal' },
      shutdownPolicy: c['shutdownPolicy'] ?? 'cancel',
      control: { enabled: true, host: '127.0.0.1', port: 0, keyId: KEY_ID, keyEnv: 'KEEL_CONTROL_SECRET', ...(options.auditAs && !options.auditAs.startsWith('attach:') ? { auditAs: options.auditAs } : {}) },
    }, null, 2));
  }

  /** The attach in use (a restart replaces it). */
  get remote(): RemoteNode {
    if (!this.remoteNode) throw new EngineError('CONTROL_UNREACHABLE', `expected the session's node process to be attached, received none yet (folder ${this.dir})`, { dir: this.dir });
    return this.remoteNode;
  }
  get url(): string { return this.remote.url; }
  get pid(): number | undefined { return this.child?.pid; }
  /** What the session's stop reads (the policy the node applies itself). */
  get config(): { traderId: unknown; shutdownPolicy: ShutdownPolicy } {
    return { traderId: this.options.config['traderId'] ?? 'TRADER-001', shutdownPolicy: (this.options.config['shutdownPolicy'] ?? 'cancel') as ShutdownPolicy };
  }
  get cache(): RemoteNode['cache'] { return this.remote.cache; }
  get execEngine(): RemoteNode['execEngine'] { return this.remote.execEngine; }
  get riskEngine(): RemoteNode['riskEngine'] { return this.remote.riskEngine; }
  get strategies(): RemoteStrategy[] { return this.remote.strategies; }
  /** The handle of one strategy on the node, by id. */
  strategy(strategyId: string): RemoteStrategy { return this.remote.strategy(strategyId); }
  get configChanges(): readonly ConfigChange[] { return this.remote.configChanges; }
  get lastReconciliation(): ReconciliationResult | null { return this.remote.lastReconciliation; }
  get state(): string { return this.remote.state; }
  get traderId(): string { return this.remote.traderId; }
  get venues(): readonly unknown[] { return this.remote.venues; }
  get tradingState(): string { return this.remote.tradingState; }
  get tradingStateReason(): string | undefined { return this.remote.tradingStateReason; }
  /** Live views listen here; it outlives a restart of the node process (each re-attach republishes on it). */
  readonly bus = mirrorBus();
  /** The node's portfolio, from the mirror (the latest summary it streamed). */
  get portfolio(): RemoteNode['portfolio'] { return this.remote.portfolio; }
  riskUsage(): ReturnType<RemoteNode['riskUsage']> { return this.remote.riskUsage(); }
  account(venue?: string): ReturnType<RemoteNode['account']> { return this.remote.account(venue); }
  halt(reason?: string): Promise<ConfigChange> { return this.remote.halt(reason); }
  reduceOnly(reason?: string): Promise<ConfigChange> { return this.remote.reduceOnly(reason); }
  resume(): Promise<ConfigChange> { return this.remote.resume(); }
  reconcile(): Promise<ReconciliationResult> { return this.remote.reconcile(); }
  revert(changeId: string): Promise<ConfigChange> { return this.remote.revert(changeId); }
  orderTree(id: string): ContingentOrderTree { return this.remote.orderTree(id); }
  addStrategy(strategy: unknown): Promise<RemoteStrategy> { return this.remote.addStrategy(strategy); }
  removeStrategy(strategy: string | { readonly id: string }, options: { cancelOrders?: boolean } = {}): Promise<void> { return this.remote.removeStrategy(strategy, options); }
  replaceStrategy(strategyId: string, next: unknown): unknown { return this.remote.replaceStrategy(strategyId, next); }

  /** Where a strategy class shipped by addStrategy / replaceStrategy is found: the session's cells (kept across restarts). */
  useSession(session: StrategySourceSession): void {
    this.sourceSession = session;
    this.remoteNode?.useSession(session);
  }

  async start(): Promise<void> {
    await this.spawnAndAttach();
  }

  /** The session's stop: the node applies its policy (the mirror sees the cancels), then exits. */
  async stop(): Promise<void> {
    if (this.detachedUrl !== undefined) return;
    this.stopping = true;
    await this.restarting?.catch(() => undefined);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    if (child.connected) child.send({ type: 'stop' });
    else child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_WAIT_MS);
    await exited;
    clearTimeout(timer);
  }

  async dispose(): Promise<void> {
    await this.stop();
    await this.remoteNode?.detach().catch(() => undefined);
    // A detached node still runs on its folder; a stopped one leaves nothing behind.
    if (this.detachedUrl === undefined) rmSync(this.dir, { recursive: true, force: true });
  }

  /** Leave the node running without the session; returns how to re-attach. */
  async detach(): Promise<{ url: string; dir: string; command: string }> {
    const url = this.remote.url;
    this.detachedUrl = url;
    const child = this.child;
    if (child?.connected) child.send({ type: 'detach' });
    await this.remote.detach();
    // Let the session's process end without it (the node has its own process group).
    if (child?.connected) child.disconnect();
    child?.unref();
    const command = `KEEL_CONTROL_KEY=${KEY_ID} KEEL_CONTROL_SECRET=$(cat ${join(this.dir, 'control.secret')}) keel attach ${url}`;
    return { url, dir: this.dir, command };
  }

  private async spawnAndAttach(): Promise<void> {
    const child = fork(keelBinPath(), ['node', 'run', this.dir], {
      // bin/keel.js loads its own TypeScript support; the session's flags (a test runner's) are not the node's.
      execArgv: [],
      // Its own process group: Ctrl-C in the REPL is the session's, not the node's. Its log is the folder's.
      detached: true,
      // Its stderr is the session's: a node that cannot start says why where the user looks.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { ...process.env, ...this.env },
    });
    this.child = child;
    const url = await new Promise<string>((res, rej) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); rej(this.failed(`announced no control endpoint within ${this.options.startTimeoutMs ?? 60_000} ms`)); }, this.options.startTimeoutMs ?? 60_000);
      child.on('message', (m: { type?: unknown; url?: unknown }) => {
        if (m?.type === 'control' && typeof m.url === 'string') { clearTimeout(timer); res(m.url); }
      });
      child.once('exit', (code, signal) => { clearTimeout(timer); rej(this.failed(`exited (${signal ?? `code ${code}`}) before it announced its control endpoint`)); });
    });
    this.remoteNode = await attach(url, { keyId: KEY_ID, secret: this.secret, bus: this.bus, notice: this.notice, ...(this.sourceSession ? { session: this.sourceSession } : {}) });
    child.once('exit', (code, signal) => this.onExit(code, signal));
  }

  private failed(what: string): EngineError {
    return new EngineError('NODE_PROCESS_FAILED', `the session's node process (keel node run ${this.dir}) ${what}; its log: ${join(this.dir, 'logs', 'node.log')}`, { dir: this.dir });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping || this.detachedUrl !== undefined) return;
    this.notice(`keel: the node process died (${signal ?? `exit code ${code}`}); restarting it on ${this.dir} (it restores from its journal and reconciles)`);
    this.restarts += 1;
    this.restarting = this.spawnAndAttach().then(
      () => this.notice(`keel: the node process is back (pid ${this.child?.pid}), attached at ${this.remote.url}`),
      (e: unknown) => this.notice(`keel: the node process could not be restarted: ${(e as Error).message}`),
    );
  }
}

/** Start an isolated node (the session's `createNode` in process mode). */
export function createIsolatedNode(config: Record<string, unknown>, options: Omit<IsolatedNodeOptions, 'config'> = {}): IsolatedNode {
  return new IsolatedNode({ ...options, config });
}
