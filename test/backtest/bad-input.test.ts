import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backtest } from '../../src/backtest/index.js';
import { isEngineError } from '../../src/engine/core/errors.js';
import { btcPerpBarsPath } from '../../src/engine/data/bar-loader.js';
import { Strategy } from '../../src/engine/strategy/strategy.js';

const dir = mkdtempSync(join(tmpdir(), 'keel-bt-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lines = readFileSync(btcPerpBarsPath(), 'utf8').split('\n');
const header = lines[0]!;
function csv(name: string, rows: readonly string[]): string {
  const p = join(dir, name);
  writeFileSync(p, `${[header, ...rows].join('\n')}\n`);
  return p;
}

class Bars extends Strategy {
  seen = 0;
  override onStart(): void { this.subscribeBars('BTCUSDT-PERP.SIM-1-MINUTE-LAST'); }
  override onBar(): void { this.seen += 1; }
}
class Deaf extends Strategy {}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isEngineError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('backtest: bad input', () => {
  it('data out of time order stops the run with the source, the row and both times', async () => {
    const p = csv('swapped.csv', [lines[1]!, lines[3]!, lines[2]!, lines[4]!]);
    const message = await failure(backtest(new Bars({}), { data: p }));
    expect(message).toMatch(/^DATA_OUT_OF_ORDER: /);
    expect(message).toContain('swapped.csv');
    expect(message).toContain('2021-12-31T23:03:00');
    expect(message).toContain('2021-12-31T23:02:00');
  });

  it('a row that does not parse is skipped and counted (default), or stops the run with malformed: fail', async () => {
    const p = csv('broken.csv', [lines[1]!, '2021-12-31 23:02:00.000000,46377.0,oops,46377.0,46411.0,1.0', lines[3]!]);
    const s = new Bars({});
    const r = await backtest(s, { data: p });
    expect(s.seen).toBe(2);
    expect(r.events).toBe(2);
    expect(r.skippedRows).toBe(1);
    expect(r.warnings.join('\n')).toMatch(/broken\.csv: 1 malformed row skipped \(first: broken\.csv:3: /);
    const message = await failure(backtest(new Bars({}), { data: p, malformed: 'fail' }));
    expect(message).toMatch(/broken\.csv:3/);
  });

  it('data for an instrument no strategy subscribed to is matched at the venue, and the result says nobody saw it', async () => {
    const p = csv('ok.csv', lines.slice(1, 6));
    const r = await backtest(new Deaf({}), { data: p });
    expect(r.events).toBe(5);
    expect(r.warnings).toEqual(['data for BTCUSDT-PERP.SIM (5 points) reached no strategy: none subscribed to its quotes, trades or bars (the venue still matched orders against its prices)']);
    const heard = await backtest(new Bars({}), { data: p });
    expect(heard.warnings).toEqual([]);
  });
});
