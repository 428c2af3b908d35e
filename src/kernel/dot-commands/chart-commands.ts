/**
 * `.chart [INSTRUMENT] [bars|quotes] [ohlc]` and `.equity`: the session's charts as text charts sized to
 * the terminal (the same models a notebook draws as Vega-Lite and SVG). With one instrument known (data
 * recorded or orders placed), `.chart` alone draws it.
 */
import { EngineError } from '../../engine/index.js';
import { chartText, type ChartOptions } from '../display/index.js';
import type { Live } from '../live/index.js';
import type { ReplCommand } from '../repl/index.js';
import type { SessionNode } from '../session/live-node.js';
import { noteView, Shown, shownView } from './shown.js';

const WORDS = ['bars', 'quotes', 'ohlc', 'line'] as const;

/** Instruments the charts can draw: recorded market data, then instruments of the node's orders. */
export function chartInstruments(node: SessionNode, live: Live): string[] {
  const fromOrders = node.cache.orders().map((o) => (o as { instrumentId?: unknown }).instrumentId).filter((id): id is string => typeof id === 'string');
  return [...new Set([...live.charts.market.instruments(), ...fromOrders])].sort();
}

function columns(): number | undefined {
  return process.stdout.columns > 0 ? process.stdout.columns : undefined;
}

export function chartCommands(node: SessionNode, live: Live): ReplCommand[] {
  return [
    {
      name: 'chart',
      help: 'A price chart with the node\'s orders, fills, bracket levels and position: .chart INSTRUMENT [bars|quotes] [ohlc]',
      action(arg: string) {
        const words = arg.trim().split(/\s+/).filter(Boolean);
        const known = chartInstruments(node, live);
        const options = words.filter((w) => (WORDS as readonly string[]).includes(w));
        const rest = words.filter((w) => !(WORDS as readonly string[]).includes(w));
        if (rest.length > 1) {
          throw new EngineError('COMMAND_ARGUMENT_INVALID', `.chart: expected one instrument id and optionally ${WORDS.join('/')}, received '${arg.trim()}'`, { received: arg.trim() });
        }
        const id = rest[0] ?? (known.length === 1 ? known[0] : undefined);
        if (id === undefined) {
          return shownView(noteView('Chart', 'Usage: .chart INSTRUMENT', known.length > 0 ? `instruments: ${known.join(', ')}` : 'no market data or orders yet (a strategy subscribing to data records it)'));
        }
        const co: ChartOptions = {
          ...(options.includes('quotes') ? { data: 'quotes' as const } : options.includes('bars') ? { data: 'bars' as const } : {}),
          ...(options.includes('ohlc') ? { style: 'ohlc' as const } : {}),
        };
        const model = live.charts.chart(id, co);
        const cols = columns();
        return new Shown((colors) => chartText(model, { colors, ...(cols !== undefined ? { columns: cols } : {}) }));
      },
      complete: () => [...chartInstruments(node, live), ...WORDS],
    },
    {
      name: 'equity',
      help: 'The equity / PnL curve: the portfolio\'s total PnL (equity once balances are known), sampled on each change',
      action() {
        const model = live.charts.equity();
        const cols = columns();
        return new Shown((colors) => chartText(model, { colors, ...(cols !== undefined ? { columns: cols } : {}) }));
      },
    },
  ];
}
