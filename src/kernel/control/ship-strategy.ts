/**
 * What `RemoteNode.addStrategy` / `replaceStrategy` send: the strategy's class as `promote` extracts it
 * from the session's cells (the class, the helpers and imports it uses), and its config. A class that
 * leans on notebook state (`let`, the session's `node`, a value computed with await) is refused here,
 * before anything is sent, with the name and the cell (collectSource's error).
 */
import * as keelApi from '../../engine/index.js';
import { EngineError } from '../../engine/index.js';
import { collectSource, type CellLike } from '../promote/collect-source.js';

/** The cells a strategy class was defined in, and the session's globals (what promote reads too). */
export interface StrategySourceSession {
  readonly history: readonly CellLike[];
  readonly globals: Readonly<Record<string, unknown>>;
}

export interface ShippedStrategy {
  readonly className: string;
  readonly source: string;
  readonly config: Record<string, unknown>;
}

interface StrategyLike {
  readonly strategyName: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly isRegistered: boolean;
}

export function shipStrategy(command: string, strategy: unknown, session: StrategySourceSession | undefined): ShippedStrategy {
  const s = strategy as Partial<StrategyLike> | null;
  if (s === null || typeof s !== 'object' || typeof s.strategyName !== 'string' || typeof s.config !== 'object') {
    throw new EngineError('CONFIG_INVALID', `${command}: expected a strategy object (new MyStrategy(config)), received ${s === null ? 'null' : typeof s}`, {});
  }
  if (s.isRegistered === true) {
    throw new EngineError('STRATEGY_ALREADY_ADDED', `${command}: expected a new strategy object, received ${s.strategyName}, already added to a node`, { strategy: s.strategyName });
  }
  const className = (strategy as object).constructor.name;
  // keel's own classes (the demo EmaCrossBracket) need no cells: the node imports them from its keel.
  if ((keelApi as Record<string, unknown>)[className] === (strategy as object).constructor) {
    return { className, source: `export { ${className} } from 'keel';\n`, config: plainConfig(s.config) };
  }
  if (!session) {
    throw new EngineError('ATTACH_UNSUPPORTED', `${command}: expected the session cells the class was defined in (attach(url, { session }) or keel attach), received none`, {});
  }
  const source = collectSource(className, session.history, session.globals, keelApi as unknown as Record<string, unknown>);
  return { className, source: source.text, config: plainConfig(s.config) };
}

/** The config as plain data (decimals as their exact strings); the node validates it again when it constructs the class. */
function plainConfig(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(config, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown>;
}
