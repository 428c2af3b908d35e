import type { Cache } from '../cache/cache.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { ShutdownPolicy } from '../config/trading-node-config.js';
import type { TradingCommand } from '../model/commands.js';
import { newEventId } from '../model/identifiers.js';
import type { Order } from '../model/order.js';
import type { Position } from '../model/position.js';

/**
 * What stopping the node does to working orders and positions (`shutdownPolicy`): 'leave' nothing,
 * 'cancel' every open order, 'flatten' cancel and close every open position with a market order.
 * Commands go straight to the execution engine (a shutdown must not be refused by the submit rate).
 */
export interface ShutdownDeps {
  readonly cache: Cache;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly traderId: string;
  execute(command: TradingCommand): void;
  /** Close a position (through its strategy); false when nothing can close it (no strategy owns it). */
  closePosition(position: Position): boolean;
  /**
   * Cancel through the order's strategy when one runs (it then knows the cancel is on its way); false
   * when none does, and the command goes straight to the engine.
   */
  cancelThroughStrategy(order: Order): boolean;
}

/**
 * The whole sweep: the policy once, then, for orders that were in flight at the sweep and only became open
 * after it (a bracket just sent), cancels only, until none is left or `rounds` are spent. `settle` waits
 * for the answers. It ends because a stopping node denies new orders.
 */
export async function sweepForShutdown(policy: ShutdownPolicy, d: ShutdownDeps, settle: () => Promise<void>, rounds = 3): Promise<void> {
  if (policy === 'leave') return;
  applyShutdownPolicy(policy, d);
  await settle();
  for (let round = 0; round < rounds && d.cache.ordersOpen().some((o) => o.status !== 'PENDING_CANCEL'); round++) {
    applyShutdownPolicy('cancel', d);
    await settle();
  }
}

export function applyShutdownPolicy(policy: ShutdownPolicy, d: ShutdownDeps): { canceled: number; closed: number } {
  if (policy === 'leave') return { canceled: 0, closed: 0 };
  let canceled = 0;
  for (const order of d.cache.ordersOpen()) {
    if (order.status === 'PENDING_CANCEL') continue;
    if (d.cancelThroughStrategy(order)) {
      canceled += 1;
      continue;
    }
    d.execute({
      type: 'CancelOrder', commandId: newEventId(), traderId: d.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId, ...(order.venueOrderId !== undefined ? { venueOrderId: order.venueOrderId } : {}), tsInit: d.clock.timestampNs(),
    });
    canceled += 1;
  }
  let closed = 0;
  if (policy === 'flatten') {
    for (const position of d.cache.positionsOpen()) {
      if (d.closePosition(position)) closed += 1;
      else d.logger.warn('flatten: no strategy owns this position, left open', { positionId: position.id });
    }
  }
  return { canceled, closed };
}
