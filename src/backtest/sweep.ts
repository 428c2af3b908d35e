import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { EngineError } from '../engine/core/errors.js';
import { Strategy, type StrategyConfig } from '../engine/strategy/strategy.js';
import { type BacktestOptionsInput, parseBacktestOptions, timeToNs } from './backtest-options.js';
import { isMarketDataArray, toWire } from './market-data-wire.js';
import type { BacktestStatistics, SweepResult, SweepRow } from './result-types.js';
import { backtest } from './runner.js';
import type { SweepJob, SweepReply, SweepWorkerData } from './sweep-worker.js';

/**
 * `backtest.sweep(StrategyClass, { grid, data, ... })`: every combination of the grid's parameter values
 * (merged over `config.params`), each a full backtest, run on worker threads (one per core by default)
 * and returned as a table sorted by one statistic, best first, with `best`: a new strategy instance
 * with the winning parameters (what `promote(result.best, { dir })` deploys).
 *
 * A worker loads the class by module: a class exported by `keel` (the demo strategies) is found there,
 * any other through `module` (a path or URL of a module exporting it under its class name). A class
 * no worker can load (defined in a cell, not exported) runs its combinations in this thread one after
 * another; `workers` is then 0 and `note` says why.
 */
type StrategyClass = new (config: StrategyConfig<Record<string, unknown>>) => Strategy<unknown>;

