/**
 * Charts through the real keel kernel, executed by `jupyter nbconvert`: a strategy trades the replayed
 * BTC bars, then `chart(id)`, `live.chart(id)` and `equity()` each leave a Vega-Lite bundle and an SVG in
 * the saved notebook (what nbconvert's HTML and GitHub show), and the SVG's fill layer has one mark per fill.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JUPYTER_DATA_DIR, skipJupyter } from '../jupyter/run-python.js';
import { codeCells, nbconvert, type Notebook, type Output } from './nbconvert.js';

const REPO = path.resolve(import.meta.dirname, '../../..');
const INSTRUMENT = 'BTCUSDT-PERP.SIM';

const cells = [
  `class Trader extends keel.Strategy<{}> {
  bars = 0;
  resting: any;
  onStart() { this.subscribeBars('${INSTRUMENT}-1-MINUTE-LAST'); }
  onBar(bar: any) {
    this.bars += 1;
    const q = keel.Quantity.from('0.010');
    if (this.bars === 1 || this.bars === 5) this.submitOrder(this.orderFactory.market({ instrumentId: bar.instrumentId, side: 'BUY', quantity: q }));
    if (this.bars === 3) this.submitOrder(this.orderFactory.market({ instrumentId: bar.instrumentId, side: 'SELL', quantity: q }));
    if (this.bars === 2) { this.resting = this.orderFactory.limit({ instrumentId: bar.instrumentId, side: 'BUY', quantity: q, price: bar.close.sub(keel.Price.from('2000.0')) }); this.submitOrder(this.resting); }
    if (this.bars === 4) this.cancelOrder(this.resting);
  }
}
node.addStrategy(new Trader({ orderIdTag: '001', params: {} }));
const fillCount = () => node.cache.orders().flatMap((o: any) => o.events).filter((e: any) => e.type === 'OrderFilled').length;
await until('three fills', () => fillCount() >= 3 && node.cache.orders().every((o: any) => !o.isInflight));
fillCount()`,
  `chart('${INSTRUMENT}')`,
  `const liveChart = live.chart('${INSTRUMENT}');`,
  'equity()',
];

const notebook = {
  cells: cells.map((source) => ({ cell_type: 'code', source, metadata: {}, outputs: [], execution_count: null })),
  metadata: { kernelspec: { name: 'keel', display_name: 'keel (TypeScript)', language: 'typescript' } },
  nbformat: 4, nbformat_minor: 5,
};

const text = (v: unknown): string => (Array.isArray(v) ? v.join('') : String(v ?? ''));

/** The <path>s inside the SVG group of a named chart layer (Vega writes the layer's name into the class). */
function marksOf(svg: string, layer: string): number {
  const m = new RegExp(`<g class="[^"]*\\b${layer}_marks"[^>]*>([\\s\\S]*?)</g>`).exec(svg);
  return m ? (m[1]!.match(/<path/g) ?? []).length : -1;
}

function rich(outputs: readonly Output[], type: Output['output_type']): Record<string, unknown> {
  const out = outputs.find((o) => o.output_type === type);
  expect(out, `an ${type} output in ${JSON.stringify(outputs).slice(0, 500)}`).toBeDefined();
  return out!.data as Record<string, unknown>;
}

describe.skipIf(skipJupyter)('charts in a notebook (keel kernel, nbconvert)', () => {
  it('chart(), live.chart() and equity() save a Vega-Lite spec and an SVG with one fill mark per fill', { timeout: 150_000 }, async () => {
    const run = await nbconvert([], { outDir: '', kernel: 'keel', jupyterPath: JUPYTER_DATA_DIR, cwd: REPO, stdin: JSON.stringify(notebook), timeoutSec: 90 });
    expect(run.code, run.log).toBe(0);
    const nb = JSON.parse(run.stdout) as Notebook;
    const errors = nb.cells.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === 'error'));
    expect(errors).toEqual([]);
    const fills = Number(text(rich(codeCells(nb)[0]!.outputs!, 'execute_result')['text/plain']));
    expect(fills).toBeGreaterThanOrEqual(3);

    const still = rich(codeCells(nb)[1]!.outputs!, 'execute_result');
    const spec = still['application/vnd.vegalite.v5+json'] as { $schema: string; vconcat: unknown[] };
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
    expect(spec.vconcat).toHaveLength(2);
    const svg = text(still['image/svg+xml']);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(marksOf(svg, 'fills')).toBe(fills);
    // The resting limit order (canceled) and the price line are drawn too.
    expect(marksOf(svg, 'orders')).toBe(1);
    expect(svg).toContain('price_marks');

    const live = rich(codeCells(nb)[2]!.outputs!, 'display_data');
    expect(Object.keys(live).sort()).toEqual(['application/vnd.vegalite.v5+json', 'image/svg+xml', 'text/plain']);
    expect(marksOf(text(live['image/svg+xml']), 'fills')).toBe(fills);

    const curve = rich(codeCells(nb)[3]!.outputs!, 'execute_result');
    expect(text(curve['image/svg+xml'])).toContain('equity_marks');
    // The session's equity() samples the portfolio (marked to market), not realized PnL from fills.
    expect(text(curve['text/plain'])).toContain('equity USDT (portfolio)');
  });
});
