/**
 * Jupyter MIME bundles: `text/plain` always, `text/html` for keel views, `application/json` for the data;
 * charts carry a Vega-Lite spec and an SVG instead (`toMimeBundleAsync`: the SVG renders asynchronously).
 */
import { inspect } from 'node:util';
import { chartBundle } from './chart/chart-bundle.js';
import { isChartModel } from './chart/chart-model.js';
import { toJsonData } from './json.js';
import { renderViewHtml } from './render-html.js';
import { renderViewText } from './render-text.js';
import { toView } from './views.js';

export interface MimeBundle {
  readonly 'text/plain': string;
  readonly 'text/html'?: string;
  readonly 'application/json'?: unknown;
  readonly 'image/svg+xml'?: string;
  readonly 'application/vnd.vegalite.v5+json'?: Record<string, unknown>;
}

export interface MimeOptions {
  /** ANSI colours in `text/plain` (Jupyter front ends render them); default false. */
  readonly colors?: boolean;
}

/** The bundle of a keel value; `undefined` when the value is not keel's. */
export function toMimeBundle(value: unknown, options: MimeOptions = {}): MimeBundle | undefined {
  const view = toView(value);
  if (view === undefined) return undefined;
  return {
    'text/plain': renderViewText(view, { colors: options.colors ?? false }),
    'text/html': renderViewHtml(view),
    'application/json': toJsonData(value),
  };
}

/** Any value's bundle: keel's views, else `util.inspect` as text/plain (what a cell result shows). */
export function displayBundle(value: unknown, options: MimeOptions = {}): MimeBundle {
  return toMimeBundle(value, options) ?? { 'text/plain': inspect(value, { colors: options.colors ?? false }) };
}

/** True when the value's bundle needs `toMimeBundleAsync` (a chart: its SVG renders asynchronously). */
export function needsAsyncBundle(value: unknown): boolean {
  return isChartModel(value);
}

/** Like `toMimeBundle`, and charts get their full bundle (Vega-Lite + SVG + text). */
export async function toMimeBundleAsync(value: unknown, options: MimeOptions = {}): Promise<MimeBundle | undefined> {
  if (isChartModel(value)) return chartBundle(value, options);
  return toMimeBundle(value, options);
}
