import { EngineError } from '../core/errors.js';

/** What the registry needs of a strategy (`Strategy` satisfies it). */
export interface RegistrableStrategy {
  readonly strategyName: string;
  readonly orderIdTag: string | undefined;
  assignOrderIdTag(tag: string): void;
  readonly id: string;
}

/**
 * The node's list of strategies and their ids (§1 `orderIdTag`): a strategy added without a tag gets
 * the smallest unused three-digit tag (`000`, `001`, ... in the order strategies are added); a
 * duplicate tag or id is an error. The tag must be unique on its own because client order ids embed
 * only the tag.
 */
export class StrategyRegistry<S extends RegistrableStrategy = RegistrableStrategy> {
  private readonly strategies: S[] = [];

  /** Check, assign the tag if missing, and add. Throws and changes nothing on a duplicate. */
  add(strategy: S): S {
    if (this.strategies.includes(strategy)) {
      throw new EngineError('STRATEGY_ALREADY_ADDED', `expected a strategy not yet added, received ${strategy.id} again`, { strategyId: strategy.id });
    }
    const tag = strategy.orderIdTag ?? this.nextTag();
    const id = `${strategy.strategyName}-${tag}`;
    const sameTag = this.strategies.find((s) => s.orderIdTag === tag);
    if (sameTag) {
      throw new EngineError(
        'STRATEGY_DUPLICATE_TAG',
        `expected a unique orderIdTag, received '${tag}' for ${id} which ${sameTag.id} already uses`,
        { orderIdTag: tag, strategyId: id, existing: sameTag.id },
      );
    }
    if (this.strategies.some((s) => s.id === id)) {
      throw new EngineError('STRATEGY_DUPLICATE_ID', `expected a unique strategy id, received '${id}' again`, { strategyId: id });
    }
    if (strategy.orderIdTag === undefined) strategy.assignOrderIdTag(tag);
    this.strategies.push(strategy);
    return strategy;
  }

  /** Hot swap: `next` (same id, tag already assigned) takes `current`'s place in the list. */
  replace(current: S, next: S): void {
    const i = this.strategies.indexOf(current);
    if (i < 0 || next.id !== current.id) throw new EngineError('STRATEGY_SWAP_REFUSED', `expected ${current.id} in the node and a next strategy of the same id, received ${next.id}`, { strategyId: current.id, next: next.id });
    this.strategies[i] = next;
  }

  remove(strategy: S): boolean {
    const i = this.strategies.indexOf(strategy);
    if (i < 0) return false;
    this.strategies.splice(i, 1);
    return true;
  }

  get(strategyId: string): S | undefined {
    return this.strategies.find((s) => s.id === strategyId);
  }

  all(): readonly S[] {
    return this.strategies;
  }

  private nextTag(): string {
    const used = new Set(this.strategies.map((s) => s.orderIdTag));
    for (let n = 0; ; n++) {
      const tag = String(n).padStart(3, '0');
      if (!used.has(tag)) return tag;
    }
  }
}
