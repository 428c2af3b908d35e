import { describe, expect, it } from 'vitest';
import { buildEquityCurve, chartBundle, chartSpec, chartText, type PriceChart } from '../../../src/kernel/display/chart/index.js';
import { renderText } from '../../../src/kernel/display/index.js';

const chart: PriceChart = {
  kind: 'PriceChart',
  instrumentId: 'BTCUSDT-PERP.SIM',
  style: 'line',
  price: { kind: 'bars', bars: [0, 1, 2, 3, 4, 5].map((i) => ({ ts: 1_700_000_000_000 + i * 60_000, open: 100 + i, high: 101 + i, low: 99 + i, close: 100.5 + i })) },
  orders: [{ ts: 1_700_000_060_000, price: 99, side: 'BUY', state: 'canceled', clientOrderId: 'L-1', type: 'LIMIT' }],
  fills: [
    { ts: 1_700_000_060_000, price: 101.5, qty: 1, side: 'BUY', clientOrderId: 'O-1' },
    { ts: 1_700_000_180_000, price: 103.5, qty: 2, side: 'SELL', clientOrderId: 'O-2' },
    { ts: 1_700_000_240_000, price: 104.5, qty: 1, side: 'BUY', clientOrderId: 'O-3' },
  ],
  levels: [{ kind: 'stop-loss', price: 98, fromTs: 1_700_000_240_000, toTs: 1_700_000_300_000, clientOrderId: 'SL-1' }],
  position: [{ ts: 1_700_000_060_000, qty: 0 }, { ts: 1_700_000_060_000, qty: 1 }, { ts: 1_700_000_180_000, qty: -1 }, { ts: 1_700_000_240_000, qty: 0 }],
  approximateFills: 0,
};

/** The <path>s inside the SVG group of the named layer (Vega writes the layer's name into the group's class). */
function marksOf(svg: string, layer: string): number {
  const m = new RegExp(`<g class="[^"]*\\b${layer}_marks"[^>]*>([\\s\\S]*?)</g>`).exec(svg);
  return m ? (m[1]!.match(/<path/g) ?? []).length : -1;
}

describe('chart renderers', () => {
  it('Vega-Lite: a price panel with named order, level and fill layers over a position panel', () => {
    const spec = chartSpec(chart) as { vconcat: { layer: { name: string; data: { values: unknown[] } }[] }[] };
    expect(spec.vconcat[0]!.layer.map((l) => [l.name, l.data.values.length])).toEqual([['price', 6], ['levels', 1], ['orders', 1], ['fills', 3]]);
    expect(spec.vconcat[1]!.layer.map((l) => [l.name, l.data.values.length])).toEqual([['position', 5]]);
  });

  it('bundle: Vega-Lite spec, an SVG with one mark per fill in the fills layer, and the text chart', { timeout: 30_000 }, async () => {
    const bundle = await chartBundle(chart);
    expect(Object.keys(bundle).sort()).toEqual(['application/vnd.vegalite.v5+json', 'image/svg+xml', 'text/plain']);
    expect(bundle['image/svg+xml'].startsWith('<svg')).toBe(true);
    expect(marksOf(bundle['image/svg+xml'], 'fills')).toBe(3);
    expect(marksOf(bundle['image/svg+xml'], 'orders')).toBe(1);
    expect(bundle['text/plain']).toContain('BTCUSDT-PERP.SIM · close · 3 fills');
  });

  it('text: asciichart plot sized to the given width, a marker row with ▲/▼ per fill, a fills legend and the position', () => {
    const text = chartText(chart, { columns: 60, rows: 6 });
    const lines = text.split('\n');
    expect(Math.max(...lines.slice(1, 8).map((l) => l.length))).toBeLessThanOrEqual(60);
    const markerRow = lines.find((l) => l.includes('▲') && !l.includes('@'))!;
    expect([...markerRow].filter((c) => c === '▲').length).toBe(2);
    expect([...markerRow].filter((c) => c === '▼').length).toBe(1);
    expect(text).toContain('▼ 22:16:20 SELL 2 @ 103.5 (O-2)');
    expect(text).toContain('─ stop-loss 98 (SL-1)');
    expect(text).toContain('position (net qty, now 0)');
    // renderText (the REPL's writer) draws chart models too.
    expect(renderText(chart, { colors: false })).toBe(chartText(chart, {}));
  });

  it('equity curve: spec, text and SVG from one model', { timeout: 30_000 }, async () => {
    const curve = buildEquityCurve({ label: 'realized PnL (from fills)', points: () => [{ ts: 1_700_000_000_000, value: 0 }, { ts: 1_700_000_060_000, value: 2.5 }, { ts: 1_700_000_120_000, value: -1 }] });
    const bundle = await chartBundle(curve);
    expect(bundle['image/svg+xml']).toContain('equity_marks');
    expect(chartText(curve, { columns: 60 })).toContain('realized PnL (from fills) · 3 points');
    expect(chartText(curve, { columns: 60 })).toContain('now -1');
  });
});
