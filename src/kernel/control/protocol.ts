/**
 * The control protocol of a deployed node (docs/control-protocol.md): JSON text frames over one
 * WebSocket, validated with these schemas at both ends. The client logs in (key id + HMAC over
 * `${timestamp}.${nonce}`, the venue's signing scheme), then sends requests with ids; the node answers
 * each with a response of the same id and, once subscribed, pushes events.
 */
import { z } from 'zod';
import { AddStrategyFrameSchema, ReplaceStrategyFrameSchema } from './strategy-protocol.js';
import { TradingStateFrameSchemas } from './trading-state-commands.js';
import { StrategyOrderFrameSchema } from './strategy-orders.js';

export const CONTROL_PROTOCOL_VERSION = 1;

const id = z.string().min(1).max(64);
const keyId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);

export const LoginFrameSchema = z.object({
  type: z.literal('login'),
  keyId,
  /** Nanoseconds since the epoch, as a decimal string. */
  timestamp: z.string().regex(/^\d{1,20}$/),
  nonce: z.string().regex(/^[0-9a-f]{16,64}$/),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
}).strict();

/** What a target of `configure` is: the exec engine, the risk engine or one strategy by id. */
export const ConfigureTargetSchema = z.union([z.literal('execEngine'), z.literal('riskEngine'), z.string().regex(/^strategy:.+$/)]);

export const RequestFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), id }).strict(),
  z.object({ type: z.literal('subscribe'), id }).strict(),
  z.object({ type: z.literal('configure'), id, target: ConfigureTargetSchema, partial: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ type: z.literal('revert'), id, changeId: z.string().min(1) }).strict(),
  z.object({ type: z.literal('reconcile'), id }).strict(),
  AddStrategyFrameSchema,
  ReplaceStrategyFrameSchema,
  ...TradingStateFrameSchemas,
]);

export const ClientFrameSchema = z.union([LoginFrameSchema, RequestFrameSchema, StrategyOrderFrameSchema]);

/** Commands the read-only key may send. */
export const READ_ONLY_COMMANDS: ReadonlySet<RequestFrame['type']> = new Set(['snapshot', 'subscribe']);

export const WireErrorSchema = z.object({ code: z.string().min(1), message: z.string() }).strict();

export const ServerFrameSchema = z.union([
  z.object({ type: z.literal('login-ok'), keyId, role: z.enum(['operator', 'read-only']), version: z.number().int() }).strict(),
  z.object({ type: z.literal('login-refused'), error: WireErrorSchema }).strict(),
  z.object({ type: z.literal('response'), id, ok: z.literal(true), result: z.unknown() }).strict(),
  z.object({ type: z.literal('response'), id, ok: z.literal(false), error: WireErrorSchema }).strict(),
  z.object({ type: z.literal('event'), event: z.object({ kind: z.enum(['order', 'position', 'config', 'reconciliation', 'node', 'market', 'portfolio', 'account']) }).loose() }).strict(),
  z.object({ type: z.literal('error'), error: WireErrorSchema }).strict(),
]);

export type LoginFrame = z.infer<typeof LoginFrameSchema>;
export type RequestFrame = z.infer<typeof RequestFrameSchema> | z.infer<typeof StrategyOrderFrameSchema>;
export type ClientFrame = z.infer<typeof ClientFrameSchema>;
export type ServerFrame = z.infer<typeof ServerFrameSchema>;
export type WireError = z.infer<typeof WireErrorSchema>;

/**
 * JSON with bigints kept: a bigint travels as `{ "$bigint": "123" }` and comes back a bigint (timestamps
 * are nanosecond bigints). Decimals travel as their exact strings (their own toJSON).
 */
export function encodeFrame(frame: unknown): string {
  return JSON.stringify(frame, (_k, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
}

export function decodeJson(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const tagged = (v as { $bigint?: unknown }).$bigint;
      if (keys.length === 1 && typeof tagged === 'string' && /^-?\d+$/.test(tagged)) return BigInt(tagged);
    }
    return v;
  });
}

/** `issues` of a zod error as one line: `partial: expected record, received string; ...`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(frame)'}: ${i.message}`).join('; ');
}
