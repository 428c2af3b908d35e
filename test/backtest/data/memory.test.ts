import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBarsParquet } from '../../../src/backtest/data/index.js';
import { Price, Quantity } from '../../../src/engine/core/decimal.js';
import type { Bar } from '../../../src/engine/model/market-data.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'keel-parquet-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAP_MB = 24;
const ROWS = 150_000;
const T0 = 1_600_000_000_000_000_000n;
const MINUTE = 60_000_000_000n;

/** Bars with 16-decimal prices (long text, little compression), made as they are written: never all in memory. */
function* wideBars(n: number): Generator<Bar> {
  let x = 88172645463325252n;
  for (let i = 0; i < n; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    const low = Price.fromRaw(10n ** 27n + x, 16);
    const high = Price.fromRaw(low.raw + (x % 1_000_000_000n), 16);
    const ts = T0 + BigInt(i) * MINUTE;
    yield { barType: 'WIDE.SIM-1-MINUTE-LAST', instrumentId: 'WIDE.SIM', open: low, high, low, close: high, volume: Quantity.fromRaw(10n ** 27n + (x >> 3n), 16), tsEvent: ts, tsInit: ts };
  }
}

describe('openData: memory stays bounded', () => {
  it(`streams a Parquet file larger than a ${HEAP_MB} MB heap limit through openData and counts every row`, { timeout: 180_000 }, async () => {
    const path = join(dir, 'wide-bars.parquet');
    await writeBarsParquet(path, wideBars(ROWS), { rowGroupSize: 2_000, compression: 'UNCOMPRESSED' });
    const fileBytes = statSync(path).size;

    const { stdout } = await run(
      process.execPath,
      [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', join(here, 'stream-count.child.ts'), path],
      { cwd: join(here, '../../..'), maxBuffer: 1 << 20 },
    );
    const out = JSON.parse(stdout) as { count: number; rows: number; peakOldSpace: number; lastTs: string };

    expect(fileBytes).toBeGreaterThan(HEAP_MB * 1024 * 1024);
    expect(out.count).toBe(ROWS);
    expect(out.rows).toBe(ROWS);
    expect(out.lastTs).toBe((T0 + BigInt(ROWS - 1) * MINUTE).toString());
    // The limit bounds the old space (the young generation comes on top); it never came near it.
    expect(out.peakOldSpace).toBeLessThan(HEAP_MB * 1024 * 1024);
  });
});
