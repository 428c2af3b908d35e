import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { ConfigChange } from '../config/config-change.js';
import type { ReconciliationResult } from '../execution/reconciliation-result.js';
import { topics } from '../bus/switchboard.js';
import type { EngineError } from '../core/errors.js';
import type { Instrument } from '../model/instruments.js';
import type { AccountState } from '../model/events.js';
import type { Applied } from '../execution/applied.js';
import type { JournalPersistence } from './journal-persistence.js';
import type { Persistence } from './persistence.js';
import { rebuildState, restoreCache, type RebuiltState, type RestorableCache } from './rebuild.js';
import type { PersistedState } from './state.js';
import { JournalWriter } from './journal-writer.js';

/** The parts of a node persistence attaches to (a `TradingNode` has them all). */
export interface PersistableNode {
  readonly cache: RestorableCache;
  readonly bus: { subscribe<T>(topic: string, handler: (message: T) => void, options?: { prefix?: boolean }): () => void };
  readonly instruments: { find(id: string): Instrument | undefined };
  readonly logger: Logger;
  readonly clock: Clock;
}

export interface PersistenceAttachment {
  readonly persistence: Persistence;
  /** What was loaded (config change history, the last reconciliation before this start...). */
  readonly loaded: PersistedState;
  readonly rebuilt: RebuiltState;
  readonly restored: { readonly orders: number; readonly positions: number; readonly orderLists: number };
  readonly writer: JournalWriter;
  /**
   * The write-ahead gate: undefined once these applied `OrderSubmitted` are durable, else why not; a
   * promise of the same when the backend acknowledges later (Redis).
   */
  ensureDurable(submitted: readonly Applied[]): EngineError | undefined | Promise<EngineError | undefined>;
  /** Stop writing, flush, close the persistence. */
  close(): Promise<void>;
}

/**
 * Restore a node's cache from its persistence, then journal everything it publishes from now on.
 * Call it right after the node is created and before strategies are added and the node starts: the
 * strategies' id counts continue from the restored orders, and start-up reconciliation then compares
 * the venue with what the node had (so its own orders keep their strategy, and fills that happened while
 * it was down are applied once, as new events that are journaled in turn). `gated`: the node calls
 * `ensureDurable` before every send (the write-ahead gate), so the writer tracks submits for it.
 */
export async function attachPersistence(node: PersistableNode, persistence: Persistence, options: { readonly gated?: boolean } = {}): Promise<PersistenceAttachment> {
  // A journal opened without a clock gets the node's, so its batches are flushed on time.
  (persistence as Partial<Pick<JournalPersistence, 'useClock'>>).useClock?.(node.clock);
  const torn = (persistence as Partial<Pick<JournalPersistence, 'openInfo'>>).openInfo?.torn;
  // The one damage a journal accepts (a crash mid-append): said out loud, never silently.
  if (torn) node.logger.warn('journal: torn last record cut (a crash mid-write; nothing acknowledged was lost)', { file: torn.file, offset: torn.offset, bytes: torn.bytes, reason: torn.reason });
  const loaded = await persistence.load();
  const rebuilt = rebuildState(loaded, (id) => node.instruments.find(id));
  const restored = restoreCache(rebuilt, node.cache);
  // The last state each venue reported: the node knows its balances before it connects (start-up
  // reconciliation compares it with the venue's).
  for (const state of loaded.accounts.values()) node.cache.setAccount?.(state);
  for (const p of rebuilt.problems) node.logger.warn('journal: could not rebuild', { ...p });
  // Only a store that can hold something says what it restored: a fresh in-memory one has nothing to tell.
  if (loaded.records > 0) node.logger.info('journal: cache restored', { ...restored, records: loaded.records, kind: persistence.kind });
  const writer = new JournalWriter(persistence);
  writer.gated = options.gated ?? false;
  writer.seed(rebuilt);
  const unsubscribe = [
    // What the execution engine applied, as it said it: one record per applied event, in apply order.
    node.bus.subscribe<Applied>(topics.applied, (a) => writer.onApplied(a)),
    node.bus.subscribe<ConfigChange>(topics.configChanges, (c) => writer.onConfigChange(c)),
    node.bus.subscribe<ReconciliationResult>(topics.reconciliation, (r) => writer.onReconciliation(r)),
    node.bus.subscribe<AccountState>(topics.accounts, (s) => writer.onAccountState(s)),
  ];
  writer.marker('attached', node.clock.timestampNs(), { restoredOrders: restored.orders, restoredPositions: restored.positions });
  let closed = false;
  return {
    persistence,
    loaded,
    rebuilt,
    restored,
    writer,
    ensureDurable: (submitted) => writer.ensureSubmittedDurable(submitted),
    async close() {
      if (closed) return;
      closed = true;
      for (const u of unsubscribe) u();
      writer.marker('detached', node.clock.timestampNs());
      await persistence.close();
    },
  };
}
