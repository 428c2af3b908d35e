import type { ConfigChange } from '../config/config-change.js';
import type { ReconciliationResult } from '../execution/reconciliation-result.js';
import type { AccountState, OrderEvent, OrderFilled, PositionEvent } from '../model/events.js';

/** An order list as journaled: the orders are referenced by client order id (their events carry the rest). */
export interface OrderListRecord {
  readonly id: string;
  readonly instrumentId: string;
  readonly strategyId: string;
  readonly orderIds: readonly string[];
}

/**
 * What the journal holds: the engine's state-changing facts, in the order they happened.
 * - `order-event`: every order event, `OrderInitialized` first (the order's full definition).
 * - `order-position`: an order linked to a position before it filled (submit "on" a position, OTO child).
 * - `position-fill`: a fill as the position applied it (after a HEDGING flip split, so trade ids are the
 *   position's own); replaying them through `Position` rebuilds positions exactly.
 * - `position-event`: the published position snapshot (what a reader shows without rebuilding).
 * - `order-list`, `config-change`, `reconciliation`: as named.
 * - `account-state`: a venue's account state as reported (the latest per venue is restored at start).
 * - `marker`: a lifecycle note (node started / stopped / reconciled), for `keel node status`.
 */
export type JournalRecord =
  | { readonly kind: 'order-event'; readonly event: OrderEvent }
  | { readonly kind: 'order-position'; readonly clientOrderId: string; readonly positionId: string }
  | { readonly kind: 'position-fill'; readonly positionId: string; readonly fill: OrderFilled }
  | { readonly kind: 'position-event'; readonly event: PositionEvent }
  | { readonly kind: 'order-list'; readonly list: OrderListRecord }
  | { readonly kind: 'config-change'; readonly change: ConfigChange }
  | { readonly kind: 'reconciliation'; readonly result: ReconciliationResult }
  | { readonly kind: 'account-state'; readonly state: AccountState }
  | { readonly kind: 'marker'; readonly name: string; readonly tsEvent: bigint; readonly details?: Readonly<Record<string, unknown>> };

export type JournalRecordKind = JournalRecord['kind'];

export const RECORD_KINDS: readonly JournalRecordKind[] = [
  'order-event', 'order-position', 'position-fill', 'position-event', 'order-list', 'config-change', 'reconciliation', 'account-state', 'marker',
];
