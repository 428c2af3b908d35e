/**
 * The result of one reconciliation run: plain data (no rendering here). The kernel's display layer
 * renders it as terminal text, HTML and JSON. Each item says what keel had, what the venue said and
 * what was done; `counts` summarise the run.
 */
export type ReconciliationTrigger = 'STARTUP' | 'MANUAL' | 'RECONNECT' | 'RUNTIME';

/** What happened to one item. */
export type ReconciliationOutcome =
  | 'MATCHED' //   keel already agreed with the venue: nothing done
  | 'UPDATED' //   events applied to an order keel had / fills applied
  | 'CREATED' //   an order (external or synthetic) was created
  | 'SKIPPED' //   a rule said to leave it (see `rule`)
  | 'FAILED'; //   could not be reconciled (see `reason`); nothing changed for this item

export interface EventRef {
  readonly type: string;
  readonly eventId: string;
  readonly clientOrderId: string;
  readonly tradeId?: string;
}

export interface ReconciliationItem {
  readonly kind: 'order' | 'fill' | 'position' | 'account';
  /** clientOrderId for orders, tradeId for fills, instrumentId (and venue position id) for positions, `VENUE:CURRENCY` for an account balance (instrumentId ''). */
  readonly key: string;
  readonly instrumentId: string;
  readonly venueOrderId?: string;
  readonly clientOrderId?: string;
  readonly venuePositionId?: string;
  /** What keel had before (null: nothing). Values are display-ready strings, e.g. { status: 'ACCEPTED', filled: '0' }. */
  readonly had: Readonly<Record<string, string>> | null;
  /** What the venue reported. */
  readonly venue: Readonly<Record<string, string>>;
  readonly outcome: ReconciliationOutcome;
  /** Events generated and applied, in order. */
  readonly events: readonly EventRef[];
  /** Client order ids of synthetic orders created (position alignment, external orders). */
  readonly createdOrders: readonly string[];
  /** Trade ids of inferred fills created. */
  readonly inferredFills: readonly string[];
  /** The rule that skipped it, e.g. 'FILTERED_CLIENT_ORDER_ID', 'INSTRUMENT_NOT_INCLUDED', 'UNCLAIMED_EXTERNAL', 'DUPLICATE_REPORT', 'RECONCILIATION_ORDER_CLOSED', 'POSITION_REPORTS_FILTERED'. */
  readonly rule?: string;
  /** Why it failed or a note on what was done, in words. */
  readonly reason?: string;
}

export interface ReconciliationCounts {
  readonly orders: number;
  readonly fills: number;
  readonly positions: number;
  readonly matched: number;
  readonly updated: number;
  readonly created: number;
  readonly skipped: number;
  readonly failed: number;
  readonly eventsApplied: number;
  readonly inferredFills: number;
  readonly syntheticOrders: number;
  /** Unclaimed external orders dropped by `filterUnclaimedExternalOrders`. */
  readonly externalDropped: number;
}

export interface ReconciliationResult {
  readonly kind: 'ReconciliationResult';
  readonly trigger: ReconciliationTrigger;
  readonly venues: readonly string[];
  readonly success: boolean;
  /** Set when the run as a whole failed (e.g. a venue query timed out). */
  readonly error?: { readonly code: string; readonly message: string };
  readonly tsStarted: bigint;
  readonly durationMs: number;
  readonly counts: ReconciliationCounts;
  readonly items: readonly ReconciliationItem[];
}
