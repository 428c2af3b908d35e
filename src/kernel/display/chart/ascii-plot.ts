/**
 * The pieces every text chart shares: options, resampling a time series onto columns, plotting with
 * asciichart under labels of a fitting precision, and the terminal's size.
 */
import * as asciichart from 'asciichart';

export interface AsciiOptions {
  /** Total width in characters (default the terminal's, else 80). */
  readonly columns?: number;
  /** Rows of the price plot (default from the terminal's height, between 5 and 16). */
  readonly rows?: number;
  readonly colors?: boolean;
  /** Fills listed under the chart (default 5, the latest). */
  readonly legendFills?: number;
}

interface Series {
  readonly ts: readonly number[];
  readonly values: readonly number[];
}

/**
 * Values per column: the last value whose time falls in the column's bucket, carried forward; columns
 * before the first value take `lead` (default: the first value).
 */
export function resample(series: Series, t0: number, t1: number, width: number, lead?: number): number[] {
  const out = new Array<number | undefined>(width).fill(undefined);
  const span = Math.max(1, t1 - t0);
  series.ts.forEach((ts, i) => {
    const col = Math.min(width - 1, Math.max(0, Math.floor(((ts - t0) / span) * (width - 1))));
    out[col] = series.values[i];
  });
  const first = lead ?? out.find((v) => v !== undefined) ?? 0;
  let last = first;
  return out.map((v) => (last = v ?? last));
}

export function column(ts: number, t0: number, t1: number, width: number): number {
  return Math.min(width - 1, Math.max(0, Math.floor(((ts - t0) / Math.max(1, t1 - t0)) * (width - 1))));
}

export function decimalsFor(values: readonly number[]): number {
  const range = Math.max(...values) - Math.min(...values);
  if (!Number.isFinite(range) || range === 0) return 2;
  return Math.max(0, Math.min(8, 2 - Math.floor(Math.log10(range))));
}

export function plotWith(series: number[][], rows: number, colors: (string | undefined)[] | undefined): { text: string; labelWidth: number } {
  const all = series.flat();
  const decimals = decimalsFor(all);
  const labelWidth = Math.max(...all.map((v) => v.toFixed(decimals).length)) + 1;
  const text = asciichart.plot(series, {
    height: rows,
    ...(colors ? { colors } : {}),
    format: (x: number) => x.toFixed(decimals).padStart(labelWidth),
  });
  return { text, labelWidth };
}

export const hhmmss = (ms: number): string => new Date(ms).toISOString().slice(11, 19);


export function terminalColumns(options: AsciiOptions): number {
  return Math.max(40, options.columns ?? process.stdout.columns ?? 80);
}

export function priceRows(options: AsciiOptions): number {
  return options.rows ?? Math.max(5, Math.min(16, (process.stdout.rows ?? 30) - 14));
}
