import { Strategy } from '../../../src/engine/strategy/strategy.js';
import type { StrategyConfig } from '../../../src/engine/strategy/strategy.js';
import { StrategyRegistry } from '../../../src/engine/strategy/strategy-registry.js';
import type { OrderEvent } from '../../../src/engine/model/events.js';
import { FakeContext } from './fake-context.js';

/** A strategy that records the hooks called, in order. */
export class Recorder extends Strategy {
  readonly seen: string[] = [];
  override onOrderEvent(e: OrderEvent): void {
    this.seen.push(e.type);
  }
}

/** Register (tag assigned like the node does) and start. */
export function running<S extends Strategy<any>>(s: S, ctx = new FakeContext()): { s: S; ctx: FakeContext } {
  new StrategyRegistry().add(s);
  s.register(ctx);
  s.start();
  return { s, ctx };
}

export function recorder(config: StrategyConfig<Record<string, unknown>> = {}, ctx = new FakeContext()) {
  return running(new Recorder(config), ctx);
}
