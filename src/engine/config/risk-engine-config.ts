import { z } from 'zod';
import { NANOS_PER_SEC } from '../core/clock.js';
import { EngineError } from '../core/errors.js';
import { bool, nonNegativeDecimalString, oneOf } from './fields.js';

const RATE_EXPECTED = "a rate 'COUNT/HH:MM:SS' with COUNT >= 1 and a non-zero interval (e.g. '100/00:00:01')";
const RATE_RE = /^(\d+)\/(\d{2}):([0-5]\d):([0-5]\d)$/;

export interface SubmitRate {
  readonly count: number;
  readonly intervalNs: bigint;
}

/** '100/00:00:01' → 100 per second. Throws RATE_INVALID for anything else. */
export function parseRate(rate: string): SubmitRate {
  const m = RATE_RE.exec(rate);
  const count = m ? Number(m[1]) : 0;
  const secs = m ? Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) : 0;
  if (!m || count < 1 || secs === 0) {
    throw new EngineError('RATE_INVALID', `expected ${RATE_EXPECTED}, received '${rate}'`, { received: rate });
  }
  return { count, intervalNs: BigInt(secs) * NANOS_PER_SEC };
}

function isRate(value: string): boolean {
  try {
    parseRate(value);
    return true;
  } catch {
    return false;
  }
}

/** TradingNodeConfig.riskEngine: pre-trade checks. */
export const RiskEngineConfigSchema = z
  .object({
    bypass: bool().default(false).describe('Skip every pre-trade check (orders go straight to the execution engine)'),
    maxOrderSubmitRate: z.string({ error: RATE_EXPECTED }).refine(isRate, { error: RATE_EXPECTED }).default('100/00:00:01')
      .describe("At most this many order submits per interval, as 'COUNT/HH:MM:SS'"),
    /** instrumentId → the largest notional (quantity × price, quote currency) one order may have. */
    maxNotionalPerOrder: z.record(z.string(), nonNegativeDecimalString(), { error: 'an object of instrumentId → decimal string' }).default({})
      .describe('Largest notional (quantity × price) one order may have, per instrument id'),
    /** instrumentId → the largest |net position| (all strategies) an order may take it to; reducing orders always pass. */
    maxPositionPerInstrument: z.record(z.string(), nonNegativeDecimalString(), { error: 'an object of instrumentId → decimal string' }).default({})
      .describe('Largest |net position| an order may take an instrument to (reducing orders pass), per instrument id'),
    /**
     * The loss circuit breaker: when the day's PnL (realized + unrealized since UTC midnight) in
     * `currency` falls to −amount or below, the node moves itself to `onDailyLoss`. Without a currency
     * the amount applies to each currency the portfolio has figures in. null: no breaker.
     */
    maxDailyLoss: z.object({
      currency: z.string({ error: "a currency code like 'USD'" }).regex(/^[A-Z0-9]{2,10}$/, { error: "a currency code like 'USD'" }).optional(),
      amount: nonNegativeDecimalString(),
    }, { error: "an object { currency?, amount } like { currency: 'USD', amount: '500' }, or null" }).strict().nullable().default(null)
      .describe("Loss circuit breaker: { currency?, amount }; the day's PnL at −amount or below moves the node to onDailyLoss"),
    onDailyLoss: oneOf(['REDUCING', 'HALTED'] as const).default('HALTED')
      .describe('The trading state the loss circuit breaker moves the node to (REDUCING or HALTED)'),
  })
  .strict();

export type RiskEngineConfig = z.output<typeof RiskEngineConfigSchema>;
export type RiskEngineConfigInput = z.input<typeof RiskEngineConfigSchema>;
