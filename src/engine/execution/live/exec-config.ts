import type { Clock } from '../../core/clock.js';
import { EngineError } from '../../core/errors.js';
import { diffConfig, parseConfig } from '../../config/index.js';
import { LiveExecEngineConfigSchema, type LiveExecEngineConfig } from '../../config/live-exec-engine-config.js';
import type { ConfigChange } from '../../config/config-change.js';

/**
 * The live exec engine's current config and its audited changes (live-execution.md §8): a partial is
 * merged over the current config and the whole result is validated (unknown keys refused); a change that
 * cannot apply live is refused by `check` with the reason; nothing changes unless all is well. Readers
 * call `current` at each tick, so a change takes effect from the next one.
 */
export class ExecConfigHolder {
  private value: LiveExecEngineConfig;
  private seq = 0;

  constructor(initial: LiveExecEngineConfig, private readonly clock: Clock) {
    this.value = Object.freeze({ ...initial });
  }

  get current(): LiveExecEngineConfig {
    return this.value;
  }

  /** Validate, let `check` refuse, apply atomically; returns the change (empty `changes` if nothing differs). */
  change(partial: unknown, source: string, check: (next: LiveExecEngineConfig) => void): { change: ConfigChange; before: LiveExecEngineConfig } {
    if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
      throw new EngineError('CONFIG_INVALID', `execEngine.configure: expected an object of LiveExecEngineConfig keys, received ${String(partial)}`, {});
    }
    // The source is an audit label typed by people (a cell may pass anything): a non-string would poison the log.
    if (typeof source !== 'string' || source.trim() === '') {
      const received = typeof source === 'object' ? JSON.stringify(source) : String(source);
      throw new EngineError('CONFIG_INVALID', `execEngine.configure: expected the source as a non-empty string label (e.g. 'repl'), received ${received}`, { key: 'source', received });
    }
    // Validate the partial alone first so unknown keys are named as such, then the merged whole.
    parseConfig(LiveExecEngineConfigSchema.partial(), partial, 'execEngine change');
    const next = Object.freeze(parseConfig(LiveExecEngineConfigSchema, { ...this.value, ...partial }, 'execEngine'));
    check(next);
    const before = this.value;
    // The time in the id keeps it unique across restarts (a journal drops a change id it already holds).
    const now = this.clock.timestampNs();
    const change: ConfigChange = {
      kind: 'ConfigChange', changeId: `CC-exec-${now}-${++this.seq}`, target: 'execEngine', source, tsEvent: now,
      changes: diffConfig({ ...before }, { ...next }),
    };
    this.value = next;
    return { change, before };
  }
}
