import type { EngineError } from '../core/errors.js';
import type { PersistedState } from './state.js';
import type { JournalRecord } from './records.js';

/**
 * Where the node keeps its state-changing records. Small on purpose: it is what a Redis (or any other)
 * backend implements later. `append` never blocks on I/O (backends batch); `flush` makes everything
 * appended so far durable; `load` folds what is stored into a `PersistedState` (a copy the caller owns).
 */
export interface Persistence {
  /** 'memory' | 'journal' | a backend's own name. */
  readonly kind: string;
  append(records: readonly JournalRecord[]): void;
  load(): Promise<PersistedState>;
  flush(): Promise<void>;
  close(): Promise<void>;
  /** Why appended records cannot be made durable now (disk full...); absent or undefined: they can. */
  readonly failure?: EngineError | undefined;
  /** Write everything appended now: undefined once durable, else the failure (records stay pending). */
  makeDurable?(): EngineError | undefined;
  /**
   * For a backend whose acknowledgement arrives later (Redis): resolves with undefined once everything
   * appended so far is acknowledged, or with why it cannot be (the store went away, no answer in time).
   * Absent: `makeDurable` alone says it (the journal's fsync is synchronous).
   */
  durable?(): Promise<EngineError | undefined>;
  /** Be told when writes start failing (the error) and when they work again (undefined). */
  onHealth?(listener: PersistenceHealthListener): () => void;
}

export type PersistenceHealthListener = (failure: EngineError | undefined) => void;
