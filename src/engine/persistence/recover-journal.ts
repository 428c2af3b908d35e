import { existsSync, openSync, closeSync, renameSync } from 'node:fs';
import { ensureWritableDir } from './ensure-dir.js';
import { join } from 'node:path';
import { EngineError } from '../core/errors.js';
import type { OrderEvent, OrderInitialized } from '../model/events.js';
import { orderSubmitted } from '../model/event-factory.js';
import { Order } from '../model/order.js';
import { fsyncDir, segmentFile, writeSnapshot } from './journal-files.js';
import { HeadFile } from './journal-head.js';
import { JournalPersistence } from './journal-persistence.js';
import { inspectJournal, type JournalDamage } from './journal-scan.js';
import type { PersistedState } from './state.js';

export interface RecoverJournalOptions {
  /** Now, for the recovery marker and the name of the folder the damaged files are moved to. */
  readonly tsNs: bigint;
  /** A label for that folder (e.g. `20240102-030405`); default: `tsNs`. */
  readonly stamp?: string;
  /**
   * Orders the venue has that the intact part lacks, already attributed to their strategy (from their client
   * order id tags): each is journaled as initialized and submitted, so start-up reconciliation brings it
   * to the venue's status — with its fills, into its strategy's position — instead of booking it EXTERNAL.
   */
  readonly owned?: readonly OrderInitialized[];
}

export interface JournalRecovery {
  readonly kind: 'JournalRecovery';
  readonly dir: string;
  /** Where the damaged files were moved (kept for inspection; nothing is deleted). */
  readonly damagedDir: string;
  readonly damage: readonly JournalDamage[];
  /** What the intact part held and was kept. */
  readonly kept: { readonly records: number; readonly orders: number; readonly positions: number };
  /** Fill events dropped from the end of the intact part because their position update was cut off (reconciliation applies them again). */
  readonly droppedFills: readonly string[];
  /** Orders restored to their strategy from their client order id tags. */
  readonly owned: readonly { readonly clientOrderId: string; readonly strategyId: string }[];
}

/**
 * The explicit recovery path for a damaged journal (never taken implicitly): keep the intact prefix of the
 * history (snapshot + records before the first damage), drop a fill whose position update was cut off,
 * add the orders the caller attributed by tag, move the damaged files aside, and write a fresh journal
 * (a snapshot of that state) ending with a `recovered` marker that says what was found and kept.
 * The next start reconciles with the venue, which rebuilds the rest.
 */
export function recoverJournal(dir: string, options: RecoverJournalOptions): JournalRecovery {
  const inspection = inspectJournal(dir);
  if (inspection.damage.length === 0) {
    throw new EngineError('JOURNAL_NOT_DAMAGED', `recover: expected a damaged journal in ${dir}, received an intact one (nothing to recover; it opens as it is)`, { dir });
  }
  const state = inspection.state;
  const droppedFills = dropUnpositionedFills(state);
  const owned: Array<{ clientOrderId: string; strategyId: string }> = [];
  for (const init of options.owned ?? []) {
    if (state.orders.has(init.clientOrderId)) continue;
    const order = Order.create(init);
    const submitted = orderSubmitted(order, init.tsInit, { eventId: `${init.eventId}-submitted`, reconciliation: true });
    state.orders.set(init.clientOrderId, [init, submitted]);
    owned.push({ clientOrderId: init.clientOrderId, strategyId: init.strategyId });
  }

  const stamp = options.stamp ?? String(options.tsNs);
  let damagedDir = `${dir}.damaged-${stamp}`;
  for (let i = 2; existsSync(damagedDir); i++) damagedDir = `${dir}.damaged-${stamp}-${i}`;
  renameSync(dir, damagedDir);
  ensureWritableDir(dir);
  // A fresh journal: the recovered state as its snapshot (before segment 1), an empty segment 1, and a head.
  writeSnapshot(dir, state, 1);
  closeSync(openSync(join(dir, segmentFile(1)), 'a'));
  const head = new HeadFile(dir);
  head.write({ segment: 1, snapshotSegment: 1, committedBytes: 0 }, true);
  head.close();
  fsyncDir(dir);

  const kept = { records: state.records, orders: state.orders.size - owned.length, positions: state.positionFills.size };
  const journal = JournalPersistence.open(dir);
  journal.append([{
    kind: 'marker', name: 'recovered', tsEvent: options.tsNs,
    details: { damagedDir, damage: inspection.damage.map((d) => ({ code: d.code, file: d.file, offset: d.offset })), kept, droppedFills, owned: owned.length },
  }]);
  journal.flushSync();
  void journal.close();
  return { kind: 'JournalRecovery', dir, damagedDir, damage: inspection.damage, kept, droppedFills, owned };
}

/**
 * The journal writes an order's fill, then the position's update, as separate records: a cut between them
 * leaves a fill the position never got. Such a fill is dropped from the order, so reconciliation finds it
 * missing and applies it to both, once.
 */
function dropUnpositionedFills(state: PersistedState): string[] {
  const dropped: string[] = [];
  for (const [id, events] of state.orders) {
    const last: OrderEvent | undefined = events.at(-1);
    if (last?.type !== 'OrderFilled' || last.positionId === undefined) continue;
    const fills = state.positionFills.get(last.positionId) ?? [];
    if (fills.some((f) => f.tradeId === last.tradeId || f.tradeId.startsWith(`${last.tradeId}`))) continue;
    events.pop();
    dropped.push(`${id}:${last.tradeId}`);
  }
  return dropped;
}
