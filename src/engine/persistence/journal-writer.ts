import type { ConfigChange } from '../config/config-change.js';
import type { Applied } from '../execution/applied.js';
import type { ReconciliationResult } from '../execution/reconciliation-result.js';
import type { EngineError } from '../core/errors.js';
import type { AccountState } from '../model/events.js';
import type { Persistence } from './persistence.js';
import type { JournalRecord } from './records.js';
import type { RebuiltState } from './rebuild.js';

const MAX_UNCHECKED_SUBMITS = 10_000;

/**
 * Turns what the execution engine applied into journal records, as the engine said it (an `Applied`):
 * the order's definition the first time the journal hears of the order (its first applied event is not
 * always `OrderInitialized`: a strategy's factory caches the order itself), its order list, the event,
 * position links (a submit "on" a position, OTO children linked by their entry's fill), and each
 * position change with the fill that position took. Nothing is read back from the cache. Config changes
 * and reconciliation results are appended as published.
 */
export class JournalWriter {
  private readonly orders = new Set<string>();
  private readonly lists = new Set<string>();
  private readonly links = new Map<string, string>();
  /** Per position: the trade id of the last fill journaled (a fill is never journaled twice for it). */
  private readonly positionLastTrade = new Map<string, string | undefined>();
  /** OrderSubmitted events journaled and not yet checked by `ensureSubmittedDurable` (only while gated). */
  private readonly submittedSeen = new Set<string>();
  /** OrderSubmitted events the gate journaled ahead of their bus delivery (skipped when it arrives). */
  private readonly prewritten = new Set<string>();
  /** Set by the node that asks `ensureSubmittedDurable` before every send. */
  gated = false;

  constructor(private readonly persistence: Persistence) {}

  /** Everything already journaled (restored at start-up) is not written again. */
  seed(rebuilt: RebuiltState): void {
    for (const o of rebuilt.orders) {
      this.orders.add(o.clientOrderId);
      if (o.positionId !== undefined) this.links.set(o.clientOrderId, o.positionId);
    }
    for (const l of rebuilt.orderLists) this.lists.add(l.id);
    for (const p of rebuilt.positions) this.positionLastTrade.set(p.id, p.lastTradeId);
  }

  onApplied(applied: Applied): void {
    const { event } = applied;
    if (event.type === 'OrderSubmitted' && this.gated) {
      if (this.prewritten.delete(event.eventId)) return;
      this.submittedSeen.add(event.eventId);
      // Submits the gate never checks (reconciliation's own events) must not pile up: the oldest go first.
      if (this.submittedSeen.size > MAX_UNCHECKED_SUBMITS) this.submittedSeen.delete(this.submittedSeen.values().next().value!);
    }
    const records: JournalRecord[] = [];
    const id = event.clientOrderId;
    if (!this.orders.has(id) && applied.init !== undefined) {
      records.push({ kind: 'order-event', event: applied.init });
      this.orders.add(id);
      const list = applied.orderList;
      if (list !== undefined && !this.lists.has(list.id)) {
        this.lists.add(list.id);
        records.push({ kind: 'order-list', list: { id: list.id, instrumentId: list.instrumentId, strategyId: list.strategyId, orderIds: list.orders.map((o) => o.clientOrderId) } });
      }
    }
    if (event.type !== 'OrderInitialized') records.push({ kind: 'order-event', event });
    // A fill names its position: the link is in the fill record itself.
    if (event.type === 'OrderFilled' && event.positionId !== undefined) this.links.set(id, event.positionId);
    if (applied.positionId !== undefined) this.pushLink(id, applied.positionId, records);
    for (const child of applied.linkedChildren) this.pushLink(child.clientOrderId, child.positionId, records);
    for (const p of applied.positions) {
      const positionId = p.event.positionId;
      if (this.positionLastTrade.get(positionId) !== p.fill.tradeId) {
        records.push({ kind: 'position-fill', positionId, fill: p.fill });
        this.positionLastTrade.set(positionId, p.fill.tradeId);
      }
      records.push({ kind: 'position-event', event: p.event });
    }
    if (records.length > 0) this.persistence.append(records);
  }

  /**
   * The write-ahead promise, checked right before orders go to a venue: each one's `OrderSubmitted` is in
   * the journal and fsync'd. Normally the bus delivered it already (and the journal synced it); if the bus
   * is still delivering something else, it is journaled here first. Returns why not, when the journal
   * cannot write (the caller then keeps the orders from leaving). A backend acknowledged later (Redis)
   * answers with a promise: the orders leave once it resolves with undefined.
   */
  ensureSubmittedDurable(submitted: readonly Applied[]): EngineError | undefined | Promise<EngineError | undefined> {
    for (const applied of submitted) {
      const eventId = applied.event.eventId;
      if (this.submittedSeen.delete(eventId)) continue;
      this.onApplied(applied);
      this.submittedSeen.delete(eventId);
      this.prewritten.add(eventId);
    }
    const p = this.persistence;
    const failure = p.makeDurable ? p.makeDurable() : p.failure;
    // The journal stops here (its fsync is done); Redis answers once it acknowledged the batch.
    return failure !== undefined || p.durable === undefined ? failure : p.durable();
  }

  onConfigChange(change: ConfigChange): void {
    this.persistence.append([{ kind: 'config-change', change }]);
  }

  onReconciliation(result: ReconciliationResult): void {
    this.persistence.append([{ kind: 'reconciliation', result }]);
  }

  /** Each account state the node took (the cache's latest per venue is what a restart restores). */
  onAccountState(state: AccountState): void {
    this.persistence.append([{ kind: 'account-state', state }]);
  }

  marker(name: string, tsEvent: bigint, details?: Readonly<Record<string, unknown>>): void {
    this.persistence.append([{ kind: 'marker', name, tsEvent, ...(details ? { details } : {}) }]);
  }

  private pushLink(clientOrderId: string, positionId: string, records: JournalRecord[]): void {
    if (this.links.get(clientOrderId) === positionId) return;
    if (!this.orders.has(clientOrderId)) return; // its link goes out with its first event
    this.links.set(clientOrderId, positionId);
    records.push({ kind: 'order-position', clientOrderId, positionId });
  }
}
