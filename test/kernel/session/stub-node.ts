/**
 * A small stand-in for `TradingNode` with the public API the session uses (DESIGN.md): cache queries,
 * a zod-validated exec-engine config, reconcile, orderTree, stop by shutdown policy.
 */
import { z } from 'zod';
import { EngineError } from '../../../src/engine/index.js';
import { planRevert } from '../../../src/engine/config/config-revert.js';
import type { ConfigChange, ContingentOrderTree, ReconciliationResult } from '../../../src/engine/index.js';
import type { ConfigChangeSource, ConfigSource } from '../../../src/engine/config/config-change.js';
import type { SessionNode } from '../../../src/kernel/index.js';

export interface StubOrder {
  kind: 'Order';
  clientOrderId: string;
  status: string;
  isOpen: boolean;
  orderListId?: string;
  instrumentId: string;
  side: string;
  type: string;
  quantity: string;
}

export interface StubPosition {
  kind: 'Position';
  id: string;
  isOpen: boolean;
  quantity: string;
  instrumentId: string;
  side: string;
}

const ExecSchema = z.strictObject({
  inflightCheckIntervalMs: z.number().int().nonnegative(),
  inflightCheckThresholdMs: z.number().int().nonnegative(),
  reconciliation: z.boolean(),
});

export const EMPTY_RECON: ReconciliationResult = {
  kind: 'ReconciliationResult',
  trigger: 'STARTUP',
  venues: ['SIM'],
  success: true,
  tsStarted: 0n,
  durationMs: 3,
  counts: { orders: 0, fills: 0, positions: 0, matched: 0, updated: 0, created: 0, skipped: 0, failed: 0, eventsApplied: 0, inferredFills: 0, syntheticOrders: 0, externalDropped: 0 },
  items: [],
};

export class StubNode implements SessionNode {
  state = 'READY';
  orders: StubOrder[] = [];
  positions: StubPosition[] = [];
  strategies: { id: string; state: string; config: { omsType: string }; cancelAllOrders?(): void; closePosition?(p: StubPosition): void }[] = [];
  configChanges: ConfigChange[] = [];
  lastReconciliation: ReconciliationResult | null = null;
  stoppedWith: string | undefined;
  private exec = { inflightCheckIntervalMs: 2000, inflightCheckThresholdMs: 5000, reconciliation: true };

  /** Undo through the engine's own planner, applied by the stub's configure (as the node does). */
  revert(changeId: string, source: ConfigSource = 'user'): ConfigChange {
    const { patch } = planRevert(this.configChanges, changeId);
    return this.execEngine.configure(patch, `${source} (revert ${changeId})`);
  }

  get config(): { shutdownPolicy: string } {
    return { shutdownPolicy: String(this.createdWith['shutdownPolicy']) };
  }

  constructor(readonly createdWith: Record<string, unknown>) {
    this.execEngine.config = { ...this.exec };
  }

  readonly cache = {
    orders: (f: { open?: boolean } = {}) => this.orders.filter((o) => f.open === undefined || o.isOpen === f.open),
    positions: (f: { open?: boolean } = {}) => this.positions.filter((p) => f.open === undefined || p.isOpen === f.open),
  };

  readonly execEngine = {
    config: {} as Readonly<Record<string, unknown>>,
    configure: (change: Record<string, unknown>, source: ConfigChangeSource = 'user'): ConfigChange => {
      const r = ExecSchema.safeParse({ ...this.exec, ...change });
      if (!r.success) {
        throw new EngineError('CONFIG_INVALID', `execEngine: ${r.error.issues[0]!.message}`, {
          issues: r.error.issues.map((i) => ({ path: i.path, message: i.message, received: (change as Record<PropertyKey, unknown>)[i.path[0] ?? ''] })),
        });
      }
      const before = this.exec as Record<string, unknown>;
      const c: ConfigChange = {
        kind: 'ConfigChange',
        changeId: `CC-${this.configChanges.length + 1}`,
        target: 'execEngine',
        source,
        tsEvent: 0n,
        changes: Object.keys(change).filter((k) => before[k] !== r.data[k as keyof typeof r.data]).map((k) => ({ key: k, before: before[k], after: r.data[k as keyof typeof r.data] })),
      };
      this.exec = r.data;
      this.execEngine.config = { ...r.data };
      this.configChanges.push(c);
      return c;
    },
  };

  reconcile(): ReconciliationResult {
    this.lastReconciliation = { ...EMPTY_RECON, trigger: 'MANUAL' };
    return this.lastReconciliation;
  }

  orderTree(id: string): ContingentOrderTree {
    throw new EngineError('ORDER_TREE_NOT_FOUND', `orderTree: expected a known order list or client order id, received ${id}`, { id });
  }

  addStrategy(strategy: unknown): void {
    this.strategies.push(strategy as StubNode['strategies'][number]);
  }

  async start(): Promise<void> {
    this.state = 'RUNNING';
    this.lastReconciliation = EMPTY_RECON;
  }

  /** By the configured policy: 'cancel' cancels open orders; 'flatten' also closes positions; 'leave' does nothing. */
  async stop(): Promise<void> {
    const policy = this.config.shutdownPolicy;
    this.stoppedWith = policy;
    if (policy === 'cancel' || policy === 'flatten') {
      for (const o of this.orders.filter((x) => x.isOpen)) Object.assign(o, { status: 'CANCELED', isOpen: false });
    }
    if (policy === 'flatten') for (const p of this.positions) Object.assign(p, { isOpen: false, quantity: '0' });
    this.state = 'STOPPED';
  }

  async dispose(): Promise<void> {
    this.state = 'DISPOSED';
  }
}

/** A createNode for `createSession` that records the node it made. */
export function stubFactory(): { create: (config: Record<string, unknown>) => Promise<StubNode>; node: () => StubNode } {
  let made: StubNode | undefined;
  return {
    create: async (config) => {
      made = new StubNode(config);
      return made;
    },
    node: () => made!,
  };
}

export function order(id: string, extra: Partial<StubOrder> = {}): StubOrder {
  return { kind: 'Order', clientOrderId: id, status: 'ACCEPTED', isOpen: true, instrumentId: 'BTCUSDT-PERP.SIM', side: 'BUY', type: 'LIMIT', quantity: '0.010', ...extra };
}
