import type { MessageBus } from '../bus/message-bus.js';
import { topics } from '../bus/switchboard.js';
import type { Cache } from '../cache/cache.js';
import type { Clock } from '../core/clock.js';
import { EngineError } from '../core/errors.js';
import { rateLimitedWarn, type Logger } from '../core/logger.js';
import type { TradingNodeConfig } from '../config/trading-node-config.js';
import type { LiveExecutionEngine } from '../execution/live/live-execution-engine.js';
import { withClockTimeout } from '../execution/live/clock-timeout.js';
import type { ReconciliationService } from '../execution/live/reconciliation-service.js';
import type { TradingCommand } from '../model/commands.js';
import type { OrderInitialized } from '../model/events.js';
import type { Strategy } from '../strategy/strategy.js';
import { JournalSafeState } from './journal-safe-state.js';
import { NewOrderGate } from './new-order-gate.js';
import { sweepForShutdown, type ShutdownDeps } from './node-shutdown.js';
import { NodeStateMachine, type NodeState } from './node-state.js';
import type { VenueClients } from './venue-clients.js';

export const SEC = (s: number): number => s * 1000;

/** What starting and stopping the node moves, in the order it moves it. */
export interface NodeLifecycleDeps {
  readonly clock: Clock;
  /** The node made its own clock: stopping cancels every timer on it (an injected clock is the host's). */
  readonly ownsClock: boolean;
  readonly logger: Logger;
  readonly bus: MessageBus;
  readonly cache: Cache;
  readonly traderId: string;
  readonly config: Pick<TradingNodeConfig, 'timeouts' | 'shutdownPolicy'>;
  readonly venueClients: readonly VenueClients[];
  readonly execEngine: Pick<LiveExecutionEngine, 'attachToCore' | 'config' | 'startChecks' | 'stopChecks' | 'whenIdle' | 'execute' | 'commandQueue' | 'dispose'>;
  readonly reconciliation: Pick<ReconciliationService, 'run' | 'dispose'>;
  /** Where a strategy's allowed command goes (the risk engine), and how a refused new order is denied. */
  forward(command: TradingCommand): void;
  deny(init: OrderInitialized, reason: string): void;
  strategies(): readonly Strategy<unknown>[];
  strategy(id: string): Strategy<unknown> | undefined;
  /** Close the journal (or memory store) the node writes to, if any. */
  closePersistence(): Promise<void> | undefined;
}

/**
 * The node's state and its start and stop choreography. The state: the transition table, the journal's
 * safe state, and the gate that decides from both whether a strategy's new order may go out.
 * start: connect (timeout) → reconcile (timeout) → start strategies → schedule the continuous checks →
 * wait for the subscriptions made in `onStart`. stop: checks off → shutdown sweep (policy, then cancels)
 * → strategies stopped → queues drained → disconnect → timers released. dispose: stop, then strategies,
 * quote subscriptions, engine and journal released.
 */
export class NodeLifecycle {
  private readonly fsm = new NodeStateMachine();
  /** Whether the journal can write now (DEGRADED, no new orders, while it cannot). */
  readonly journal: JournalSafeState;
  /** Every strategy command passes here: new orders are refused while stopping or while the journal cannot write. */
  readonly gate: NewOrderGate;

  constructor(private readonly d: NodeLifecycleDeps) {
    this.journal = new JournalSafeState(this.fsm, d.logger);
    this.gate = new NewOrderGate({ state: () => this.fsm.state, journal: this.journal, forward: d.forward, deny: d.deny, warn: rateLimitedWarn(d.logger, d.clock) });
  }

  get state(): NodeState {
    return this.fsm.state;
  }
  /** Why the node is DEGRADED (or why it stopped), in words. */
  get reason(): string | undefined {
    return this.fsm.reason;
  }
  /** RUNNING or DEGRADED: strategies run, a reconnect reconciles. */
  get trading(): boolean {
    return this.fsm.state === 'RUNNING' || this.fsm.state === 'DEGRADED';
  }

  /** Rejects (and strategies stay stopped) when a venue does not connect or start-up reconciliation fails. */
  async start(): Promise<void> {
    const { d } = this;
    this.assertUsable();
    this.fsm.to('STARTING');
    const t = d.config.timeouts;
    try {
      await withClockTimeout(d.clock, Promise.all(d.venueClients.flatMap((c) => [
        c.exec.connectionState === 'CONNECTED' ? undefined : c.exec.connect(),
        c.data.connectionState === 'CONNECTED' ? undefined : c.data.connect(),
      ])), SEC(t.connectionSecs), 'CONNECT_TIMEOUT', 'connecting to the venues');
    } catch (error) {
      const e = error instanceof EngineError ? error : new EngineError('CONNECT_FAILED', String(error));
      this.fsm.to('DEGRADED', `connection failed: ${e.message}`);
      throw new EngineError('NODE_START_FAILED', `TradingNode.start: expected every venue to connect, received ${e.code}: ${e.message}`, { cause: e.toJSON() });
    }
    d.execEngine.attachToCore();
    if (d.execEngine.config.reconciliation) {
      const result = await d.reconciliation.run('STARTUP');
      if (!result.success) {
        const why = result.error?.message ?? `${result.counts.failed} item(s) failed`;
        this.fsm.to('DEGRADED', `start-up reconciliation failed: ${why}; strategies not started`);
        throw new EngineError('RECONCILIATION_FAILED', `TradingNode.start: expected a successful start-up reconciliation, received a failure (${why})`, { result });
      }
    }
    for (const s of d.strategies()) if (s.state !== 'RUNNING') s.start();
    d.execEngine.startChecks();
    this.fsm.to('RUNNING');
    // Subscriptions made in onStart go out over the socket; once start() resolves their data must flow.
    await this.subscriptionsAnswered(SEC(t.connectionSecs));
  }

