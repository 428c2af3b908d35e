import { btcPerpBarsPath, readBarsCsv } from '../../src/engine/data/bar-loader.js';
import type { Bar } from '../../src/engine/model/market-data.js';

/** The first `n` recorded BTC-perp one-minute bars (2021-12-31 23:01 onwards). */
export function recordedBars(n: number): Bar[] {
  const out: Bar[] = [];
  for (const b of readBarsCsv(btcPerpBarsPath())) {
    if (out.length === n) break;
    out.push(b);
  }
  return out;
}
