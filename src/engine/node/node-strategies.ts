import type { Cache } from '../cache/cache.js';
import { EngineError } from '../core/errors.js';
import type { Strategy } from '../strategy/strategy.js';
import type { StrategyRegistry } from '../strategy/strategy-registry.js';

export interface NodeStrategiesDeps {
  readonly registry: StrategyRegistry<Strategy<unknown>>;
  readonly cache: Pick<Cache, 'ordersOpen'>;
  /** Give a registered strategy its place in the node (the engine's OMS entry, its context); may throw. */
  attach(strategy: Strategy<unknown>): void;
  /** Whether the node trades now (RUNNING or DEGRADED): a strategy added then starts at once. */
  trading(): boolean;
  /** Wait until the matching orders' cancels are answered (bounded). */
  settle(match: (o: { strategyId: string }) => boolean): Promise<void>;
}

/** Adding and removing strategies while the node lives: a bad add changes nothing, a removal never orphans open orders. */
export class NodeStrategies {
  constructor(private readonly d: NodeStrategiesDeps) {}

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
