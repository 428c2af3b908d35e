/**
 * Recognising keel values by their `kind` discriminant. Duck-typed on purpose: the evaluator may load
 * a second copy of the engine, and the REPL hands us plain objects, so `instanceof` alone would miss them.
 */
import { EngineError } from '../../engine/index.js';
import type { ConfigChange, ContingentOrderTree, ReconciliationResult } from '../../engine/index.js';

/** The order fields the display reads (DESIGN.md); values may be Decimals, strings or absent. */
export interface OrderLike {
  readonly kind: 'Order';
  readonly clientOrderId: string;
  readonly venueOrderId?: unknown;
  readonly strategyId?: unknown;
  readonly instrumentId?: unknown;
  readonly side?: unknown;
  readonly type?: unknown;
  readonly quantity?: unknown;
  readonly filledQty?: unknown;
  readonly leavesQty?: unknown;
  readonly avgPx?: unknown;
  readonly price?: unknown;
  readonly triggerPrice?: unknown;
  readonly timeInForce?: unknown;
  readonly expireTime?: unknown;
  readonly status?: unknown;
  readonly tags?: unknown;
  readonly contingencyType?: unknown;
  readonly orderListId?: unknown;
  readonly linkedOrderIds?: unknown;
  readonly parentOrderId?: unknown;
  readonly positionId?: unknown;
  readonly events?: unknown;
  readonly isOpen?: unknown;
}

export interface PositionLike {
  readonly kind: 'Position';
  readonly id: unknown;
  readonly instrumentId?: unknown;
  readonly strategyId?: unknown;
  readonly side?: unknown;
  readonly quantity?: unknown;
  readonly signedQty?: unknown;
  readonly avgPxOpen?: unknown;
  readonly realizedPnl?: unknown;
  readonly isOpen?: unknown;
}

/** The zod issue fields we show (zod 4 issues carry more; all optional but path and message). */
export interface ZodIssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
  readonly expected?: unknown;
  readonly received?: unknown;
}

export interface ZodErrorLike extends Error {
  readonly issues: readonly ZodIssueLike[];
}

export interface EngineErrorLike extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
}

function kindOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
}

export function isOrderLike(value: unknown): value is OrderLike {
  return kindOf(value) === 'Order' && typeof (value as { clientOrderId?: unknown }).clientOrderId === 'string';
}

export function isPositionLike(value: unknown): value is PositionLike {
  return kindOf(value) === 'Position' && (value as { id?: unknown }).id !== undefined;
}

export function isReconciliationResult(value: unknown): value is ReconciliationResult {
  return kindOf(value) === 'ReconciliationResult' && Array.isArray((value as { items?: unknown }).items);
}

export function isContingentOrderTree(value: unknown): value is ContingentOrderTree {
  return kindOf(value) === 'ContingentOrderTree' && Array.isArray((value as { roots?: unknown }).roots);
}

export function isConfigChange(value: unknown): value is ConfigChange {
  return kindOf(value) === 'ConfigChange' && Array.isArray((value as { changes?: unknown }).changes);
}

export function isEngineErrorLike(value: unknown): value is EngineErrorLike {
  if (value instanceof EngineError) return true;
  return (
    value instanceof Error &&
    value.name === 'EngineError' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

export function isZodErrorLike(value: unknown): value is ZodErrorLike {
  return value instanceof Error && value.name === 'ZodError' && Array.isArray((value as { issues?: unknown }).issues);
}

/** A non-empty array whose every element passes `guard`. */
export function isArrayOf<T>(value: unknown, guard: (v: unknown) => v is T): value is readonly T[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => guard(v));
}
