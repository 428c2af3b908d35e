/**
 * A backtest's result as a summary table (its statistics) and a trades table (the first and last rows
 * when long), and a sweep's result as a table sorted by its statistic. One view model: the terminal and
 * the notebook show the same figures. The charts are separate values (chart/build-backtest.ts).
 */
import type { BacktestResult, BacktestStatistics, BacktestTrade, SweepResult } from '../../backtest/result-types.js';
import { pnlTone, plural } from './format.js';
import type { Block, Column, Span, View } from './model.js';
import { span, words } from './model.js';

/** Trades shown in full up to this many; beyond, the first and last half of it with a fold line between. */
export const TRADES_SHOWN = 20;

const left = (label: string, drop?: number): Column => (drop === undefined ? { label, align: 'left' } : { label, align: 'left', drop });
const right = (label: string, drop?: number): Column => (drop === undefined ? { label, align: 'right' } : { label, align: 'right', drop });

const PERCENT: ReadonlySet<string> = new Set(['totalReturn', 'annualizedReturn', 'maxDrawdown', 'winRate', 'exposureTime']);
const MONEY: ReadonlySet<string> = new Set(['startingEquity', 'endingEquity', 'pnlNet', 'averageWin', 'averageLoss', 'commissions']);

/** '1d 17h': the largest non-zero unit of d, h, m, s and the next one when not zero ('0s' for none). */
export function formatDuration(ms: number): string {
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1_000]];
  let rest = Math.round(ms);
  const parts = units.map(([u, size]) => {
    const n = Math.floor(rest / size);
    rest -= n * size;
    return n > 0 ? `${n}${u}` : '';
  });
  const first = parts.findIndex((p) => p !== '');
  return first < 0 ? '0s' : [parts[first], parts[first + 1]].filter((p) => p !== undefined && p !== '').join(' ');
}

/** One statistic as text: fractions as %, money with its currency, ratios to 2 places, null as '—'. */
export function formatStatistic(key: keyof BacktestStatistics | string, value: unknown, currency: string): string {
  if (value === null || value === undefined) return '—';
  if (PERCENT.has(key)) return `${(Number(value) * 100).toFixed(2)} %`;
  if (MONEY.has(key)) return `${String(value)} ${currency}`;
  if (key === 'maxDrawdownDurationMs') return formatDuration(Number(value));
  if (key === 'trades') return String(value);
  return typeof value === 'number' ? value.toFixed(2) : String(value);
}

const SUMMARY: readonly [keyof BacktestStatistics, string][] = [
  ['startingEquity', 'starting equity'], ['endingEquity', 'ending equity'], ['pnlNet', 'PnL (net of fees)'],
  ['totalReturn', 'total return'], ['annualizedReturn', 'annualised return'], ['sharpe', 'Sharpe (daily, annualised)'],
  ['sortino', 'Sortino (daily, annualised)'], ['maxDrawdown', 'max drawdown'], ['maxDrawdownDurationMs', 'max drawdown duration'],
  ['trades', 'trades (closed)'], ['winRate', 'win rate'], ['profitFactor', 'profit factor'], ['averageWin', 'average win'],
  ['averageLoss', 'average loss'], ['commissions', 'commissions'], ['exposureTime', 'exposure time'],
];

function statisticSpan(key: keyof BacktestStatistics, s: BacktestStatistics): Span {
  const v = s[key];
  const t = formatStatistic(key, v, s.currency);
  if (v === null) return span(t, 'muted');
  if (key === 'pnlNet' || key === 'totalReturn' || key === 'annualizedReturn') return span(t, pnlTone(String(v)), { strong: key === 'pnlNet' });
  if (key === 'maxDrawdown' && Number(v) > 0) return span(t, 'bad');
  return span(t);
}

const params = (p: Readonly<Record<string, unknown>>): string => Object.entries(p).map(([k, v]) => `${k}=${String(v)}`).join(', ');

function tradeRow(t: BacktestTrade): Span[] {
  return [
    span(t.positionId, 'neutral', { strong: true }), span(t.instrumentId), span(t.side, t.side === 'LONG' ? 'ok' : 'bad'), span(t.peakQuantity),
    span(t.entry.ts.replace('T', ' ').slice(0, 19)), span(t.exit === undefined ? 'open' : t.exit.ts.replace('T', ' ').slice(0, 19), t.exit === undefined ? 'warn' : 'neutral'),
    span(t.avgPxOpen), span(t.avgPxClose ?? '—', t.avgPxClose === undefined ? 'muted' : 'neutral'),
    span(t.realizedPnl, pnlTone(t.realizedPnl)), span(t.commissions, 'muted'),
  ];
}

