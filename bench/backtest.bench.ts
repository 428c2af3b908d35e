import { performance } from 'node:perf_hooks';
import { afterAll, bench, describe } from 'vitest';
import { btcMonth, dataOnly, dataOnlyCeiling, sweep4, withOrders } from './backtest-scenarios.js';
import { inProcessNode, lifecycles } from './in-process-venue.js';

/**
 * The backtest's speed (issue 17), every figure beside a baseline measured in the same run:
 * - data only: the recorded EUR/USD quotes and BTC bars (CSV files) to a strategy keeping EMAs, no
 *   orders, in events/s, beside the ceiling: a bare loop parsing the same rows with the same parsers and
 *   calling the same Ema (goal: >= 1M events/s);
 * - with orders: a MARKET order on every recorded quote, in lifecycles/s, beside keel's live in-process
 *   lifecycle rate (bench/in-process-venue.ts) (goal: >= 100k/s);
 * - the full recorded BTC month through EmaCrossBracket: wall time;
 * - a 4-point sweep over that month on 2 worker threads against the same 4 runs one after another
 *   (goal: <= 0.65x).
 * Rounds alternate between a figure and its baseline so both see the same machine load.
 *   npx vitest bench --run bench/backtest.bench.ts
 */
const ROUNDS = 7;
const WARMUP = 2;
const LIVE_BATCH = 2_000;
const lines: string[] = [];
/** vitest 4's bench mode runs only the file's top-level hooks (see live.bench.ts): the suites leave their figures here. */
const reports: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const r of reports) await r();
  process.stdout.write(`\n${lines.join('\n')}\n`);
});

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

describe('backtest: data only vs the bare-loop ceiling', () => {
  const keel: number[] = [];
  const ceiling: number[] = [];
  const ratios: number[] = [];
  let events = 0;
  let round = 0;
  bench('recorded quotes + bars to an EMA strategy, and the bare parse + EMA loop', async () => {
    const measured = ++round > WARMUP;
    const k = await dataOnly();
    const c = dataOnlyCeiling();
    if (k.delivered !== c.delivered) throw new Error(`data only: the strategy saw ${k.delivered} events, the ceiling parsed ${c.delivered}`);
    events = k.delivered;
    const kr = (k.delivered * 1000) / k.ms;
    const cr = (c.delivered * 1000) / c.ms;
    if (measured) { keel.push(kr); ceiling.push(cr); ratios.push(kr / cr); }
  }, { iterations: ROUNDS, warmupIterations: 0 });
  reports.push(async () => {
    lines.push(`BACKTEST DATA-ONLY: ${fmt(median(keel))} events/s; bare parse + EMA ceiling ${fmt(median(ceiling))} events/s; backtest / ceiling ${(100 * median(ratios)).toFixed(1)} % `
      + `(goal >= 1,000,000 events/s; medians of ${ratios.length} rounds of ${fmt(events)} events)`);
  });
});

describe('backtest: order lifecycles vs the live in-process lifecycle', async () => {
  const { node, s } = await inProcessNode();
  const keel: number[] = [];
  const live: number[] = [];
  const ratios: number[] = [];
  let n = 0;
  let round = 0;
  bench('a MARKET order per recorded quote in backtest, and live in-process lifecycles', async () => {
    const measured = ++round > WARMUP;
    const k = await withOrders();
    if (k.result.errors.length > 0 || k.lifecycles !== k.result.fills.length) throw new Error(`with orders: ${k.lifecycles} fills seen, ${k.result.fills.length} recorded, ${k.result.errors.length} hook errors`);
    n = k.lifecycles;
    const t = performance.now();
    await lifecycles(node, s, LIVE_BATCH);
    const lr = (LIVE_BATCH * 1000) / (performance.now() - t);
    const kr = (k.lifecycles * 1000) / k.ms;
    if (measured) { keel.push(kr); live.push(lr); ratios.push(kr / lr); }
  }, { iterations: ROUNDS, warmupIterations: 0 });
  reports.push(async () => {
    await node.dispose();
    lines.push(`BACKTEST ORDERS: ${fmt(median(keel))} lifecycles/s in backtest; live in-process ${fmt(median(live))} lifecycles/s; backtest / live ${median(ratios).toFixed(2)}x `
      + `(goal >= 100,000/s; medians of ${ratios.length} rounds of ${fmt(n)} backtest and ${fmt(LIVE_BATCH)} live lifecycles)`);
  });
});

describe('backtest: the recorded BTC month and a 4-point sweep', () => {
  let month: { ms: number; bars: number; fills: number } | undefined;
  let sweep: { parallel: number; sequential: number } | undefined;
  bench('EmaCrossBracket over the BTC month; the sweep on 2 threads and one after another', async () => {
    await btcMonth(); // warm-up: the first run compiles the hot path
    const m = await btcMonth();
    month = { ms: m.ms, bars: m.result.events, fills: m.result.fills.length };
    const sequential = await sweep4(0);
    const parallel = await sweep4(2);
    if (parallel.totals.join() !== sequential.totals.join()) throw new Error(`sweep: threads ${parallel.totals.join()} != sequential ${sequential.totals.join()}`);
    sweep = { parallel: parallel.ms, sequential: sequential.ms };
  }, { iterations: 1, warmupIterations: 0 });
  reports.push(async () => {
    if (month === undefined || sweep === undefined) throw new Error('backtest month / sweep: did not run');
    lines.push(`BACKTEST BTC MONTH: ${fmt(month.bars)} bars through EmaCrossBracket in ${fmt(month.ms)} ms (${fmt((month.bars * 1000) / month.ms)} bars/s, ${fmt(month.fills)} fills)`);
    lines.push(`BACKTEST SWEEP: 4 points over the month on 2 threads ${fmt(sweep.parallel)} ms; one after another ${fmt(sweep.sequential)} ms; ratio ${(sweep.parallel / sweep.sequential).toFixed(2)}x (goal <= 0.65x)`);
  });
});
