/**
 * Undo of a live configuration change (`node.revert(changeId)`): decided purely from the audit log, then
 * applied by the target's own `LiveConfig`, so the inverse is validated, put into effect and audited
 * like any change. Refused, with the reason, when there is nothing to undo or a later change touched
 * the same keys of the same target (reverting under it would silently undo that one too).
 */
import { EngineError } from '../core/errors.js';
import type { ConfigChange, ConfigSource, ConfigTarget } from './config-change.js';

export interface RevertPlan {
  readonly change: ConfigChange;
  /** The partial config that puts every changed key back (`params.x` keys as `{ params: { x } }`). */
  readonly patch: Record<string, unknown>;
}

/** What a revert applies through: a target's live config (undefined when the node no longer has it). */
export interface Revertible {
  change(partial: unknown, source: ConfigSource | undefined, revertOf: string): ConfigChange;
}

export function planRevert(log: readonly ConfigChange[], changeId: string): RevertPlan {
  const at = log.findIndex((c) => c.changeId === changeId);
  if (at < 0) {
    const latest = log.at(-1)?.changeId;
    throw new EngineError('CONFIG_CHANGE_UNKNOWN', `revert: expected the id of a change in node.configChanges, received '${changeId}'${latest ? ` (the latest is ${latest})` : ' (no change yet)'}`, { changeId });
  }
  const change = log[at]!;
  if (change.changes.length === 0) {
    throw new EngineError('CONFIG_REVERT_REFUSED', `revert: ${changeId} changed nothing, so there is nothing to undo`, { changeId });
  }
  const keys = new Set(change.changes.map((e) => e.key));
  const later = log.slice(at + 1).find((c) => c.target === change.target && c.changes.some((e) => keys.has(e.key)));
  if (later) {
    const overlap = later.changes.filter((e) => keys.has(e.key)).map((e) => e.key);
    throw new EngineError('CONFIG_REVERT_REFUSED', `revert: ${changeId} cannot be undone: the later change ${later.changeId} also changed ${overlap.join(', ')} of ${change.target}; revert ${later.changeId} first`, {
      changeId, blockedBy: later.changeId, keys: overlap,
    });
  }
  const patch: Record<string, unknown> = {};
  for (const e of change.changes) {
    if (e.key.startsWith('params.')) {
      const params = (patch['params'] ??= {}) as Record<string, unknown>;
      params[e.key.slice('params.'.length)] = e.before;
    } else {
      patch[e.key] = e.before;
    }
  }
  return { change, patch };
}

/** Undo `changeId` through its target's live config; returns the change that did it. */
export function revertChange(log: readonly ConfigChange[], changeId: string, source: ConfigSource | undefined, targetOf: (target: ConfigTarget) => Revertible | undefined): ConfigChange {
  const { change, patch } = planRevert(log, changeId);
  const target = targetOf(change.target);
  if (!target) {
    throw new EngineError('CONFIG_REVERT_REFUSED', `revert: ${changeId} changed ${change.target}, which this node no longer has`, { changeId, target: change.target });
  }
  return target.change(patch, source, changeId);
}
