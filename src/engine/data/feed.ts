import { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { EngineError } from '../core/errors.js';
import type { InstrumentProvider, Instrument } from '../model/instruments.js';
import { BAR_CSV_HEADER, btcPerpBarsPath, readBarsCsv } from './bar-loader.js';
import { ONE_MINUTE_NS, walkBar } from './bar-path.js';
import { readLines } from './csv-lines.js';
import { NoFeed, type MarketFeed } from './market-feed.js';
import { eurUsdQuotesPath, readQuotesCsv } from './quote-loader.js';
import { RandomWalkFeed } from './random-walk-feed.js';
import { LockstepFeed } from './lockstep-feed.js';
import { ReplayFeed } from './replay-feed.js';
import type { MarketData } from '../model/market-data.js';

export type { MarketFeed } from './market-feed.js';

/**
 * Market data feeds for the sandbox venue, demos and tests: a replay of recorded data, a seeded random
 * walk, or nothing. All timers go through the injected clock (a TestClock drives them in tests).
 *
 * Replay emits data stamped with the feed clock's now (`tsEvent` = `tsInit` = now); the recorded times
 * only set the order and spacing (see `ReplayFeed`). Bars are replayed as their open→high→low→close
 * path of quotes and trades, the bar last (see `walkBar`).
 */
export type FeedConfig =
  | { kind: 'replay'; source: 'btc-perp-1m' | 'eurusd-quotes' | string /* a CSV path */; instrumentId: string; speed?: number | undefined; loop?: boolean | undefined; lockstep?: boolean | undefined }
  | { kind: 'random-walk'; instrumentId: string; start: string; seed?: number | undefined; intervalMs?: number | undefined }
  | { kind: 'none' };

export const feedConfigSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('replay'),
    source: z.string().min(1),
    instrumentId: z.string().min(1),
    speed: z.number().positive().finite().optional(),
    loop: z.boolean().optional(),
    /** true: one point per admin `step` with its recorded time, no timer (see LockstepFeed); speed and loop do not apply. */
    lockstep: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal('random-walk'),
    instrumentId: z.string().min(1),
    start: z.string().regex(/^\d+(\.\d+)?$/, 'a positive decimal price'),
    seed: z.number().int().optional(),
    intervalMs: z.number().positive().finite().optional(),
  }),
  z.object({ kind: z.literal('none') }),
]);

/** Validates a feed config from outside (JSON, the REPL); `createFeed` calls it too. */
export function parseFeedConfig(input: unknown): FeedConfig {
  const r = feedConfigSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new EngineError('FEED_CONFIG_INVALID', `feed config at '${issue.path.join('.') || '(root)'}': ${issue.message}`, {
      issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return r.data;
}

export function createFeed(config: FeedConfig, clock: Clock, instruments: InstrumentProvider): MarketFeed {
  const c = parseFeedConfig(config);
  switch (c.kind) {
    case 'none':
      return new NoFeed();
    case 'random-walk':
      return new RandomWalkFeed({
        instrument: instruments.get(c.instrumentId),
        start: c.start,
        clock,
        ...(c.seed !== undefined ? { seed: c.seed } : {}),
        ...(c.intervalMs !== undefined ? { intervalMs: c.intervalMs } : {}),
      });
    case 'replay': {
      const instrument = instruments.get(c.instrumentId);
      const source = resolveReplaySource(c.source, instrument);
      if (c.lockstep) return new LockstepFeed(instrument.id, source.open, clock);
      return new ReplayFeed({
        instrumentId: instrument.id,
        open: source.open,
        loopGapNs: source.loopGapNs,
        clock,
        ...(c.speed !== undefined ? { speed: c.speed } : {}),
        ...(c.loop !== undefined ? { loop: c.loop } : {}),
      });
    }
  }
}

export interface ReplaySource {
  readonly format: 'bars' | 'quotes';
  readonly path: string;
  readonly open: () => Iterator<MarketData>;
  readonly loopGapNs: bigint;
}

/** Named sources, or a CSV path whose format is recognized from its first line. */
export function resolveReplaySource(source: string, instrument: Instrument): ReplaySource {
  const path = source === 'btc-perp-1m' ? btcPerpBarsPath() : source === 'eurusd-quotes' ? eurUsdQuotesPath() : source;
  const format = sniffFormat(path);
  if (format === 'bars') {
    return {
      format,
      path,
      // A quarter interval between the last close of one pass and the first open of the next keeps the
      // path's spacing.
      loopGapNs: ONE_MINUTE_NS / 4n,
      open: () => barPaths(path, instrument),
    };
  }
  return { format, path, loopGapNs: 1_000_000_000n, open: () => readQuotesCsv(path, { instrument }) };
}

function* barPaths(path: string, instrument: Instrument): Generator<MarketData, void, undefined> {
  for (const bar of readBarsCsv(path, { instrument })) yield* walkBar(bar, instrument);
}

function sniffFormat(path: string): 'bars' | 'quotes' {
  let first: string | undefined;
  for (const line of readLines(path)) {
    if (line.text.trim() === '') continue;
    first = line.text.trim();
    break;
  }
  if (first === BAR_CSV_HEADER) return 'bars';
  if (first !== undefined && /^\d{8} \d{9},/.test(first)) return 'quotes';
  throw new EngineError(
    'FEED_SOURCE_UNKNOWN',
    `replay source ${path}: expected 'btc-perp-1m', 'eurusd-quotes' or a CSV starting with '${BAR_CSV_HEADER}' or 'YYYYMMDD HHMMSSmmm,bid,ask,0', received first line ${first === undefined ? '(empty file)' : `'${first}'`}`,
    { source: path, received: first ?? null },
  );
}
