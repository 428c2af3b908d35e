/**
 * A backtest's result → chart models: equity over drawdown, the price of an instrument with the run's
 * entries and exits (its fills), and a sweep's heat map over two parameters. Reads only the result's
 * plain data (`src/backtest/result-types.ts`), so a result loaded from JSON draws the same.
 */
import { EngineError } from '../../../engine/index.js';
import type { BacktestResult, BacktestStatistics, SweepResult } from '../../../backtest/result-types.js';
import { nsToMs, positionSteps } from './build-chart.js';
import type { EquityDrawdownChart, FillMark, HeatCell, HeatMap, PriceChart, SamplePoint } from './chart-model.js';

/** Points drawn at most per series (evenly spaced, the last always kept): a notebook output stays small. */
export const BACKTEST_MAX_POINTS = 1_000;

function thin<T>(xs: readonly T[], max: number): T[] {
  if (xs.length <= max) return [...xs];
  const step = xs.length / (max - 1);
  const out: T[] = [];
  for (let i = 0; i < max - 1; i++) out.push(xs[Math.floor(i * step)]!);
  out.push(xs.at(-1)!);
  return out;
}

const msOf = (tsNs: string): number => nsToMs(tsNs) ?? 0;

/** Equity from the starting equity at the run's start, with drawdown = equity / running peak − 1 (≤ 0). */
export function equityDrawdownChart(result: BacktestResult, maxPoints = BACKTEST_MAX_POINTS): EquityDrawdownChart {
  const s = result.statistics;
  const samples = [
    ...(result.from !== undefined ? [{ ts: msOf(result.from.tsNs), equity: Number(s.startingEquity) }] : []),
    ...result.equity.map((e) => ({ ts: msOf(e.tsNs), equity: Number(e.equity) })),
  ];
  let peak = -Infinity;
  const points = samples.map((p) => {
    peak = Math.max(peak, p.equity);
    return { ...p, drawdown: peak > 0 ? p.equity / peak - 1 : 0 };
  });
  const who = result.strategies.map((x) => x.id).join(', ');
  return { kind: 'EquityDrawdown', label: `equity ${s.currency}${who === '' ? '' : ` · ${who}`}`, points: thin(points, maxPoints) };
}

/** The price of `instrumentId` (default: the first with prices) with every fill of it as an entry/exit mark. */
export function backtestPriceChart(result: BacktestResult, instrumentId?: string, maxPoints = BACKTEST_MAX_POINTS): PriceChart {
  const id = instrumentId ?? Object.keys(result.prices)[0] ?? result.fills[0]?.instrumentId ?? '';
  const samples: SamplePoint[] = (result.prices[id] ?? []).map((p) => ({ ts: msOf(p.tsNs), price: Number(p.price) }));
  const fills: FillMark[] = result.fills
    .filter((f) => f.instrumentId === id)
    .map((f) => ({ ts: msOf(f.tsNs), price: Number(f.price), qty: Number(f.quantity), side: f.side, clientOrderId: f.clientOrderId }));
  return {
    kind: 'PriceChart', instrumentId: id, style: 'line',
    price: samples.length > 0 ? { kind: 'samples', samples: thin(samples, maxPoints) } : { kind: 'none' },
    orders: [], fills, levels: [], position: positionSteps(fills), approximateFills: 0,
  };
}

/** The charts of a result: equity + drawdown, and one price chart per instrument with prices. */
export function backtestCharts(result: BacktestResult): { readonly equity: EquityDrawdownChart; readonly prices: readonly PriceChart[] } {
  return { equity: equityDrawdownChart(result), prices: Object.keys(result.prices).map((id) => backtestPriceChart(result, id)) };
}

const LOWER_IS_BETTER: ReadonlySet<string> = new Set(['maxDrawdown', 'maxDrawdownDurationMs', 'commissions', 'averageLoss']);

export interface HeatMapOptions {
  /** Parameters on each axis (default the grid's first two). */
  readonly x?: string;
  readonly y?: string;
  /** The statistic in the cells (default the sweep's `sortBy`). */
  readonly statistic?: keyof BacktestStatistics;
}

/**
 * One cell per (x, y) combination of the grid. With more than two parameters, a cell holds the best value
 * over the others (best by the statistic's own direction: highest, or lowest for drawdowns and costs).
 */
export function sweepHeatMap(sweep: SweepResult, options: HeatMapOptions = {}): HeatMap {
  const names = Object.keys(sweep.grid);
  const x = options.x ?? names[0];
  const y = options.y ?? names.find((n) => n !== x);
  if (x === undefined || y === undefined || x === y || !names.includes(x) || !names.includes(y)) {
    throw new EngineError('SWEEP_HEATMAP_PARAMS', `heat map: expected two different parameters of the grid (${names.join(', ') || 'none'}), received x=${String(x)} y=${String(y)}`, {
      grid: names, x: String(x), y: String(y),
    });
  }
  const statistic = options.statistic ?? sweep.sortBy;
  const best: HeatMap['best'] = LOWER_IS_BETTER.has(statistic) ? 'lowest' : 'highest';
  const better = (a: number, b: number): boolean => (best === 'highest' ? a > b : a < b);
  const xValues = (sweep.grid[x] ?? []).map(String);
  const yValues = (sweep.grid[y] ?? []).map(String);
  const values = new Map<string, number | null>();
  for (const row of sweep.rows) {
    const key = `${String(row.params[x])}\u0000${String(row.params[y])}`;
    const raw = row.statistics[statistic];
    const v = raw === null ? null : Number(raw);
    const had = values.get(key);
    if (had === undefined || had === null || (v !== null && better(v, had))) values.set(key, v);
  }
  const cells: HeatCell[] = yValues.flatMap((yv) => xValues.map((xv) => ({ x: xv, y: yv, value: values.get(`${xv}\u0000${yv}`) ?? null })));
  return { kind: 'HeatMap', title: `${sweep.className}: ${statistic} by ${x} × ${y}`, xField: x, yField: y, xValues, yValues, statistic, best, cells };
}
