import type { Price } from '../../core/decimal.js';
import type { OmsType } from '../../model/enums.js';
import type { OrderEvent, OrderInitialized } from '../../model/events.js';
import type { Instrument } from '../../model/instruments.js';
import type { Order } from '../../model/order.js';
import type { Position } from '../../model/position.js';
import type { ExecutionMassStatus } from '../../model/reports.js';
import type { ReconciliationCounts, ReconciliationItem, ReconciliationTrigger } from '../reconciliation-result.js';

/**
 * Types of the reconciliation planner (live-execution.md §4). The planner reads; it never changes an
 * order, a position or the cache: it returns a `ReconciliationPlan` that `applyPlan` carries out.
 */

/** The read-only part of the cache the planner looks at. The engine's `Cache` satisfies it. */
export interface ReconciliationCacheView {
  order(clientOrderId: string): Order | undefined;
  orderByVenueOrderId(venueOrderId: string): Order | undefined;
  /** All positions (open and closed); the planner filters them itself. */
  positions(filter?: { readonly instrumentId?: string }): readonly Position[];
  /** Latest quote of an instrument, if any. */
  quote(instrumentId: string): { readonly bid: Price; readonly ask: Price } | undefined;
  /** Orders of an instrument (the position rules look for ones in flight or filled after the snapshot). */
  orders?(query: { readonly instrumentId?: string }): readonly Order[];
}

/** The `LiveExecEngineConfig` keys reconciliation reads (a structural subset: the full config fits). */
export interface ReconciliationConfig {
  readonly reconciliationInstrumentIds?: readonly string[] | null;
  readonly filterUnclaimedExternalOrders?: boolean;
  readonly filterPositionReports?: boolean;
  readonly filteredClientOrderIds?: readonly string[] | null;
  readonly generateMissingOrders?: boolean;
  readonly allowOverfills?: boolean;
}

/** Instruments by id (`InstrumentProvider` satisfies it). */
export interface InstrumentLookup {
  find(id: string): Instrument | undefined;
}

/** Who owns what: claims of external orders and OMS types. */
export interface ReconciliationContext {
  readonly traderId: string;
  readonly instruments: InstrumentLookup;
  /** instrumentId → strategyId, from the strategies' `externalOrderClaims`. */
  readonly claims?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /**
   * OMS per strategy id (and `venue` for the venue account). Informational: the planner decides NETTING
   * vs HEDGING per position report by the presence of a venue position id (§4).
   */
  readonly omsTypes?: Readonly<Record<string, OmsType>>;
  /** Time of the run (ns since epoch): the `tsInit` of everything planned. */
  readonly nowNs: bigint;
  readonly trigger: ReconciliationTrigger;
  /**
   * When keel asked the venue for the snapshot being planned (ns, keel's clock). Fills keel applied
   * since then that the snapshot lacks explain a position difference: it is deferred, never "fixed".
   */
  readonly snapshotAskedNs?: bigint;
  /** Instruments with venue events keel has received but not applied yet (their differences are deferred). */
  readonly pendingInstruments?: ReadonlySet<string>;
}

export interface ReconciliationInput extends ReconciliationContext {
  readonly massStatus: ExecutionMassStatus;
  readonly view: ReconciliationCacheView;
  readonly config: ReconciliationConfig;
}

/** One thing to do, in order. `item` is the index of the result item the step belongs to. */
export type PlanStep =
  | { readonly kind: 'createOrder'; readonly item: number; readonly clientOrderId: string; readonly init: OrderInitialized }
  | {
      readonly kind: 'applyEvent';
      readonly item: number;
      readonly clientOrderId: string;
      readonly event: Exclude<OrderEvent, OrderInitialized>;
    };

/** The decision of a run: steps to apply, and what the user will see. */
export interface ReconciliationPlan {
  readonly kind: 'ReconciliationPlan';
  readonly trigger: ReconciliationTrigger;
  readonly venues: readonly string[];
  readonly tsStarted: bigint;
  readonly steps: readonly PlanStep[];
  readonly items: readonly ReconciliationItem[];
  readonly counts: ReconciliationCounts;
  /** False when an item FAILED. */
  readonly success: boolean;
  /** Venue order ids of fill reports whose order keel does not know and the venue did not report: query them. */
  readonly unknownOrderFills: readonly string[];
  /** Whether applying the plan's fills may overfill (the config's `allowOverfills`). */
  readonly allowOverfills: boolean;
}

/** Where a plan is applied: the execution engine's direct (un-queued) path. */
export interface PlanTarget {
  addOrder(order: Order): void;
  applyEvent(event: Exclude<OrderEvent, OrderInitialized>): void;
}
