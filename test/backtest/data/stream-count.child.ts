/**
 * Child process of memory.test.ts: streams a Parquet file through openData under a small heap limit
 * and prints how many items came through and the largest old space (what --max-old-space-size bounds) it saw. Run with `node --import tsx`.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { openData } from '../../../src/backtest/data/index.js';
import { Decimal, Price, Quantity } from '../../../src/engine/core/decimal.js';
import type { Instrument } from '../../../src/engine/model/instruments.js';

/** Sixteen decimal places: long price text, so the file is large for its row count. */
const WIDE: Instrument = {
  id: 'WIDE.SIM',
  kind: 'CurrencyPair',
  symbol: 'WIDE',
  venue: 'SIM',
  baseCurrency: 'WID',
  quoteCurrency: 'USD',
  pricePrecision: 16,
  sizePrecision: 16,
  priceIncrement: Price.fromRaw(1n, 16),
  sizeIncrement: Quantity.fromRaw(1n, 16),
  makerFee: Decimal.from('0'),
  takerFee: Decimal.from('0'),
};

async function main(): Promise<void> {
  const path = process.argv[2]!;
  const stream = openData(path, { instruments: [WIDE] });
  let count = 0;
  let peakOldSpace = 0;
  let lastTs = 0n;
  for await (const batch of stream.batches()) {
    count += batch.length;
    lastTs = batch[batch.length - 1]!.data.tsEvent;
    peakOldSpace = Math.max(peakOldSpace, oldSpaceUsed());
  }
  process.stdout.write(`${JSON.stringify({ count, peakOldSpace, lastTs: lastTs.toString(), rows: stream.stats().sources[0]!.rows })}\n`);
}

function oldSpaceUsed(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')?.space_used_size ?? 0;
}

void main();
