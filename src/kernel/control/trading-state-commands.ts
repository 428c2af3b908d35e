/**
 * `halt`, `reduce` and `resume` over the control protocol: the node's trading state (risk engine), moved by
 * the operator key only and audited under `attach:KEY-ID`. Kept apart from protocol.ts so the other
 * command families of the protocol grow in their own files.
 */
import { z } from 'zod';
import type { ConfigChange, ConfigSource, TradingNode } from '../../engine/index.js';

const id = z.string().min(1).max(64);
/** Shown in every denial while the state holds: a sentence, not a document. */
const reason = z.string().min(1).max(500).optional();

export const TradingStateFrameSchemas = [
  z.object({ type: z.literal('halt'), id, reason }).strict(),
  z.object({ type: z.literal('reduce'), id, reason }).strict(),
  z.object({ type: z.literal('resume'), id }).strict(),
] as const;

export type TradingStateFrame = z.infer<(typeof TradingStateFrameSchemas)[number]>;

export function isTradingStateFrame(frame: { type: string }): frame is TradingStateFrame {
  return frame.type === 'halt' || frame.type === 'reduce' || frame.type === 'resume';
}

/** The node's trading state as the snapshot and config events carry it. */
export function tradingStateOf(node: TradingNode): { state: string; reason: string | null } {
  return { state: node.tradingState, reason: node.riskEngine.tradingStateReason ?? null };
}

export function runTradingStateCommand(node: TradingNode, frame: TradingStateFrame, source: ConfigSource): ConfigChange {
  switch (frame.type) {
    case 'halt':
      return node.halt(frame.reason, source);
    case 'reduce':
      return node.reduceOnly(frame.reason, source);
    case 'resume':
      return node.resume(source);
  }
}
