/**
 * `.backtest [STRATEGY-ID] [from=ISO] [to=ISO] [data=PATH|btc-perp-1m|eurusd-quotes] [bars=N]`: the
 * session's strategy, as configured now, over recorded data (default: the recorded BTC-perp bars).
 * The class is the one the cells defined (or keel's, for the demo strategies), instantiated afresh with
 * the strategy's current config, so the live one is untouched. Ctrl-C stops it at the next data point
 * and shows what ran; progress is the REPL's bar.
 */
import * as keel from '../../engine/index.js';
import { EngineError, Strategy, backtest } from '../../engine/index.js';
import { btcPerpBarsPath, eurUsdQuotesPath } from '../../sandbox/index.js';
import type { ReplCommand } from '../repl/index.js';
import type { Session } from '../session.js';
import { strategiesOf } from '../session/live-node.js';

type StrategyClass = new (config: Record<string, unknown>) => Strategy<unknown>;

const KEYS = ['from', 'to', 'data', 'bars'] as const;

export function backtestCommand(session: Session, onInterrupt?: (listener: () => void) => () => void): ReplCommand {
  return {
    name: 'backtest',
    help: 'Backtest a session strategy as configured now over recorded data (.backtest [ID] [from=ISO] [to=ISO] [data=PATH] [bars=N])',
    async action(arg: string) {
      const { id, opts } = parseArgs(arg);
      const strategies = strategiesOf(session.node);
      const view = id === undefined ? strategies[0] : strategies.find((s) => s.id === id);
      if (view === undefined) {
        const known = strategies.map((s) => s.id).join(', ') || 'none';
        throw new EngineError('BACKTEST_STRATEGY_INVALID', `.backtest: expected ${id === undefined ? 'a strategy on the session node' : `a strategy id of this session`} (${known}), received ${id ?? 'none'}`, {});
      }
      const className = (view as { className?: string }).className ?? (view as object).constructor.name;
      const Cls = classNamed(session, className);
      const config = { ...((view.config ?? {}) as Record<string, unknown>) };
      delete config['orderIdTag'];
      const data = dataOf(opts);
      const ac = new AbortController();
      const off = onInterrupt?.(() => ac.abort());
      try {
        return await backtest(new Cls(config), { data, signal: ac.signal, ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}) });
      } finally {
        off?.();
      }
    },
    complete: () => [...strategiesOf(session.node).map((s) => s.id), ...KEYS.map((k) => `${k}=`)],
  };
}

function parseArgs(arg: string): { id: string | undefined; opts: Partial<Record<(typeof KEYS)[number], string>> } {
  let id: string | undefined;
  const opts: Partial<Record<(typeof KEYS)[number], string>> = {};
  for (const word of arg.trim().split(/\s+/).filter(Boolean)) {
    const eq = word.indexOf('=');
    if (eq < 0) {
      id = word;
      continue;
    }
    const key = word.slice(0, eq) as (typeof KEYS)[number];
    if (!KEYS.includes(key)) {
      throw new EngineError('BACKTEST_OPTIONS_INVALID', `.backtest: expected one of ${KEYS.map((k) => `${k}=`).join(', ')}, received '${word}'`, { issues: [word] });
    }
    opts[key] = word.slice(eq + 1);
  }
  return { id, opts };
}

function dataOf(opts: Partial<Record<(typeof KEYS)[number], string>>): unknown {
  const source = opts.data ?? 'btc-perp-1m';
  const path = source === 'btc-perp-1m' ? btcPerpBarsPath() : source === 'eurusd-quotes' ? eurUsdQuotesPath() : source;
  if (opts.bars === undefined) return path;
  const n = Number(opts.bars);
  if (!Number.isInteger(n) || n <= 0) throw new EngineError('BACKTEST_OPTIONS_INVALID', `.backtest: expected bars=N with N a positive integer, received bars=${opts.bars}`, { issues: ['bars'] });
  return firstN(path, n);
}

/** The first `n` rows of a CSV as loader output (only bar files need this; quotes files are large). */
async function* firstN(path: string, n: number): AsyncGenerator<keel.Bar> {
  const { readBarsCsv } = await import('../../sandbox/index.js');
  let i = 0;
  for (const b of readBarsCsv(path)) {
    if (i++ >= n) return;
    yield b;
  }
}

/** The class the cells defined under `name`, else keel's export of that name. */
function classNamed(session: Session, name: string): StrategyClass {
  const fromCells = session.evaluator.getGlobal(name);
  const candidate = isStrategyClass(fromCells) ? fromCells : (keel as Record<string, unknown>)[name];
  if (!isStrategyClass(candidate)) {
    throw new EngineError('BACKTEST_STRATEGY_INVALID', `.backtest: expected a Strategy class named ${name} in the session's cells or in keel, received ${fromCells === undefined ? 'none' : typeof fromCells}`, {});
  }
  return candidate;
}

function isStrategyClass(v: unknown): v is StrategyClass {
  return typeof v === 'function' && v.prototype instanceof Strategy;
}