  /** Apply the shutdown policy, stop strategies, disconnect, cancel every timer; nothing to do unless started. */
  async stop(): Promise<void> {
    const { d } = this;
    if (this.fsm.state === 'STOPPED' || this.fsm.state === 'INITIALIZED' || this.fsm.state === 'STOPPING') return;
    this.assertUsable();
    this.fsm.to('STOPPING');
    d.execEngine.stopChecks();
    const budget = SEC(d.config.timeouts.disconnectionSecs);
    const connected = d.venueClients.some((c) => c.exec.connectionState === 'CONNECTED');
    if (connected) {
      const settle = () => this.settleOrders(() => true, budget).catch((e: unknown) => d.logger.warn('shutdown: orders still open', { error: String(e) }));
      await sweepForShutdown(d.config.shutdownPolicy, this.shutdownDeps(), settle);
    }
    for (const s of d.strategies()) if (s.state === 'RUNNING') s.stop();
    await withClockTimeout(d.clock, d.execEngine.whenIdle(), budget, 'STOP_TIMEOUT', 'draining queues').catch(() => undefined);
    await withClockTimeout(d.clock, Promise.allSettled(d.venueClients.flatMap((c) => [c.exec.disconnect(), c.data.disconnect()])), budget, 'DISCONNECT_TIMEOUT', 'disconnecting').catch(() => undefined);
    if (d.ownsClock) d.clock.cancelTimers();
    this.fsm.to('STOPPED');
  }

  /** Stop if needed, then release strategies, the quote subscriptions, the engine and the journal. */
  async dispose(): Promise<void> {
    const { d } = this;
    if (this.fsm.state === 'DISPOSED') return;
    await this.stop();
    for (const s of [...d.strategies()]) if (s.state !== 'DISPOSED') s.dispose();
    d.reconciliation.dispose();
    d.execEngine.dispose();
    await d.closePersistence();
    this.fsm.to('DISPOSED');
  }

  /** A disposed node refuses every further call. */
  assertUsable(): void {
    if (this.fsm.state === 'DISPOSED') {
      throw new EngineError('NODE_DISPOSED', 'TradingNode: expected a node that is not disposed, received a call after dispose()', {});
    }
  }

  /**
   * Wait (on the clock) until the cancels/closes sent have been answered: the command queue is drained
   * and no matching order is in flight. An order whose cancel the venue refused is open, but answered.
   */
  async settleOrders(match: (o: { strategyId: string }) => boolean, timeoutMs: number): Promise<void> {
    const { d } = this;
    const work = (async (): Promise<void> => {
      await d.execEngine.commandQueue.whenIdle();
      const settled = (): boolean => !d.cache.ordersInflight().some(match);
      if (settled()) return;
      let unsubscribe = (): void => {};
      await new Promise<void>((resolve) => {
        unsubscribe = d.bus.subscribe(topics.allOrderEvents, () => { if (settled()) resolve(); }, { prefix: true });
      }).finally(() => unsubscribe());
    })();
    return withClockTimeout(d.clock, work, timeoutMs, 'SHUTDOWN_TIMEOUT', 'waiting for orders to close');
  }

  /** Wait (bounded, on the clock) until every venue has answered the market data subscriptions sent so far. */
  private async subscriptionsAnswered(timeoutMs: number): Promise<void> {
    const waits = this.d.venueClients.map((c) => c.data.whenSubscribed?.()).filter((p) => p !== undefined);
    if (waits.length === 0) return;
    await withClockTimeout(this.d.clock, Promise.all(waits), timeoutMs, 'SUBSCRIBE_TIMEOUT', 'market data subscriptions')
      .catch((e: unknown) => this.d.logger.warn('market data subscriptions not answered in time', { error: String(e) }));
  }

  /** What the shutdown policy acts through: cancels via each running strategy, closes via its owner. */
  private shutdownDeps(): ShutdownDeps {
    const { d } = this;
    return {
      cache: d.cache, clock: d.clock, logger: d.logger, traderId: d.traderId, execute: (c) => d.execEngine.execute(c),
      closePosition: (p) => {
        const s = d.strategy(p.strategyId);
        if (s?.state !== 'RUNNING') return false;
        // The flatten policy's closing orders are the one kind of new order a stopping node sends.
        return this.gate.closing(() => s.closePosition(p) !== undefined);
      },
      cancelThroughStrategy: (o) => { const s = d.strategy(o.strategyId); return s?.state === 'RUNNING' && s.isRegistered ? (s.cancelForShutdown(o), true) : false; },
    };
  }
}
