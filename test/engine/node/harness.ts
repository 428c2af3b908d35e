import { Money } from '../../../src/engine/core/decimal.js';
import * as events from '../../../src/engine/model/event-factory.js';
import type { OrderInitArgs } from '../../../src/engine/model/event-factory.js';
import { Order } from '../../../src/engine/model/order.js';
import { MemoryLogger } from '../../../src/engine/core/logger.js';
import type { Clock } from '../../../src/engine/core/clock.js';
import { TradingNode, type TradingNodeOptions } from '../../../src/engine/node.js';
import { SandboxVenue, type SandboxVenueOptions } from '../../../src/sandbox/sandbox-venue.js';
import type { LiveExecEngineConfigInput } from '../../../src/engine/config/live-exec-engine-config.js';
import type { TradingNodeConfigInput } from '../../../src/engine/config/trading-node-config.js';

/**
 * Test harness: a real sandbox venue on port 0 and a node connected to it over ws. Checks are off
 * unless a test turns them on (start-up delay 0 so a test that does sees them at once).
 */
export const QUIET_CHECKS: LiveExecEngineConfigInput = { inflightCheckIntervalMs: 0, reconciliationStartupDelaySecs: 0 };

export async function startVenue(opts: SandboxVenueOptions = {}): Promise<SandboxVenue> {
  return SandboxVenue.start({
    port: 0, instruments: ['AUDUSD.SIM', 'GBPUSD.SIM', 'USDJPY.SIM'], omsType: 'NETTING',
    accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '100000000', JPY: '10000000000', USDT: '100000000' } }], ...opts,
  });
}

export interface NodeUnderTest {
  readonly node: TradingNode;
  readonly logger: MemoryLogger;
}

export async function createNode(
  venue: SandboxVenue,
  execEngine: LiveExecEngineConfigInput = {},
  extra: Omit<TradingNodeConfigInput, 'venues' | 'execEngine'> = {},
  options: TradingNodeOptions & { clock?: Clock } = {},
): Promise<NodeUnderTest> {
  const logger = new MemoryLogger(undefined, 'info');
  const node = await TradingNode.create({
    venues: [{ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's' }],
    execEngine: { ...QUIET_CHECKS, ...execEngine },
    riskEngine: { maxOrderSubmitRate: '100000/00:00:01' },
    ...extra,
  }, { logger, ...options });
  return { node, logger };
}

/** Poll a condition on the event loop (no fixed sleeps): resolves when it holds, rejects after `limitMs`. */
export async function until(cond: () => boolean, limitMs = 5000, what = 'condition'): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!cond()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Dispose nodes and stop venues (for afterEach). */
export class Cleanup {
  private readonly items: Array<() => Promise<void>> = [];
  add(fn: () => Promise<void>): void {
    this.items.push(fn);
  }
  async run(): Promise<void> {
    for (const fn of this.items.splice(0).reverse()) await fn().catch(() => undefined);
  }
}

/**
 * Test-only path to a node's cached state before `start()` (no persistence layer to restore from yet):
 * build the order from its events on the execution engine's strict direct path, as a restored journal
 * would. `steps` run in order: 'SUBMITTED', { accepted: venueOrderId }, { fill: {...} }.
 */
export type CacheStep =
  | 'SUBMITTED'
  | { readonly accepted: string }
  | { readonly fill: { readonly tradeId: string; readonly qty: string; readonly px: string; readonly commission?: string } };

export function cacheOrder(
  node: TradingNode,
  def: Omit<OrderInitArgs, 'traderId' | 'tsInit' | 'strategyId'> & { strategyId?: string; positionId?: string },
  steps: readonly CacheStep[],
  startTs = 1n,
): void {
  const { positionId, ...rest } = def;
  const init = events.orderInitialized({ traderId: node.traderId, strategyId: 'EXTERNAL', tsInit: startTs, ...rest });
  node.core.addOrder(Order.create(init), positionId);
  let ts = startTs;
  for (const step of steps) {
    const order = node.cache.order(def.clientOrderId)!;
    if (step === 'SUBMITTED') node.core.applyEvent(events.orderSubmitted(order, ts++));
    else if ('accepted' in step) node.core.applyEvent(events.orderAccepted(order, step.accepted, ts++));
    else {
      const f = step.fill;
      node.core.applyEvent(events.orderFilled(order, {
        tradeId: f.tradeId, lastQty: f.qty, lastPx: f.px, currency: 'USD', ...(f.commission ? { commission: Money.from(f.commission, 'USD') } : {}),
      }, ts++));
    }
  }
}

/** A mass status holding only these fills (a scenario that hands the reconciler a venue answer directly). */
export { massOfFills } from '../../../src/engine/execution/live/reconciler.js';
