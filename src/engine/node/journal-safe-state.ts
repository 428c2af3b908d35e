/**
 * The node's safe state while its journal cannot write (issue 11, item 6): entered loudly on the first
 * failure (DEGRADED, no new orders, cancels allowed), left loudly when the journal writes again, back to
 * RUNNING only if the journal was what degraded the node.
 */
import type { EngineError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Persistence } from '../persistence/persistence.js';
import type { NodeStateMachine } from './node-state.js';

export class JournalSafeState {
  private current: EngineError | undefined;
  private degradedByJournal = false;

  constructor(private readonly fsm: NodeStateMachine, private readonly logger: Logger) {}

  /** Why the journal cannot write, while it cannot. */
  get failure(): EngineError | undefined {
    return this.current;
  }

  /** Follow a persistence's health from now on (starting from the failure it may already have). */
  watch(persistence: Pick<Persistence, 'onHealth' | 'failure'>): void {
    persistence.onHealth?.((failure) => this.onHealth(failure));
    if (persistence.failure) this.onHealth(persistence.failure);
  }

  /** The journal's health report: a failure, or `undefined` once it writes again. */
  onHealth(failure: EngineError | undefined): void {
    if (failure !== undefined) {
      const first = this.current === undefined;
      this.current = failure;
      if (!first) return;
      this.logger.error('journal cannot write: safe state (no new orders, cancels allowed) until it can write again', { code: failure.code, error: failure.message, ...failure.details });
      if (this.fsm.state === 'RUNNING') {
        this.fsm.to('DEGRADED', `journal cannot write (${failure.message}): no new orders until it can`);
        this.degradedByJournal = true;
      }
      return;
    }
    if (this.current === undefined) return;
    this.current = undefined;
    this.logger.warn('journal writes again: trading resumed', {});
    if (this.degradedByJournal && this.fsm.state === 'DEGRADED') this.fsm.to('RUNNING');
    this.degradedByJournal = false;
  }
}
