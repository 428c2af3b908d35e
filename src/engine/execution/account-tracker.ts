import type { Logger } from '../core/logger.js';
import type { MessageBus } from '../bus/message-bus.js';
import { topics } from '../bus/switchboard.js';
import type { Cache } from '../cache/cache.js';
import type { AccountBalance, AccountState } from '../model/events.js';
import type { ExecutionMassStatus } from '../model/reports.js';
import type { ReconciliationItem, ReconciliationTrigger } from './reconciliation-result.js';
import { splitInstrumentId } from '../model/instruments.js';
import type { Applied } from './applied.js';
import type { ExecutionClient } from './client.js';

function amounts(b: AccountBalance): Record<string, string> {
  return { total: b.total.toString(), locked: b.locked.toString(), free: b.free.toString() };
}

/**
 * Keeps each venue's latest AccountState in the cache and says when one does not add up. The venue's
 * value is taken as truth (it holds the money), but nothing is overwritten silently: a state whose
 * totals moved with no fill applied since the previous one (a deposit, a withdrawal, a fee keel did not
 * see) is logged, counted and kept as an anomaly row. After a venue refuses an order for funds, keel's
 * view was stale: the state is asked for again.
 */
export interface AccountAnomaly {
  readonly venue: string;
  readonly accountId: string;
  readonly kind: 'BALANCE_MOVED_WITHOUT_FILL' | 'ACCOUNT_QUERY_FAILED';
  /** What was expected and what was received. */
  readonly detail: string;
  readonly tsEvent: bigint;
}

export interface AccountTrackerOptions {
  readonly cache: Cache;
  readonly bus: MessageBus;
  readonly logger: Logger;
  readonly client: (venue: string) => ExecutionClient | undefined;
}

const FUNDS_REFUSALS = ['INSUFFICIENT_BALANCE', 'INSUFFICIENT_MARGIN'];

export class AccountTracker {
  private readonly rows: AccountAnomaly[] = [];
  private readonly fillsSince = new Map<string, number>();
  /** Venues that reported a state in this process (the cache's state of any other one was restored). */
  private readonly live = new Set<string>();
  /** The restored state of a venue whose first report arrived before reconciliation compared it. */
  private readonly restored = new Map<string, AccountState>();
  /** Account refreshes asked for after a venue's funds refusal. */
  refreshes = 0;

  constructor(private readonly o: AccountTrackerOptions) {
    o.bus.subscribe<Applied>(topics.applied, (a) => this.onApplied(a));
  }

  /** Anomalies so far, oldest first. */
  get anomalies(): readonly AccountAnomaly[] {
    return this.rows;
  }

  /**
   * The venue's state, taken. The first one a venue sends after a restart is checked against the restored
   * state by start-up reconciliation (fills made while keel was down move balances too), not here.
   */
  onState(state: AccountState): void {
    const before = this.o.cache.account(state.venue);
    const fills = this.fillsSince.get(state.venue) ?? 0;
    const first = !this.live.has(state.venue);
    this.live.add(state.venue);
    if (first && before !== undefined) this.restored.set(state.venue, before);
    if (before !== undefined && fills === 0 && !first) {
      for (const b of state.balances) {
        const prev = before.balances.find((p) => p.currency === b.currency)?.total;
        if (prev !== undefined ? prev.eq(b.total) : b.total.isZero()) continue;
        this.anomaly({ venue: state.venue, accountId: state.accountId, kind: 'BALANCE_MOVED_WITHOUT_FILL', tsEvent: state.tsEvent,
          detail: `${b.currency} total: expected ${prev?.toString() ?? '0'} (no fill since the last state), received ${b.total.toString()}` });
      }
    }
    this.fillsSince.set(state.venue, 0);
    this.o.cache.setAccount(state);
    this.o.bus.publish(topics.accounts, state);
  }

  /** Ask the venue for its account state now (after a funds refusal: keel's view was stale). */
  async refresh(venue: string): Promise<AccountState | undefined> {
    const client = this.o.client(venue);
    if (client?.queryAccount === undefined) return undefined;
    this.refreshes += 1;
    try {
      const state = await client.queryAccount();
      this.onState(state);
      return state;
    } catch (e) {
      this.anomaly({ venue, accountId: client.accountId, kind: 'ACCOUNT_QUERY_FAILED', tsEvent: 0n, detail: `query_account: expected the account state, received ${(e as Error).message}` });
      return undefined;
    }
  }

  /**
   * Reconciliation: the venue's account (from its mass status) against keel's: the restored state at start-up,
   * else the latest. A row per currency whose total differs, naming both totals; the venue's state is taken.
   */
  reconcile(ms: ExecutionMassStatus, trigger: ReconciliationTrigger): ReconciliationItem[] {
    const venueState = ms.account;
    if (venueState === undefined) return [];
    const had = this.restored.get(ms.venue) ?? this.o.cache.account(ms.venue);
    this.restored.delete(ms.venue);
    this.live.add(ms.venue);
    this.fillsSince.set(ms.venue, 0);
    const rows: ReconciliationItem[] = [];
    if (had !== undefined) {
      const currencies = [...new Set([...had.balances, ...venueState.balances].map((b) => b.currency))].sort();
      for (const currency of currencies) {
        const k = had.balances.find((b) => b.currency === currency);
        const v = venueState.balances.find((b) => b.currency === currency);
        // A currency only one side lists counts as zero on the other.
        const same = k !== undefined && v !== undefined ? k.total.eq(v.total) : (k ?? v)!.total.isZero();
        if (same) continue;
        rows.push({
          kind: 'account', key: `${ms.venue}:${currency}`, instrumentId: '', had: k ? amounts(k) : null, venue: v ? amounts(v) : { total: '0', locked: '0', free: '0' },
          outcome: 'UPDATED', events: [], createdOrders: [], inferredFills: [],
          reason: `${currency} total of ${venueState.accountId}: keel had ${k?.total.toString() ?? 'none'}, the venue reports ${v?.total.toString() ?? 'none'} (${trigger}; the venue's value is taken)`,
        });
      }
    }
    // A state the venue pushed after the one asked for (a fill meanwhile) is newer: it is kept.
    const latest = this.o.cache.account(ms.venue);
    if (latest === undefined || latest === had || latest.tsEvent <= venueState.tsEvent) {
      this.o.cache.setAccount(venueState);
      this.o.bus.publish(topics.accounts, venueState);
    }
    return rows;
  }

  private onApplied(a: Applied): void {
    const e = a.event;
    if (e.type !== 'OrderFilled' && e.type !== 'OrderRejected') return;
    const venue = splitInstrumentId(e.instrumentId).venue;
    if (e.type === 'OrderFilled') this.fillsSince.set(venue, (this.fillsSince.get(venue) ?? 0) + 1);
    else if (FUNDS_REFUSALS.some((code) => e.reason.startsWith(code))) void this.refresh(venue);
  }

  private anomaly(row: AccountAnomaly): void {
    this.rows.push(row);
    if (this.rows.length > 1000) this.rows.shift();
    this.o.logger.warn(`account anomaly at ${row.venue}: ${row.kind}: ${row.detail}`, { venue: row.venue, accountId: row.accountId, kind: row.kind });
    this.o.bus.publish(topics.accountAnomalies, row);
  }
}
