import { performance } from 'node:perf_hooks';
import { Decimal } from '../engine/core/decimal.js';
import { EngineError } from '../engine/core/errors.js';
import { MemoryLogger } from '../engine/core/logger.js';
import { TestClock } from '../engine/core/test-clock.js';
import { sharedInstruments } from '../engine/data/instrument-file.js';
import { marketDataKind, walkBar } from '../engine/data/bar-path.js';
import { InstrumentProvider, type Instrument } from '../engine/model/instruments.js';
import type { Bar, MarketData, QuoteTick, TradeTick } from '../engine/model/market-data.js';
import { TradingNode } from '../engine/node.js';
import { Strategy } from '../engine/strategy/strategy.js';
import { type BacktestOptions, type BacktestOptionsInput, type BacktestProgress, parseBacktestOptions, timeToNs } from './backtest-options.js';
import { BacktestVenue } from './backtest-venue.js';
import { cellSignal, markSettling, progressDisplayFactory } from './front-end-hooks.js';
import { HookErrorWatch } from './hook-error-watch.js';
import { BacktestRecorder, orderOf, simTime } from './recorder.js';
import type { BacktestResult } from './result-types.js';
import { type DataItem, type DataItems, openItems } from './data-items.js';
import type { DataStats } from './data/index.js';
import { resultStatistics } from './result-statistics.js';

/**
 * `backtest(strategies, { data, ... })`: the strategies — the very classes used live — run over recorded
 * data inside a TradingNode with a TestClock, through the same risk engine, execution engine, order
 * managers and portfolio, against the sandbox's matching engine in-process (backtest-venue.ts).
 *
 * Time: the clock jumps to each data point's own recorded timestamp; timers and alerts due before it
 * (GTD expiries, strategy timers, in-flight checks) fire first, one time at a time, with the engine
 * drained after each. A bar is walked into the quotes and trades inside it (bar-path.ts), exactly as the
 * sandbox venue replays bars, so resting orders fill at the prices the bar went through.
 *
 * Determinism: the same strategies, data and options give the same orders, fills, ids and statistics on
 * every run; only event ids (random UUIDs, unique across runs by design) and `wallMs` differ.
 */
export async function backtest(strategies: Strategy<unknown> | readonly Strategy<unknown>[], options: BacktestOptionsInput): Promise<BacktestResult> {
  const opts = parseBacktestOptions(options);
  const list = checkStrategies(strategies);
  const fromNs = timeToNs('from', opts.from);
  const toNs = timeToNs('to', opts.to);
  const started = performance.now();
  const items = openItems(opts.data, { fromNs, toNs, malformed: opts.malformed });
  const first = await items.next();
  if (first.done) {
    throw new EngineError('BACKTEST_OPTIONS_INVALID', `backtest: expected data with at least one point${fromNs !== undefined || toNs !== undefined ? ' between from and to' : ''}, received none`, { issues: ['data'] });
  }
  // Interrupts: the caller's signal, else the running cell's (Ctrl-C in the REPL, interrupt in Jupyter).
  const signal = opts.signal ?? cellSignal();
  const unmark = signal !== undefined ? markSettling() : () => undefined;
  const display = opts.onProgress === undefined && opts.progress ? progressDisplayFactory()?.(`backtest ${list.map((s) => s.id).join(', ')}`) : undefined;
  const onProgress = (opts.onProgress as ((p: BacktestProgress) => void) | undefined) ?? (display ? (p: BacktestProgress) => (p.done ? display.finish(p) : display.update(p)) : undefined);
  try {
    const run = await BacktestRun.create(list, { ...opts, signal, onProgress }, first.value);
    try {
      await run.loop(first.value, items, started, fromNs, toNs);
    } finally {
      await items.return?.(undefined);
    }
    return await run.finish(started, items.stats());
  } finally {
    unmark();
  }
}

function checkStrategies(input: Strategy<unknown> | readonly Strategy<unknown>[]): Strategy<unknown>[] {
  const list = Array.isArray(input) ? [...input] : [input];
  if (list.length === 0) throw new EngineError('BACKTEST_STRATEGY_INVALID', 'backtest: expected at least one Strategy instance, received none', {});
  for (const s of list) {
    if (!(s instanceof Strategy)) {
      throw new EngineError('BACKTEST_STRATEGY_INVALID', `backtest: expected Strategy instances (new MyStrategy({...})), received ${describe(s)}`, {});
    }
    if (s.isRegistered) {
      throw new EngineError('BACKTEST_STRATEGY_INVALID', `backtest: expected a strategy not added to a node, received ${s.id} (already on a node: make a new instance with the same config)`, { strategyId: s.id });
    }
  }
  return list;
}