export interface SweepOptions extends Omit<BacktestOptionsInput, 'onProgress' | 'recordEvents' | 'progress'> {
  readonly grid: Readonly<Record<string, readonly unknown[]>>;
  /** The strategy config every combination starts from (its `params` are overridden by the grid's). */
  readonly config?: StrategyConfig<Record<string, unknown>>;
  /** The statistic rows are sorted by (default totalReturn), and the direction (default: larger is better, drawdowns smaller). */
  readonly sortBy?: keyof BacktestStatistics;
  readonly descending?: boolean;
  /** Worker threads (default: one per core, at most one per combination); 0: run in this thread. */
  readonly workers?: number;
  /** A module exporting the class under its name, for classes `keel` does not export. */
  readonly module?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SweepOutcome extends SweepResult {
  /** A new instance of the class with the best row's parameters (not part of the JSON). */
  readonly best: Strategy<unknown> | undefined;
  /** Combinations the strategy's own params schema refused, with its message. */
  readonly skipped: readonly { readonly params: Readonly<Record<string, unknown>>; readonly reason: string }[];
  readonly note?: string;
}

const SMALLER_IS_BETTER: ReadonlySet<keyof BacktestStatistics> = new Set(['maxDrawdown', 'maxDrawdownDurationMs', 'commissions']);

export async function sweep(Cls: StrategyClass, options: SweepOptions): Promise<SweepOutcome> {
  const started = performance.now();
  if (typeof Cls !== 'function' || !(Cls.prototype instanceof Strategy)) {
    throw new EngineError('BACKTEST_STRATEGY_INVALID', `backtest.sweep: expected a Strategy class (class X extends Strategy), received ${typeof Cls === 'function' ? `the function ${Cls.name || '(anonymous)'}` : typeof Cls}`, {});
  }
  const { grid, config = {}, sortBy = 'totalReturn', module, onProgress, workers: requested, descending: _descending, ...backtestInput } = options;
  const combos = combinations(grid);
  const base = (config.params ?? {}) as Record<string, unknown>;
  // Each combination is built here first: a refused one is reported, never sent to a worker.
  const jobs: { index: number; params: Record<string, unknown> }[] = [];
  const skipped: { params: Record<string, unknown>; reason: string }[] = [];
  for (const combo of combos) {
    const params = { ...base, ...combo };
    try {
      new Cls({ ...config, params });
      jobs.push({ index: jobs.length, params });
    } catch (e) {
      skipped.push({ params: combo, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  parseBacktestOptions(backtestInput); // bad options fail here, before any thread starts
  const descending = options.descending ?? !SMALLER_IS_BETTER.has(sortBy);
  const moduleUrl = await classModule(Cls, module);
  const workers = moduleUrl === undefined ? 0 : Math.max(0, Math.min(requested ?? availableParallelism(), jobs.length));
  const results: SweepRow[] = new Array(jobs.length);
  let done = 0;
  const progress = () => onProgress?.(++done, jobs.length);
  if (workers === 0) {
    for (const job of jobs) {
      if (backtestInput.signal?.aborted) break;
      const r = await backtest(new Cls({ ...config, params: job.params }), { ...backtestInput, progress: false });
      results[job.index] = { params: job.params, statistics: r.statistics, errors: r.errors.length };
      progress();
    }
  } else {
    await runOnWorkers(workers, jobs, { moduleUrl: moduleUrl!, exportName: Cls.name, config: { ...config, params: {} }, options: workerOptions(backtestInput) }, results, progress, backtestInput.signal);
  }
  const rows = results.filter((r): r is SweepRow => r !== undefined).sort((a, b) => compare(a.statistics[sortBy], b.statistics[sortBy], descending));
  const bestRow = rows[0];
  return {
    kind: 'sweep-result',
    className: Cls.name,
    grid,
    sortBy,
    descending,
    rows,
    workers,
    wallMs: Math.round(performance.now() - started),
    best: bestRow !== undefined ? new Cls({ ...config, params: { ...bestRow.params } }) : undefined,
    skipped,
    ...(moduleUrl === undefined && (requested ?? 1) > 0 ? { note: `${Cls.name} is not exported by keel and no module was given: the combinations ran one after another in this thread` } : {}),
  };
}

/** Every combination of the grid's values, first key varying slowest. */
export function combinations(grid: Readonly<Record<string, readonly unknown[]>>): Record<string, unknown>[] {
  const keys = Object.keys(grid);
  if (keys.length === 0) throw new EngineError('BACKTEST_OPTIONS_INVALID', 'backtest.sweep: expected a grid with at least one parameter, received {}', { issues: ['grid'] });
  for (const k of keys) {
    const values = grid[k];
    if (!Array.isArray(values) || values.length === 0) {
      throw new EngineError('BACKTEST_OPTIONS_INVALID', `backtest.sweep: expected grid.${k} to be a non-empty list of values, received ${JSON.stringify(values)}`, { issues: [`grid.${k}`] });
    }
  }
  let out: Record<string, unknown>[] = [{}];
  for (const k of keys) out = out.flatMap((partial) => grid[k]!.map((v) => ({ ...partial, [k]: v })));
  return out;
}

function compare(a: unknown, b: unknown, descending: boolean): number {
  const na = toNumber(a);
  const nb = toNumber(b);
  // null / NaN (undefined statistics) go last whichever the direction.
  if (na === undefined) return nb === undefined ? 0 : 1;
  if (nb === undefined) return -1;
  return descending ? nb - na : na - nb;
}

function toNumber(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) || n === Infinity || n === -Infinity ? n : undefined;
}

/** Where a worker imports the class from: `keel`'s entry when it exports this very class, else `module`. */
async function classModule(Cls: StrategyClass, module: string | undefined): Promise<string | undefined> {
  if (module !== undefined) {
    const url = /^[a-z]+:/.test(module) ? module : pathToFileURL(path.resolve(module)).href;
    const m = (await import(url)) as Record<string, unknown>;
    if (typeof m[Cls.name] !== 'function') {
      throw new EngineError('BACKTEST_OPTIONS_INVALID', `backtest.sweep: expected ${module} to export ${Cls.name}, received exports ${Object.keys(m).join(', ') || '(none)'}`, { issues: ['module'] });
    }
    return url;
  }
  const entry = new URL(`../engine/index${path.extname(new URL(import.meta.url).pathname)}`, import.meta.url).href;
  const keel = (await import(entry)) as Record<string, unknown>;
  return keel[Cls.name] === Cls ? entry : undefined;
}

/** The options a worker can receive: times as ns, data as paths or plain values. */
function workerOptions(input: Omit<BacktestOptionsInput, 'onProgress'>): SweepWorkerData['options'] {
  const { signal: _s, from, to, data, ...plain } = input;
  const fromNs = timeToNs('from', from);
  const toNs = timeToNs('to', to);
  return { ...plain, ...(fromNs !== undefined ? { from: fromNs } : {}), ...(toNs !== undefined ? { to: toNs } : {}), data: wireData(data) } as SweepWorkerData['options'];
}

function wireData(data: unknown): unknown {
  if (isMarketDataArray(data)) return { wire: data.map(toWire) };
  if (Array.isArray(data)) return data.map((d) => (isMarketDataArray(d) ? { wire: d.map(toWire) } : d));
  if (typeof data === 'object' && data !== null && Symbol.iterator in data) {
    return { wire: [...(data as Iterable<Parameters<typeof toWire>[0]>)].map(toWire) };
  }
  return data;
}

function workerScript(): { code: string; eval: true } | { url: URL; eval: false } {
  const here = new URL(import.meta.url);
  const ts = here.pathname.endsWith('.ts');
  const target = new URL(`./sweep-worker${ts ? '.ts' : '.js'}`, here);
  if (!ts) return { url: target, eval: false };
  // From sources: the worker registers tsx's loader first (a worker does not inherit the parent's hooks).
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  return { code: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target.href)}); })`, eval: true };
}

async function runOnWorkers(
  n: number,
  jobs: readonly { index: number; params: Record<string, unknown> }[],
  data: Omit<SweepWorkerData, never>,
  results: SweepRow[],
  progress: () => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  const script = workerScript();
  let next = 0;
  const pool = Array.from({ length: n }, () => {
    const w = script.eval ? new Worker(script.code, { eval: true, workerData: data }) : new Worker(script.url, { workerData: data });
    return new Promise<void>((resolve, reject) => {
      const give = () => {
        if (next >= jobs.length || signal?.aborted) {
          void w.terminate().then(() => resolve());
          return;
        }
        const job = jobs[next++]!;
        w.postMessage({ index: job.index, params: job.params } satisfies SweepJob);
      };
      w.on('message', (m: SweepReply) => {
        if (m.kind === 'ready') return give();
        if (m.kind === 'failed') {
          void w.terminate();
          return reject(new EngineError('BACKTEST_OPTIONS_INVALID', `backtest.sweep: a combination failed: ${m.message}`, { issues: ['worker'] }));
        }
        results[m.index] = { params: jobs[m.index]!.params, statistics: m.statistics, errors: m.errors };
        progress();
        give();
      });
      w.on('error', (e) => reject(e));
    });
  });
  await Promise.all(pool);
}
