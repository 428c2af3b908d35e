import { EngineError } from '../../core/errors.js';
import type { ConfigChange } from '../../config/config-change.js';
import { LiveExecEngineConfigSchema, type LiveExecEngineConfig } from '../../config/live-exec-engine-config.js';
import { LiveConfig, type LiveConfigRecorder } from '../../config/live-config.js';

export interface ExecConfigHooks {
  /** Messages queued now in the fuller of the two queues (a smaller qsize cannot apply live). */
  queued(): number;
  /** Put a change into effect (resize queues, reschedule checks); readers call `current` at each tick. */
  apply(before: LiveExecEngineConfig, next: LiveExecEngineConfig, change: ConfigChange): void;
}

/** The live exec engine's config (live-execution.md §8) as a `LiveConfig`: its only own rule is qsize >= queued. */
export function execLiveConfig(initial: LiveExecEngineConfig, recorder: LiveConfigRecorder | undefined, hooks: ExecConfigHooks): LiveConfig<LiveExecEngineConfig> {
  return new LiveConfig<LiveExecEngineConfig>({
    target: () => 'execEngine',
    idTag: () => 'exec',
    schema: LiveExecEngineConfigSchema,
    guard: (next) => {
      const queued = hooks.queued();
      if (next.qsize < queued) {
        throw new EngineError('QSIZE_BELOW_QUEUED', `execEngine.configure: expected a qsize >= ${queued} (messages queued now), received ${next.qsize}`, {
          key: 'qsize', requested: next.qsize, queued,
        });
      }
    },
    apply: (before, next, change) => hooks.apply(before, next, change),
  }, initial, recorder);
}
