import type { Cache } from '../cache/cache.js';
import type { Clock } from '../core/clock.js';
import { EngineError } from '../core/errors.js';
import type { ConfigAudit, ConfigChange, ConfigSource } from '../config/config-change.js';
import type { ClaimsRegistryLike } from '../strategy/context.js';
import type { Strategy } from '../strategy/strategy.js';
import type { StrategyRegistry } from '../strategy/strategy-registry.js';
import { StrategySwap } from './strategy-swap.js';

export interface NodeStrategiesDeps {
  readonly registry: StrategyRegistry<Strategy<unknown>>;
  readonly cache: Pick<Cache, 'ordersOpen'>;
  readonly clock: Clock;
  readonly audit: ConfigAudit;
  readonly claims: ClaimsRegistryLike;
  /**
   * Give a registered strategy its place in the node (the engine's OMS entry, its context); may throw.
   * With `previous` (hot swap) it takes over that stopped instance's place (`Strategy.takeOverFrom`).
   */
  attach(strategy: Strategy<unknown>, previous?: Strategy<unknown>): void;
  /** Whether the node trades now (RUNNING or DEGRADED): a strategy added then starts at once. */
  trading(): boolean;
  /** Wait until the matching orders' cancels are answered (bounded). */
  settle(match: (o: { strategyId: string }) => boolean): Promise<void>;
}

/** Adding and removing strategies while the node lives: a bad add changes nothing, a removal never orphans open orders. */
export class NodeStrategies {
  private readonly swap: StrategySwap;

  constructor(private readonly d: NodeStrategiesDeps) {
    this.swap = new StrategySwap({ registry: d.registry, clock: d.clock, audit: d.audit, claims: d.claims, takeOver: (next, previous) => d.attach(next, previous) });
  }

  /** Hot swap a running strategy's code keeping its id, orders and links (see strategy-swap.ts). */
  replace(id: string, next: Strategy<unknown>, source?: ConfigSource): ConfigChange {
    return this.swap.replace(id, next, source);
  }

  /** Undo a hot swap (a `code` change): the previous class swapped back in. */
  revertSwap(change: ConfigChange, source: ConfigSource | undefined): ConfigChange {
    return this.swap.revert(change, source);
  }

  /** Add a strategy (tags `000`, `001`... in order added); while trading it is started at once. */
  add<S extends Strategy<unknown>>(strategy: S): S {
    this.d.registry.add(strategy);
    try {
      this.d.attach(strategy);
    } catch (error) {
      this.d.registry.remove(strategy);
      throw error;
    }
    if (this.d.trading()) strategy.start();
    return strategy;
  }

  /** Remove a strategy; refused while it has open orders unless `cancelOrders` (then they are cancelled first). */
  async remove(strategy: Strategy<unknown>, options: { cancelOrders?: boolean }): Promise<void> {
    const open = this.d.cache.ordersOpen({ strategyId: strategy.id });
    if (open.length > 0 && options.cancelOrders !== true) {
      throw new EngineError('STRATEGY_HAS_OPEN_ORDERS', `removeStrategy(${strategy.id}): expected no open orders (or { cancelOrders: true }), received ${open.length} open`, {
        strategyId: strategy.id, openOrders: open.map((o) => o.clientOrderId),
      });
    }
    if (open.length > 0) {
      strategy.cancelAllOrders();
      await this.d.settle((o) => o.strategyId === strategy.id);
    }
    strategy.dispose();
    this.d.registry.remove(strategy);
  }
}
