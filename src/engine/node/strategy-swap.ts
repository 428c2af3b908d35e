/**
 * Hot swap of a running strategy's code (`node.replaceStrategy`): the id, its orders, positions and
 * contingent links stay (nothing is cancelled); the old instance stops (`onStop`), hands over
 * (`onHandOver` → `onTakeOver`), and the new one starts (`onStart`) with the old one's order factory and
 * command memory. Audited as a `code` change of `strategy:<id>` and revertible: the undo builds the
 * previous class again with the config it had and swaps it back through the same path.
 */
import type { Clock } from '../core/clock.js';
import { EngineError } from '../core/errors.js';
import { ATTACH_SOURCE, CONFIG_SOURCES, type ConfigAudit, type ConfigChange, type ConfigSource } from '../config/config-change.js';
import type { ClaimsRegistryLike } from '../strategy/context.js';
import type { Strategy } from '../strategy/strategy.js';
import type { StrategyRegistry } from '../strategy/strategy-registry.js';

export interface StrategySwapDeps {
  readonly registry: StrategyRegistry<Strategy<unknown>>;
  readonly clock: Clock;
  readonly audit: ConfigAudit;
  readonly claims: ClaimsRegistryLike;
  /** Register `next` in the engine and have it take over from `previous` (see `Strategy.takeOverFrom`). */
  takeOver(next: Strategy<unknown>, previous: Strategy<unknown>): void;
}

type StrategyClass = new (config: unknown) => Strategy<unknown>;

/** What an undo needs: the class that ran before the swap and its config then. */
interface Previous {
  readonly cls: StrategyClass;
  readonly config: unknown;
}

export class StrategySwap {
  private readonly previous = new Map<string, Previous>();
  private seq = 0;

  constructor(private readonly d: StrategySwapDeps) {}

  /** Swap strategy `id`'s code for `next`'s; checks everything before touching anything. */
  replace(id: string, next: Strategy<unknown>, source?: ConfigSource, revertOf?: string): ConfigChange {
    const by = this.checkSource(source);
    const current = this.d.registry.get(id);
    if (!current) {
      const ids = this.d.registry.all().map((s) => s.id);
      throw new EngineError('STRATEGY_UNKNOWN', `replaceStrategy: expected the id of a strategy of this node (${ids.join(', ') || 'none'}), received ${id}`, { strategyId: id, strategies: ids });
    }
    const refuse = (expected: string, received: string) =>
      new EngineError('STRATEGY_SWAP_REFUSED', `replaceStrategy(${id}): expected ${expected}, received ${received}`, { strategyId: id, next: next.id });
    if (current.state !== 'RUNNING') throw refuse('a RUNNING strategy', `one ${current.state}`);
    if (next.isRegistered || this.d.registry.all().includes(next)) throw refuse('a new strategy object', `${next.id}, already added to a node`);
    if (next.strategyName !== current.strategyName || (next.orderIdTag !== undefined && next.orderIdTag !== current.orderIdTag)) {
      throw refuse(`a strategy with the id ${id} (strategyId '${current.strategyName}')`, next.id);
    }
    const taken = next.config.externalOrderClaims.map((i) => [i, this.d.claims.owner(i)] as const).filter(([, o]) => o !== undefined && o !== id);
    if (taken.length > 0) throw refuse('external order claims no other strategy holds', taken.map(([i, o]) => `${i} (claimed by ${o!})`).join(', '));

    if (next.orderIdTag === undefined) next.assignOrderIdTag(current.orderIdTag!);
    const before = { cls: current.constructor as StrategyClass, config: current.config };
    current.stop();
    this.d.registry.replace(current, next);
    this.d.takeOver(next, current);
    next.start();

    const tsEvent = this.d.clock.timestampNs();
    const change: ConfigChange = {
      kind: 'ConfigChange', changeId: `CC-${id}-code-${tsEvent}-${++this.seq}`, target: `strategy:${id}`,
      source: revertOf === undefined ? by : `${by} (revert ${revertOf})`, ...(revertOf !== undefined ? { revertOf } : {}),
      tsEvent, changes: [{ key: 'code', before: current.constructor.name, after: next.constructor.name }],
    };
    this.previous.set(change.changeId, before);
    this.d.audit.append(change);
    return change;
  }

  /** Undo a swap: the class that ran before it, with its config then, swapped back in. */
  revert(change: ConfigChange, source: ConfigSource | undefined): ConfigChange {
    const prev = this.previous.get(change.changeId);
    if (!prev) {
      throw new EngineError('CONFIG_REVERT_REFUSED', `revert: ${change.changeId} swapped the code of ${change.target} in an earlier run of the node; its previous class is not loaded here`, {
        changeId: change.changeId, target: change.target,
      });
    }
    return this.replace(change.target.slice('strategy:'.length), new prev.cls(prev.config), source, change.changeId);
  }

  private checkSource(source: unknown): ConfigSource {
    if (source === undefined) return this.d.audit.defaultSource;
    if (typeof source === 'string' && ((CONFIG_SOURCES as readonly string[]).includes(source) || ATTACH_SOURCE.test(source))) return source as ConfigSource;
    throw new EngineError('CONFIG_INVALID', `replaceStrategy: expected the source as one of ${CONFIG_SOURCES.join(', ')} or attach:KEY-ID, received ${String(source)}`, { key: 'source', received: String(source) });
  }
}
