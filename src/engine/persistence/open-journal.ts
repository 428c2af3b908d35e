import type { ConfigChange } from '../config/config-change.js';
import type { ReconciliationResult } from '../execution/reconciliation-result.js';
import { InstrumentProvider, type Instrument } from '../model/instruments.js';
import type { Order } from '../model/order.js';
import type { Position } from '../model/position.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../core/errors.js';
import type { TornTail } from './framing.js';
import { SNAPSHOT_FILE, listSegments } from './journal-files.js';
import { scanJournal } from './journal-scan.js';
import { rebuildState, type RebuildProblem, type RebuiltOrderList } from './rebuild.js';
import type { JournalMarker, PersistedState } from './state.js';

export interface OpenJournalOptions {
  /** Instruments for rebuilding positions. Default: the built-in ones. */
  readonly instruments?: Iterable<Instrument>;
}

/**
 * A node folder's journal, read-only: what the node holds (orders, positions, order lists, config
 * changes, the last reconciliation), rebuilt as the same `Order`/`Position` objects the node has, so
 * the notebook's rich views render them. Reading never changes the files (a torn tail is reported,
 * not cut): it is safe while the node is running. A damaged journal is refused with the same coded
 * error the node gives (journal-scan.ts), never shown as a shorter history.
 */
export interface JournalView {
  readonly kind: 'JournalView';
  readonly dir: string;
  readonly records: number;
  readonly ignored: number;
  readonly torn?: TornTail & { readonly segment: number; readonly file: string };
  readonly segments: readonly number[];
  readonly configChanges: readonly ConfigChange[];
  readonly lastReconciliation: ReconciliationResult | undefined;
  readonly markers: readonly JournalMarker[];
  readonly problems: readonly RebuildProblem[];
  readonly state: PersistedState;
  order(clientOrderId: string): Order | undefined;
  orders(query?: { strategyId?: string; instrumentId?: string; open?: boolean }): Order[];
  positions(query?: { strategyId?: string; instrumentId?: string; open?: boolean }): Position[];
  orderList(orderListId: string): RebuiltOrderList | undefined;
  orderLists(): RebuiltOrderList[];
}

/** `dir` is a journal directory or a node folder holding one in `journal/` (what promote writes). */
export function openJournal(dirArg: string, options: OpenJournalOptions = {}): JournalView {
  const dir = journalDirOf(dirArg);
  const scan = scanJournal(dir);
  return {
    kind: 'JournalView',
    dir,
    ...(scan.torn ? { torn: scan.torn } : {}),
    segments: scan.segments.map((s) => s.n),
    ...stateView(scan.state, options.instruments),
  };
}

/** The read side of any folded state (a journal's, a Redis trader id's): rebuilt orders, positions, lists. */
export type StateView = Omit<JournalView, 'kind' | 'dir' | 'torn' | 'segments'>;

export function stateView(state: PersistedState, instruments?: Iterable<Instrument>): StateView {
  const provider = new InstrumentProvider(instruments);
  const rebuilt = rebuildState(state, (id) => provider.find(id));
  const byId = new Map(rebuilt.orders.map((o) => [o.clientOrderId, o]));
  const lists = new Map(rebuilt.orderLists.map((l) => [l.id, l]));
  return {
    records: state.records,
    ignored: state.ignored,
    configChanges: state.configChanges,
    lastReconciliation: state.lastReconciliation,
    markers: state.markers,
    problems: rebuilt.problems,
    state,
    order: (id) => byId.get(id),
    orders: (q = {}) =>
      rebuilt.orders.filter(
        (o) =>
          (q.strategyId === undefined || o.strategyId === q.strategyId) &&
          (q.instrumentId === undefined || o.instrumentId === q.instrumentId) &&
          (q.open === undefined || o.isOpen === q.open),
      ),
    positions: (q = {}) =>
      rebuilt.positions.filter(
        (p) =>
          (q.strategyId === undefined || p.strategyId === q.strategyId) &&
          (q.instrumentId === undefined || p.instrumentId === q.instrumentId) &&
          (q.open === undefined || p.isOpen === q.open),
      ),
    orderList: (id) => lists.get(id),
    orderLists: () => [...lists.values()],
  };
}

function journalDirOf(dir: string): string {
  if (!existsSync(dir)) {
    throw new EngineError('JOURNAL_NOT_FOUND', `openJournal: expected a journal directory or a node folder, received ${dir} (does not exist)`, { dir });
  }
  const hasJournal = (d: string): boolean => existsSync(join(d, SNAPSHOT_FILE)) || listSegments(d).length > 0;
  if (!hasJournal(dir) && existsSync(join(dir, 'node.json')) && existsSync(join(dir, 'journal'))) return join(dir, 'journal');
  return dir;
}