function tradesBlock(trades: readonly BacktestTrade[], currency: string): Block {
  const columns = [left('position', 3), left('instrument', 4), left('side'), right('qty', 2), left('entry'), left('exit'), right('avg open', 1), right('avg close', 1), right(`PnL ${currency}`), right('fees', 5)];
  if (trades.length <= TRADES_SHOWN) return { kind: 'table', columns, rows: trades.map(tradeRow) };
  const half = TRADES_SHOWN / 2;
  const gap = [span(`⋮ ${trades.length - TRADES_SHOWN} more`, 'muted'), ...columns.slice(1).map(() => span(''))];
  return { kind: 'table', columns, rows: [...trades.slice(0, half).map(tradeRow), gap, ...trades.slice(-half).map(tradeRow)] };
}

export function backtestResultView(r: BacktestResult): View {
  const s = r.statistics;
  const who = r.strategies.map((x) => `${x.className}(${params(x.params)})`).join(', ');
  const blocks: Block[] = [
    words(
      span('Backtest', 'neutral', { strong: true }), span(who), span(`on ${r.venue}`, 'muted'),
      span(r.interrupted ? 'INTERRUPTED (partial result)' : '', 'warn', { strong: true }),
    ),
    words(
      span(`${r.from?.ts ?? '?'} → ${r.to?.ts ?? '?'}`, 'muted'),
      span(`· ${plural(r.events, 'event')} · ${plural(r.orders.length, 'order')} · ${plural(r.fills.length, 'fill')} · ${r.wallMs} ms`, 'muted'),
      span(r.skippedRows > 0 ? `· ${plural(r.skippedRows, 'row')} skipped` : '', 'warn'),
    ),
    { kind: 'table', columns: [left('statistic'), right('value')], rows: SUMMARY.map(([k, label]) => [span(label), statisticSpan(k, s)]) },
  ];
  if (r.trades.length === 0) blocks.push(words(span('no trades', 'muted')));
  else {
    blocks.push(words(span('Trades', 'neutral', { strong: true }), span(`${r.trades.length} round trips${r.trades.length > TRADES_SHOWN ? `, first and last ${TRADES_SHOWN / 2}` : ''}`, 'muted')));
    blocks.push(tradesBlock(r.trades, s.currency));
  }
  if (r.errors.length > 0) {
    blocks.push({
      kind: 'folded',
      summary: [span(`${plural(r.errors.length, 'hook error')} (the run went on)`, 'bad', { strong: true })],
      blocks: [{
        kind: 'table', columns: [left('time'), left('strategy'), left('hook'), left('on', 1), left('message')],
        rows: r.errors.map((e) => [span(e.ts), span(e.strategyId), span(e.hook), span(`${e.dataKind ?? ''} ${e.instrumentId ?? ''}`.trim(), 'muted'), span(e.message, 'bad')]),
      }],
    });
  }
  return { subject: 'BacktestResult', blocks };
}

const SWEEP_STATS: readonly (keyof BacktestStatistics)[] = ['totalReturn', 'sharpe', 'maxDrawdown', 'trades', 'winRate', 'profitFactor'];

/** Rows by `sortBy` (descending or not), rows without a value last; the order of equal values is kept. */
export function sortedSweepRows(sweep: SweepResult): SweepResult['rows'] {
  const key = sweep.sortBy;
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return [...sweep.rows].sort((a, b) => {
    const x = num(a.statistics[key]);
    const y = num(b.statistics[key]);
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    return sweep.descending ? y - x : x - y;
  });
}

export function sweepResultView(sweep: SweepResult): View {
  const names = Object.keys(sweep.grid);
  const stats = [sweep.sortBy, ...SWEEP_STATS.filter((k) => k !== sweep.sortBy)];
  const rows = sortedSweepRows(sweep);
  return {
    subject: 'SweepResult',
    blocks: [
      words(
        span('Sweep', 'neutral', { strong: true }), span(sweep.className),
        span(`· ${plural(rows.length, 'combination')} · sorted by ${sweep.sortBy} (${sweep.descending ? 'highest' : 'lowest'} first) · ${plural(sweep.workers, 'worker')} · ${sweep.wallMs} ms`, 'muted'),
      ),
      {
        kind: 'table',
        columns: [right('#'), ...names.map((n) => right(n)), ...stats.map((k, i) => right(k, i === 0 ? undefined : stats.length - i)), right('errors', 1)],
        rows: rows.map((row, i) => [
          span(String(i + 1), 'muted'),
          ...names.map((n) => span(String(row.params[n]), 'neutral', { strong: i === 0 })),
          ...stats.map((k, j) => {
            const sp = statisticSpan(k, row.statistics);
            return j === 0 ? { ...sp, strong: true } : sp;
          }),
          span(String(row.errors), row.errors > 0 ? 'bad' : 'muted'),
        ]),
      },
    ],
  };
}