function describe(v: unknown): string {
  if (typeof v === 'function') return `the class ${v.name || '(anonymous)'} itself (pass an instance)`;
  return v === null ? 'null' : typeof v === 'object' ? (v.constructor?.name ?? 'an object') : `${typeof v} ${String(v)}`;
}

class BacktestRun {
  private readonly recorder: BacktestRecorder;
  private readonly hookErrors: HookErrorWatch;
  private events = 0;
  private interrupted = false;
  private lastNs: bigint;
  private readonly startNs: bigint;

  private constructor(
    private readonly node: TradingNode,
    private readonly clock: TestClock,
    private readonly venue: BacktestVenue,
    private readonly strategies: Strategy<unknown>[],
    private readonly opts: BacktestOptions,
    private readonly instruments: InstrumentProvider,
    private readonly currency: string,
    private readonly startingEquity: Decimal,
  ) {
    this.recorder = new BacktestRecorder(node.bus, BigInt(opts.sampleMs) * 1_000_000n, opts.recordEvents);
    this.hookErrors = new HookErrorWatch(strategies);
    this.startNs = clock.timestampNs();
    this.lastNs = this.startNs;
  }

  static async create(strategies: Strategy<unknown>[], opts: BacktestOptions, first: DataItem): Promise<BacktestRun> {
    const clock = new TestClock(first.data.tsEvent);
    const instruments = withFees(sharedInstruments(), opts.venue.fees);
    const v = opts.venue;
    const venue = new BacktestVenue({
      venue: v.name, clock, instruments, latencyNs: BigInt(Math.round(v.latencyMs * 1_000_000)),
      account: {
        accountId: `${v.name}-001`, apiKey: 'backtest', apiSecret: 'backtest', omsType: v.omsType, balances: v.balances, accountType: v.accountType,
        ...(v.defaultLeverage !== undefined ? { defaultLeverage: v.defaultLeverage } : {}), ...(v.leverage !== undefined ? { leverage: v.leverage } : {}),
      },
    });
    const node = await TradingNode.create(
      {
        venues: [{ venue: v.name, url: 'ws://backtest.invalid', apiKey: 'backtest', apiSecret: 'backtest' }],
        // The venue is in-process: no ack is ever lost, so the in-flight checks (a timer every 2 s of
        // simulated time) would only cost time. A run can turn them back on through `execEngine`.
        execEngine: { inflightCheckIntervalMs: 0, ...opts.execEngine },
        ...(opts.riskEngine !== undefined ? { riskEngine: opts.riskEngine } : {}),
        shutdownPolicy: 'leave',
      },
      { clock, logger: new MemoryLogger(clock, 'error'), instruments, persistence: null, clientsFactory: () => ({ venue: v.name, url: 'backtest', exec: venue.exec, data: venue.data }) },
    );
    for (const s of strategies) node.addStrategy(s);
    const currency = opts.currency ?? instruments.find(first.data.instrumentId)?.quoteCurrency ?? 'USDT';
    const startingEquity = Decimal.from(v.balances[currency] ?? '0');
    await node.start();
    return new BacktestRun(node, clock, venue, strategies, opts, instruments, currency, startingEquity);
  }

