import { z } from 'zod';
import { EngineError } from '../engine/core/errors.js';
import { Decimal } from '../engine/core/decimal.js';

/**
 * The options of `backtest(strategies, options)`, checked at the edge: a bad option is refused with what
 * was expected and what was received, before anything runs.
 */
const Dec = z.union([z.string(), z.number(), z.instanceof(Decimal)]).transform((v) => (v instanceof Decimal ? v.toString() : String(v)));
const Time = z.union([z.instanceof(Date), z.string().min(1), z.bigint()]);

export const BacktestVenueSchema = z
  .object({
    /** The venue name of the instruments traded (their ids end in `.<venue>`); default SIM. */
    name: z.string().min(1).default('SIM'),
    omsType: z.enum(['NETTING', 'HEDGING']).default('NETTING'),
    accountType: z.enum(['CASH', 'MARGIN']).default('MARGIN'),
    /** Starting balances per currency (default 100,000 USDT and 100,000 USD). */
    balances: z.record(z.string(), Dec).default({ USDT: '100000', USD: '100000' }),
    defaultLeverage: z.number().positive().max(1000).optional(),
    leverage: z.record(z.string(), z.number().positive().max(1000)).optional(),
    /** Override every instrument's fees (fractions of notional, e.g. '0.0004'); default: the instrument's own. */
    fees: z.object({ maker: Dec.optional(), taker: Dec.optional() }).strict().optional(),
    /** Simulated time between a command leaving keel and the venue acting on it (default 0). */
    latencyMs: z.number().min(0).max(60_000).default(0),
  })
  .strict();

export const BacktestOptionsSchema = z
  .object({
    data: z.unknown().refine((v) => v !== undefined && v !== null, { message: 'expected data: a path, loader output, iterable or an array of them' }),
    venue: BacktestVenueSchema.prefault({}),
    from: Time.optional(),
    to: Time.optional(),
    /** Execution engine and risk engine config, as for a TradingNode (e.g. `{ manageContingentOrders: true }` is a strategy's). */
    execEngine: z.record(z.string(), z.unknown()).optional(),
    riskEngine: z.record(z.string(), z.unknown()).optional(),
    /** 'skip' (default): a row that does not parse is skipped and counted; 'fail': the run stops there. */
    malformed: z.enum(['skip', 'fail']).default('skip'),
    /** true: the first throwing strategy hook stops the run (the result says so); default: recorded, the run goes on. */
    stopOnError: z.boolean().default(false),
    /** true: the result carries every order and position event as plain data (for comparing runs). */
    recordEvents: z.boolean().default(false),
    /** The equity and price sampling interval of the result (default one minute). */
    sampleMs: z.number().int().positive().default(60_000),
    /** The currency the statistics are in (default: the quote currency of the first instrument in the data). */
    currency: z.string().min(1).optional(),
    /** Stops the run at the next data point (the result says `interrupted`); default: the running cell's interrupt. */
    signal: z.instanceof(AbortSignal).optional(),
    /** false: no progress display even where the front end offers one (a REPL bar, a notebook display). */
    progress: z.boolean().default(true),
    onProgress: z.function().optional(),
    /** How often (wall time) progress is reported and the event loop is given a turn (default 200 ms / 5 ms). */
    progressEveryMs: z.number().int().positive().default(200),
    yieldEveryMs: z.number().int().positive().default(5),
  })
  .strict();

export type BacktestOptionsInput = z.input<typeof BacktestOptionsSchema>;
export type BacktestOptions = z.output<typeof BacktestOptionsSchema>;

/** What the progress callback receives (the REPL draws a bar, a notebook updates a display in place). */
export interface BacktestProgress {
  readonly events: number;
  readonly eventsPerSec: number;
  /** Simulated time reached (ISO), and the fraction of [from, to] covered when both ends are known. */
  readonly simTime: string | undefined;
  readonly fraction: number | undefined;
  readonly orders: number;
  readonly fills: number;
  readonly done: boolean;
}

export function parseBacktestOptions(input: unknown): BacktestOptions {
  const r = BacktestOptionsSchema.safeParse(input ?? {});
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`).join('; ');
    throw new EngineError('BACKTEST_OPTIONS_INVALID', `backtest: expected valid options, received ${issues}`, { issues: r.error.issues.map((i) => i.message) });
  }
  return r.data;
}

/** Date | ISO text | ns → ns (an unparseable text is refused with what was received). */
export function timeToNs(name: string, v: Date | string | bigint | undefined): bigint | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'bigint') return v;
  const ms = v instanceof Date ? v.getTime() : Date.parse(v);
  if (!Number.isFinite(ms)) {
    throw new EngineError('BACKTEST_OPTIONS_INVALID', `backtest: expected ${name} as a Date, an ISO time or ns since the epoch, received '${String(v)}'`, { issues: [name] });
  }
  return BigInt(ms) * 1_000_000n;
}
