/**
 * Stopping with a different policy than the node was configured with. The node applies its own
 * `shutdownPolicy` when it stops (DESIGN.md: `node.stop()` takes no policy), so the session can only
 * add to it: before the stop it cancels (and for 'flatten' closes) through each strategy's own public
 * commands, then waits for the orders to close. Asking for less than the configured policy is refused
 * rather than silently ignored.
 */
import { EngineError } from '../../engine/index.js';
import type { SessionNode, ShutdownPolicy, StrategyView } from './live-node.js';
import { strategiesOf } from './live-node.js';

const RANK: Record<ShutdownPolicy, number> = { leave: 0, cancel: 1, flatten: 2 };

interface StrategyCommands extends StrategyView {
  cancelAllOrders?(): void;
  closePosition?(position: unknown): unknown;
}

export function configuredPolicy(node: SessionNode, fallback: ShutdownPolicy): ShutdownPolicy {
  const policy = (node as unknown as { config?: { shutdownPolicy?: unknown } }).config?.shutdownPolicy;
  return policy === 'leave' || policy === 'cancel' || policy === 'flatten' ? policy : fallback;
}

export function checkOverride(configured: ShutdownPolicy, requested: ShutdownPolicy): void {
  if (RANK[requested] < RANK[configured]) {
    throw new EngineError(
      'SESSION_STOP_POLICY_WEAKER',
      `stop('${requested}'): expected a policy at least as strong as the node's configured '${configured}' (the node applies it when it stops), received '${requested}'`,
      { configured, requested },
    );
  }
}

/** Applies what `requested` adds to `configured`, then waits (up to `waitMs`) for the open orders to close. */
export async function strengthenBeforeStop(node: SessionNode, configured: ShutdownPolicy, requested: ShutdownPolicy, waitMs: number): Promise<void> {
  if (RANK[requested] <= RANK[configured]) return;
  const strategies = strategiesOf(node) as StrategyCommands[];
  const running = strategies.filter((s) => s.state === undefined || s.state === 'RUNNING');
  for (const s of running) s.cancelAllOrders?.();
  if (requested === 'flatten') {
    for (const p of node.cache.positions({ open: true })) {
      const owner = running.find((s) => s.id === (p as unknown as { strategyId?: unknown }).strategyId);
      owner?.closePosition?.(p);
    }
  }
  const deadline = performance.now() + waitMs;
  while (node.cache.orders({ open: true }).length > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