  async loop(first: DataItem, items: DataItems, started: number, fromNs: bigint | undefined, toNs: bigint | undefined): Promise<void> {
    const { opts } = this;
    this.recorder.sampleEquity(this.startNs, this.equity(), true);
    let lastYield = performance.now();
    let lastProgress = lastYield;
    const span = fromNs !== undefined && toNs !== undefined && toNs > fromNs ? toNs - fromNs : undefined;
    // A batch is walked without an await per point: the engine is awaited only when it has work
    // (a timer due, a command queued), so a data-only run costs no promise per point.
    let batch: readonly DataItem[] | undefined = [first];
    run: while (batch !== undefined) {
      for (let i = 0; i < batch.length; i++) {
        if (opts.signal?.aborted) {
          this.interrupted = true;
          break run;
        }
        const wait = this.step(batch[i]!);
        if (wait !== undefined) await wait;
        if (this.hookErrors.count > 0 && opts.stopOnError) {
          this.interrupted = true;
          break run;
        }
        if ((this.events & 255) === 0) {
          const now = performance.now();
          if (now - lastYield >= opts.yieldEveryMs) {
            // A live node in this process, a Ctrl-C and the progress display get their turn.
            await new Promise<void>((r) => setImmediate(r));
            lastYield = performance.now();
          }
          if (opts.onProgress !== undefined && now - lastProgress >= opts.progressEveryMs) {
            lastProgress = now;
            this.progress(started, span, fromNs, false);
          }
        }
      }
      batch = await items.nextBatch();
    }
    await this.node.execEngine.whenIdle();
    if (opts.onProgress !== undefined) this.progress(started, span, fromNs, true);
  }

  /**
   * One recorded data point: timers due before it, then the venue and the subscribers, then the engine
   * drained. undefined when all of that happened synchronously; else a promise of the rest.
   */
  private step(item: DataItem): Promise<void> | undefined {
    const d = item.data;
    this.points.set(d.instrumentId, (this.points.get(d.instrumentId) ?? 0) + 1);
    if (item.kind === 'bar') {
      const instrument = this.instruments.find(d.instrumentId);
      if (instrument !== undefined) return this.walk(walkBar(d as Bar, instrument), 0);
    }
    const wait = this.point(item.kind, d, item.kind);
    if (wait !== undefined) return this.counted(wait);
    this.events += 1;
    return undefined;
  }

  /** A bar's path (its quotes and trades, then the bar) from `from` on, synchronously while nothing waits. */
  private walk(path: readonly MarketData[], from: number): Promise<void> | undefined {
    for (let i = from; i < path.length; i++) {
      const p = path[i]!;
      const wait = this.point(marketDataKind(p), p, 'bar');
      if (wait !== undefined) return this.walkAfter(wait, path, i + 1);
    }
    this.events += 1;
    return undefined;
  }

  private async walkAfter(wait: Promise<void>, path: readonly MarketData[], from: number): Promise<void> {
    await wait;
    const rest = this.walk(path, from);
    if (rest !== undefined) await rest;
  }

  private async counted(wait: Promise<void>): Promise<void> {
    await wait;
    this.events += 1;
  }

  private point(kind: DataItem['kind'], d: Bar | QuoteTick | TradeTick, dataKind: DataItem['kind']): Promise<void> | undefined {
    // The equity as the previous bucket ended: nothing changes it between the last point and this one but timers.
    if (this.recorder.equityDue(d.tsEvent)) this.recorder.sampleEquity(this.lastNs, this.equity());
    if (this.clock.nextDueNs(d.tsEvent) !== undefined) return this.pointAfterTimers(kind, d, dataKind);
    if (d.tsEvent > this.clock.timestampNs()) this.clock.setTime(d.tsEvent);
    return this.deliver(kind, d, dataKind);
  }

  private async pointAfterTimers(kind: DataItem['kind'], d: Bar | QuoteTick | TradeTick, dataKind: DataItem['kind']): Promise<void> {
    await this.advanceTo(d.tsEvent);
    const wait = this.deliver(kind, d, dataKind);
    if (wait !== undefined) await wait;
  }

  /** The point to the venue (matching first) and the subscribers; the engine is awaited only when it has work. */
  private deliver(kind: DataItem['kind'], d: Bar | QuoteTick | TradeTick, dataKind: DataItem['kind']): Promise<void> | undefined {
    if (kind === 'quote') {
      const q = d as QuoteTick;
      this.venue.quote(q);
      this.recorder.quote(q.instrumentId, q.tsEvent, q.bid, q.ask);
    } else if (kind === 'trade') this.venue.trade(d as TradeTick);
    else {
      const b = d as Bar;
      this.venue.bar(b);
      this.recorder.price(b.instrumentId, b.tsEvent, b.close);
    }
    if (!this.node.execEngine.isIdle) return this.drained(d, dataKind);
    this.pointDone(d, dataKind);
    return undefined;
  }

  private async drained(d: Bar | QuoteTick | TradeTick, dataKind: DataItem['kind']): Promise<void> {
    await this.node.execEngine.whenIdle();
    this.pointDone(d, dataKind);
  }

