/**
 * The part of the engine's public API (DESIGN.md) the session and the dot-commands rely on, stated
 * structurally so the kernel depends on names in `src/engine/index.ts` only, and unit tests can hand
 * in a small stub node.
 */
import type { ConfigChange, ConfigKeyInfo, ConfigSource, ContingentOrderTree, ReconciliationResult, TradingNode } from '../../engine/index.js';

export type { ShutdownPolicy } from '../../engine/index.js';
export { SHUTDOWN_POLICIES } from '../../engine/config/trading-node-config.js';

/** What the session reads of an order (display-ready; Decimals print through toString). */
export interface OrderView {
  readonly clientOrderId: string;
  readonly status: string;
  readonly isOpen: boolean;
  readonly orderListId?: string | null | undefined;
}

export interface PositionView {
  readonly id: string;
  readonly isOpen: boolean;
  readonly quantity: { toString(): string };
}

/** The engine's own signature, answered now (a local node) or later (an attached node answers over the wire). */
export type LocalOrRemote<F extends (...args: never[]) => unknown> = (...args: Parameters<F>) => ReturnType<F> | Promise<ReturnType<F>>;

export interface StrategyView {
  readonly id: string;
  readonly state?: string;
  readonly config?: unknown;
  /** A live change (what `.config STRATEGY-ID.KEY VALUE` calls). */
  configure?(partial: Record<string, unknown>, source?: ConfigSource): ConfigChange | Promise<ConfigChange>;
  /** The keys `configure` accepts, each with its one-line description. */
  readonly liveConfig?: { readonly keys: readonly ConfigKeyInfo[] };
}

export interface SessionNode {
  readonly cache: {
    orders(filter?: { strategyId?: string; instrumentId?: string; open?: boolean }): readonly OrderView[];
    positions(filter?: { open?: boolean }): readonly PositionView[];
  };
  /** The engine's own signatures (not a re-declaration): a wrong argument here is a compile error. */
  readonly execEngine: {
    readonly config: Readonly<Record<string, unknown>>;
    configure: LocalOrRemote<TradingNode['execEngine']['configure']>;
    readonly liveConfig?: { readonly keys: readonly ConfigKeyInfo[] };
  };
  /** Pre-trade checks (`.config risk.KEY VALUE`); a stub node may have none. */
  readonly riskEngine?: {
    readonly config: Readonly<Record<string, unknown>>;
    configure: LocalOrRemote<TradingNode['riskEngine']['configure']>;
    readonly liveConfig?: { readonly keys: readonly ConfigKeyInfo[] };
  };
  reconcile(): ReconciliationResult | Promise<ReconciliationResult>;
  readonly lastReconciliation?: ReconciliationResult | null | undefined;
  orderTree(id: string): ContingentOrderTree;
  readonly configChanges: readonly ConfigChange[];
  /** Undo a live change by id (the engine's own signature). */
  revert: LocalOrRemote<TradingNode['revert']>;
  addStrategy(strategy: unknown): unknown;
  /** ACTIVE, HALTED or REDUCING (`.halt`, `.resume`); a stub node may have none. */
  readonly tradingState?: string;
  halt?: LocalOrRemote<TradingNode['halt']>;
  resume?: LocalOrRemote<TradingNode['resume']>;
  start(): Promise<void>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

/** Strategies the node holds, under whichever name it exposes them (DESIGN.md does not fix one). */
export function strategiesOf(node: SessionNode): StrategyView[] {
  for (const key of ['strategies', 'trader']) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) return value as StrategyView[];
    if (value instanceof Map) return [...value.values()] as StrategyView[];
    if (typeof value === 'object' && value !== null && Array.isArray((value as { strategies?: unknown }).strategies)) {
      return (value as { strategies: StrategyView[] }).strategies;
    }
  }
  return [];
}
