/**
 * A chart's Jupyter MIME bundle: the Vega-Lite spec (JupyterLab and Notebook 7 draw it, interactive),
 * the same spec rendered to SVG (nbconvert's HTML and GitHub show it; they run no Vega), and the text
 * chart as `text/plain` (what a console or a log shows). No `text/html`: front ends prefer HTML over
 * SVG, and the chart has no better HTML than its SVG.
 */
import type { ChartModel } from './chart-model.js';
import { chartText } from './render-ascii.js';
import { renderSvg } from './render-svg.js';
import { chartSpec, VEGALITE_MIME } from './render-vegalite.js';

export const SVG_MIME = 'image/svg+xml';

export interface ChartBundle {
  readonly 'text/plain': string;
  readonly 'image/svg+xml': string;
  readonly 'application/vnd.vegalite.v5+json': Record<string, unknown>;
}

export async function chartBundle(model: ChartModel, options: { readonly colors?: boolean } = {}): Promise<ChartBundle> {
  const spec = chartSpec(model);
  // 100 columns: a notebook's text/plain is read in a browser, not a terminal of known width.
  const text = chartText(model, { columns: 100, rows: 12, colors: options.colors === true });
  return { 'text/plain': text, [SVG_MIME]: await renderSvg(spec), [VEGALITE_MIME]: spec } as ChartBundle;
}
