import { EngineError } from '../core/errors.js';
import type { Persistence } from './persistence.js';
import type { JournalRecord } from './records.js';
import { applyRecord, copyState, emptyState, type PersistedState } from './state.js';

/** The default: state kept in memory for the life of the node (nothing survives a restart). */
export class MemoryPersistence implements Persistence {
  readonly kind = 'memory';
  private readonly state = emptyState();
  private closed = false;

  append(records: readonly JournalRecord[]): void {
    if (this.closed) throw new EngineError('PERSISTENCE_CLOSED', 'expected an open persistence, received append after close', { kind: this.kind });
    for (const r of records) applyRecord(this.state, r);
  }
  async load(): Promise<PersistedState> {
    return copyState(this.state);
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {
    this.closed = true;
  }
}
