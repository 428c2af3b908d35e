/**
 * The node's live-config plumbing: the risk engine's changes audited like the exec engine's, and an undo
 * (`node.revert`) applied through the owner of its target, so the inverse is validated and audited too.
 */
import type { ConfigChange } from '../config/config-change.js';
import { planRevert } from '../config/config-revert.js';
import type { Clock } from '../core/clock.js';
import { EngineError } from '../core/errors.js';
import type { RiskEngine } from '../risk/risk-engine.js';

type Configurable = { configure(patch: Record<string, unknown>, source: string): ConfigChange };

export interface RevertTargets {
  readonly log: readonly ConfigChange[];
  readonly execEngine: Configurable;
  readonly riskEngine: RiskEngine;
  strategy(strategyId: string): Configurable | undefined;
}

/** Undo `changeId` (see `planRevert`); returns the change that did it. */
export function revertChange(changeId: string, source: string, t: RevertTargets): ConfigChange {
  const { change, patch } = planRevert(t.log, changeId);
  const by = `${source} (revert ${changeId})`;
  if (change.target === 'execEngine') return t.execEngine.configure(patch, by);
  if (change.target === 'riskEngine') {
    (t.riskEngine.configure as (p: typeof patch, s?: string) => unknown)(patch, by);
    return t.log.at(-1)!;
  }
  const strategy = change.target.startsWith('strategy:') ? t.strategy(change.target.slice('strategy:'.length)) : undefined;
  if (!strategy) {
    throw new EngineError('CONFIG_REVERT_REFUSED', `revert: ${changeId} changed ${change.target}, which this node no longer has`, { changeId, target: change.target });
  }
  return strategy.configure(patch, by);
}

/** `riskEngine.configure(patch, source?)` keeps its return value (the diff) and is recorded like the exec engine's changes. */
export function auditRiskConfig(risk: RiskEngine, clock: Clock, record: (change: ConfigChange) => void): void {
  const configure = risk.configure.bind(risk);
  let seq = 0;
  risk.configure = ((patch: Parameters<typeof configure>[0], source = 'user') => {
    const changes = configure(patch);
    const tsEvent = clock.timestampNs();
    record({ kind: 'ConfigChange', changeId: `CC-risk-${tsEvent}-${++seq}`, target: 'riskEngine', source, tsEvent, changes });
    return changes;
  }) as typeof risk.configure;
}
