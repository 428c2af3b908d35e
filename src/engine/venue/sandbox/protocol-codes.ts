/** Stable codes of the sandbox venue protocol (see protocol.ts and docs/venue-protocol.md). */
/** Error codes of `error` frames (stable; documented in docs/venue-protocol.md). */
export const PROTOCOL_ERROR_CODES = [
  'FRAME_NOT_JSON',
  'FRAME_UNKNOWN_TYPE',
  'FRAME_INVALID',
  'FRAME_TOO_LARGE',
  'FRAME_NOT_TEXT',
  'NOT_LOGGED_IN',
  'ALREADY_LOGGED_IN',
  'LOGIN_UNKNOWN_KEY',
  'LOGIN_BAD_SIGNATURE',
  'LOGIN_STALE_TIMESTAMP',
  'LOGIN_NONCE_REUSED',
  'LOGIN_TIMEOUT',
  'NOT_ADMIN',
  'ADMIN_NOT_TRADING',
  'CONTROL_FAILED',
  'INTERNAL_ERROR',
] as const;
export type ProtocolErrorCode = (typeof PROTOCOL_ERROR_CODES)[number];

/** Reasons in OrderRejected / OrderModifyRejected / OrderCancelRejected / OrderCanceled. */
export const ORDER_REJECT_REASONS = [
  'INSTRUMENT_UNKNOWN',
  'DUPLICATE_CLIENT_ORDER_ID',
  'QUANTITY_INVALID',
  'PRICE_REQUIRED',
  'TRIGGER_PRICE_REQUIRED',
  'PRICE_PRECISION',
  'QUANTITY_PRECISION',
  'EXPIRE_TIME_REQUIRED',
  'EXPIRE_TIME_PASSED',
  'POST_ONLY_WOULD_TAKE',
  'REDUCE_ONLY_WOULD_INCREASE',
  'NO_MARKET',
  'FOK_NOT_FILLABLE',
  'IOC_LEAVES_CANCELED',
  'MARKET_LEAVES_CANCELED',
  'REDUCE_ONLY_POSITION_CLOSED',
  'ORDER_NOT_FOUND',
  'ORDER_CLOSED',
  'ORDER_TYPE_NOT_MODIFIABLE',
  'QUANTITY_BELOW_FILLED',
  'CONTINGENT_PARENT_CLOSED',
  'CONTINGENT_LINKED_FILLED',
  'CONTINGENT_LINKED_CLOSED',
  'POSITION_NOT_FOUND',
] as const;
export type OrderRejectReason = (typeof ORDER_REJECT_REASONS)[number];

