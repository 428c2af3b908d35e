import { EngineError } from '../core/errors.js';

/**
 * A strategy object shipped to a node in another process (`markShipped`): the copy there runs, so this one
 * refuses its commands and `configure` with STRATEGY_SHIPPED, naming where it runs and the handle to use.
 */
export function shippedCopyError(strategyId: string, shippedTo: string, what: string): EngineError {
  return new EngineError('STRATEGY_SHIPPED', `${strategyId}.${what}: expected the strategy object that runs, received the copy shipped to ${shippedTo} (use the handle node.addStrategy answered: \`const s = await node.addStrategy(...)\`, or node.strategy('${strategyId}'))`, { strategyId });
}
