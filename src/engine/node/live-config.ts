/**
 * The node's live-config wiring: one audit log that every component's `LiveConfig` appends to (published
 * on the bus, where the journal picks it up), and undo (`node.revert`) through the target's own live
 * config, so the inverse is validated, put into effect and audited like any change.
 */
import type { MessageBus } from '../bus/message-bus.js';
import { topics } from '../bus/switchboard.js';
import type { ConfigChange, ConfigSource } from '../config/config-change.js';
import { ConfigLog } from '../config/config-log.js';
import { planRevert, revertChange, type Revertible } from '../config/config-revert.js';

export function createConfigLog(bus: MessageBus, defaultSource: ConfigSource = 'user'): ConfigLog {
  return new ConfigLog((change) => bus.publish(topics.configChanges, change), defaultSource);
}

export interface RevertTargets {
  readonly execEngine: { readonly liveConfig: Revertible };
  readonly riskEngine: { readonly liveConfig: Revertible; readonly tradingStateConfig: Revertible };
  strategy(strategyId: string): { readonly liveConfig: Revertible } | undefined;
  /** Undo a hot swap (a change of a strategy's `code`): swapped back, not configured. */
  code(change: ConfigChange, source: ConfigSource | undefined): ConfigChange;
}

/** Undo `changeId` (see `planRevert`); returns the change that did it. */
export function revertLiveChange(log: ConfigLog, changeId: string, source: ConfigSource | undefined, t: RevertTargets): ConfigChange {
  const { change } = planRevert(log.changes, changeId);
  if (change.changes.some((e) => e.key === 'code')) return t.code(change, source);
  return revertChange(log.changes, changeId, source, (target) => {
    if (target === 'execEngine') return t.execEngine.liveConfig;
    if (target === 'riskEngine') return t.riskEngine.liveConfig;
    if (target === 'tradingState') return t.riskEngine.tradingStateConfig;
    return t.strategy(target.slice('strategy:'.length))?.liveConfig;
  });
}
