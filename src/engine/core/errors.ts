import type { ErrorCode } from './error-codes.js';

export type { ErrorCode } from './error-codes.js';

/**
 * Errors are data: a stable `code` that programs match on, plus the fields that explain what happened.
 * The message always says what was expected and what was received; the kernel's display layer renders
 * `EngineError`s without parsing their text. `code` is one of the catalogue's (error-codes.ts), so a
 * typo'd code fails the compiler and every code has its line in docs/errors.md.
 */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }

  toJSON(): { code: ErrorCode; message: string; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof EngineError;
}

/** Describe a received value briefly for an error message (`'abc' (string)`, `NaN (number)`). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}' (string)`;
  if (typeof value === 'bigint') return `${value}n (bigint)`;
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return `${Object.prototype.toString.call(value)}`;
  return `${String(value)} (${typeof value})`;
}

/**
 * Codes of venue events the execution engine refuses before they change anything (issue 11, item 3):
 * a field contradicts the order the event names, or a cancel nobody asked for awaits the venue's word.
 */
export const VENUE_EVENT_CONTRADICTS_ORDER = 'VENUE_EVENT_CONTRADICTS_ORDER' satisfies ErrorCode;
export const VENUE_EVENT_CANCEL_UNCONFIRMED = 'VENUE_EVENT_CANCEL_UNCONFIRMED' satisfies ErrorCode;
