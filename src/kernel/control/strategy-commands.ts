/**
 * The node side of `add-strategy` and `replace-strategy`: the shipped module is written into the node's
 * folder and loaded by the host's loader (the same resolver as the folder's strategy.ts, so `keel` is the
 * host's and the class extends the host's `Strategy`), constructed with the shipped config, then added
 * or swapped in. A module that does not load, or does not export a Strategy class of that name, changes
 * nothing.
 */
import { EngineError, Strategy, type ConfigChange, type ConfigSource, type TradingNode } from '../../engine/index.js';
import { configsOf } from './node-snapshot.js';
import type { AddStrategyResult, StrategyFrame } from './strategy-protocol.js';

export type StrategyClass = new (config: Record<string, unknown>) => Strategy<unknown>;

/** Writes a shipped module into the node's folder and imports it (the CLI's `strategyModuleLoader`). */
export interface StrategyModuleLoader {
  load(className: string, source: string): Promise<{ readonly file: string; readonly exports: Record<string, unknown> }>;
}

export async function runStrategyCommand(node: TradingNode, frame: StrategyFrame, source: ConfigSource, loader: StrategyModuleLoader | undefined): Promise<AddStrategyResult | ConfigChange> {
  if (!loader) {
    throw new EngineError('CONTROL_STRATEGY_LOAD_FAILED', `${frame.type}: expected a node that can load shipped strategy modules (keel node run), received one without a module folder`, { className: frame.className });
  }
  const { file, exports } = await loader.load(frame.className, frame.source);
  const cls = exports[frame.className];
  if (typeof cls !== 'function' || !(cls.prototype instanceof Strategy)) {
    throw new EngineError('CONTROL_STRATEGY_LOAD_FAILED', `${frame.type}: expected the shipped module to export a Strategy class ${frame.className}, received exports: ${Object.keys(exports).join(', ') || 'none'}`, { className: frame.className, file });
  }
  const instance = new (cls as StrategyClass)(frame.config);
  if (frame.type === 'replace-strategy') return node.replaceStrategy(frame.strategyId, instance, source);
  node.addStrategy(instance);
  return { strategyId: instance.id, className: frame.className, file, configs: configsOf(node) };
}