  private pointDone(d: Bar | QuoteTick | TradeTick, dataKind: DataItem['kind']): void {
    if (this.hookErrors.pending) this.hookErrors.check(d.tsEvent, d.instrumentId, dataKind);
    this.lastNs = d.tsEvent;
  }

  /** Fire what is due before `ns` one time at a time, draining the engine after each (as a live node would see them). */
  private async advanceTo(ns: bigint): Promise<void> {
    if (ns < this.clock.timestampNs()) return; // equal timestamps across sources: no time passes
    for (let due = this.clock.nextDueNs(ns); due !== undefined; due = this.clock.nextDueNs(ns)) {
      this.clock.advanceTo(due);
      await this.node.execEngine.whenIdle();
    }
    this.clock.advanceTo(ns);
  }

  private equity(): Decimal {
    return this.node.portfolio.equity(this.currency)?.amount ?? this.startingEquity;
  }

  private progress(started: number, span: bigint | undefined, fromNs: bigint | undefined, done: boolean): void {
    const secs = (performance.now() - started) / 1000;
    const p: BacktestProgress = {
      events: this.events,
      eventsPerSec: secs > 0 ? Math.round(this.events / secs) : 0,
      simTime: simTime(this.lastNs).ts,
      fraction: done ? 1 : span !== undefined && fromNs !== undefined ? Math.min(1, Number(this.lastNs - fromNs) / Number(span)) : undefined,
      orders: this.node.cache.orders().length,
      fills: this.recorder.fills.length,
      done,
    };
    try {
      (this.opts.onProgress as (p: BacktestProgress) => void)(p);
    } catch {
      // A progress display that fails must not stop the run.
    }
  }

  private readonly points = new Map<string, number>();

  private warnings(stats: DataStats): string[] {
    const out: string[] = [];
    for (const [id, n] of this.points) {
      if ((this.venue.data.delivered.get(id) ?? 0) > 0) continue;
      out.push(`data for ${id} (${n.toLocaleString('en-US')} points) reached no strategy: none subscribed to its quotes, trades or bars (the venue still matched orders against its prices)`);
    }
    for (const s of stats.sources) {
      if (s.skipped === 0) continue;
      const first = s.skippedRows[0];
      out.push(`${s.source}: ${s.skipped} malformed row${s.skipped === 1 ? '' : 's'} skipped${first ? ` (first: ${first.file}:${first.line}: ${first.reason})` : ''}`);
    }
    return out;
  }

  async finish(started: number, stats: DataStats): Promise<BacktestResult> {
    const skippedRows = stats.skipped;
    this.recorder.sampleEquity(this.lastNs, this.equity(), true);
    await this.node.stop();
    this.recorder.dispose();
    const orders = this.node.cache.orders().map(orderOf);
    const trades = this.recorder.trades();
    const result: Omit<BacktestResult, 'statistics'> = {
      kind: 'backtest-result',
      strategies: this.strategies.map((s) => ({ id: s.id, className: s.constructor.name, params: { ...(s.params as Record<string, unknown>) } })),
      venue: this.opts.venue.name,
      from: simTime(this.startNs),
      to: simTime(this.lastNs),
      events: this.events,
      skippedRows,
      orders,
      fills: this.recorder.fills,
      trades,
      equity: this.recorder.equity,
      prices: this.recorder.priceSamples(),
      errors: this.hookErrors.errors,
      warnings: this.warnings(stats),
      ...(this.recorder.events !== undefined ? { eventLog: this.recorder.events } : {}),
      interrupted: this.interrupted,
      wallMs: Math.round(performance.now() - started),
    };
    await this.node.dispose();
    return { ...result, statistics: resultStatistics(result, this.currency, this.startingEquity.toString()) };
  }
}

/** The instruments with the venue's fee override applied to each. */
function withFees(provider: InstrumentProvider, fees: BacktestOptions['venue']['fees']): InstrumentProvider {
  if (fees === undefined || (fees.maker === undefined && fees.taker === undefined)) return provider;
  const all: Instrument[] = provider.all().map((i) => ({
    ...i,
    ...(fees.maker !== undefined ? { makerFee: Decimal.from(fees.maker) } : {}),
    ...(fees.taker !== undefined ? { takerFee: Decimal.from(fees.taker) } : {}),
  }));
  return new InstrumentProvider(all);
}
