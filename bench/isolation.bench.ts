import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { afterAll, bench, describe } from 'vitest';
import { TradingNode } from '../src/engine/node.js';
import { IsolatedNode } from '../src/kernel/session/isolated-node.js';
import { attach } from '../src/kernel/control/attach.js';
import { topics } from '../src/engine/bus/index.js';
import { SandboxVenue } from '../src/sandbox/sandbox-venue.js';

/**
 * The isolated session's node (createSession({ isolation: 'process' })), figures printed after the run:
 *  - command round trip: execEngine.configure on the isolated node (control protocol to the child) p50/p99,
 *    against the same configure on an in-process TradingNode (ratio);
 *  - mirror staleness after an answer: a configure's change event reaching the mirror, p99;
 *  - mirror staleness of a node event: a change made by another client of the node, from its tsEvent on the
 *    node to this session's mirror publishing it, p50/p99, against that client's own round trip (ratio).
 *   npx vitest bench --run bench/isolation.bench.ts
 *  - quote → order: a strategy in the node submits one order on each quote; from `venue.controls.setQuote`
 *    to the order at the venue, seen from this process (which owns the venue; the session runs in its own
 *    process, test/kernel/isolation/session-child.ts, and in process mode its node in a third). p50/p99 with
 *    a busy cell (spinning 200 ms of every 250 ms) against the same session before the cell (ratio), for
 *    process isolation and, for contrast, inline (where the cell's spins hold the node).
 */
const p = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;
const ROUNDS = 200;
const lines: string[] = [];
afterAll(() => console.log(`\nisolation figures\n${lines.join('\n')}`));

const CHILD = fileURLToPath(new URL('../test/kernel/isolation/session-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../', import.meta.url));
const EVERY_QUOTE = `import { Strategy, Quantity, Price } from 'keel';
export class EveryQuote extends Strategy {
  onStart() { this.subscribeQuotes('AUDUSD.SIM'); }
  onQuote() { this.submitOrder(this.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000'), price: Price.from('0.90000') })); }
}
`;
// The cell's loop stops when a later cell clears the flag (in inline mode that cell runs between spins).
const BUSY_CELL = "globalThis.busy = true; void (async () => { mark('busy'); while (globalThis.busy) { const t = Date.now(); while (Date.now() - t < 200) {} await new Promise((r) => setTimeout(r, 50)); } })();";
const QUOTES = 40;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A session in its own process on the venue, with EveryQuote in its node; lines from its stdout. */
function sessionChild(venueUrl: string, isolation: 'process' | 'inline', dir: string) {
  const file = join(dir, 'strategy.ts');
  writeFileSync(file, EVERY_QUOTE);
  const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=ExperimentalWarning', CHILD], {
    cwd: REPO,
    env: { ...process.env, VENUE_URL: venueUrl, ISOLATION: isolation, STRATEGY_FILE: file, STRATEGY_CLASS: 'EveryQuote', STRATEGY_CONFIG: JSON.stringify({ orderIdTag: '001' }) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: Record<string, unknown>[] = [];
  let buf = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    buf += c;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      try { lines.push(JSON.parse(buf.slice(0, nl)) as Record<string, unknown>); } catch { /* a log line */ }
      buf = buf.slice(nl + 1);
    }
  });
  return {
    child,
    send: (m: unknown) => child.stdin.write(`${JSON.stringify(m)}\n`),
    async waitFor(f: (l: Record<string, unknown>) => boolean, what: string, ms = 60_000) {
      const until = performance.now() + ms;
      while (!lines.some(f)) {
        if (performance.now() > until) throw new Error(`expected ${what} within ${ms} ms, received ${JSON.stringify(lines)}`);
        await sleep(10);
      }
    },
  };
}

/** One quote at a time, a random gap before each (so the quotes fall at every phase of the busy cell's cycle). */
async function quoteToOrder(venue: SandboxVenue, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    await sleep(10 + Math.random() * 50);
    const before = venue.engine.orderReports('SIM-001', {}).length;
    const t = performance.now();
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: i % 2 === 0 ? '1.00010' : '1.00011' });
    while (venue.engine.orderReports('SIM-001', {}).length === before) await new Promise((r) => setImmediate(r));
    out.push(performance.now() - t);
  }
  return out;
}

describe('isolated node', () => {
  bench('quote → order with a busy cell: process vs inline', async () => {
    const venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING', accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '100000000' } }] });
    const dir = mkdtempSync(join(tmpdir(), 'keel-isolation-bench-'));
    try {
      for (const isolation of ['process', 'inline'] as const) {
        const s = sessionChild(venue.url, isolation, dir);
        await s.waitFor((l) => l['ready'] === true, 'the session ready');
        await quoteToOrder(venue, 5); // warm-up
        const idle = await quoteToOrder(venue, QUOTES);
        s.send({ cell: BUSY_CELL });
        await s.waitFor((l) => l['mark'] === 'busy', 'the busy cell started');
        const busy = await quoteToOrder(venue, QUOTES);
        s.send({ cell: 'globalThis.busy = false;' });
        s.send({ cmd: 'stop' });
        await s.waitFor((l) => l['stopped'] !== undefined, 'the session stopped');
        const f = (xs: number[], q: number) => p(xs, q).toFixed(2);
        lines.push(`quote → order ${isolation}: busy cell p50 ${f(busy, 0.5)} ms p99 ${f(busy, 0.99)} ms; no cell p50 ${f(idle, 0.5)} ms p99 ${f(idle, 0.99)} ms; ratio p50 ${(p(busy, 0.5) / p(idle, 0.5)).toFixed(2)}x p99 ${(p(busy, 0.99) / p(idle, 0.99)).toFixed(2)}x (${QUOTES} quotes each)`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await venue.stop();
    }
  }, { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 });


  bench('configure round trip: isolated vs in-process', async () => {
    const venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING', accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '1000000' } }] });
    const config = { traderId: 'TRADER-001', venues: [{ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's' }], execEngine: {}, shutdownPolicy: 'cancel' as const };
    const local = await TradingNode.create({ ...config, persistence: { kind: 'memory' } });
    await local.start();
    const remote = new IsolatedNode({ config });
    await remote.start();
    const inProc: number[] = [];
    const isolated: number[] = [];
    const staleness: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const value = 1000 + (i % 2);
      let t = performance.now();
      local.execEngine.configure({ inflightCheckThresholdMs: value });
      inProc.push(performance.now() - t);
      t = performance.now();
      await remote.execEngine.configure({ inflightCheckThresholdMs: value });
      isolated.push(performance.now() - t);
      // The answer and the config event travel on one socket: poll until the mirror shows the value.
      const seen = performance.now();
      while (remote.execEngine.config['inflightCheckThresholdMs'] !== value) await new Promise((r) => setImmediate(r));
      staleness.push(performance.now() - seen);
    }
    lines.push(`configure p50 ${p(isolated, 0.5).toFixed(3)} ms p99 ${p(isolated, 0.99).toFixed(3)} ms isolated; in-process p99 ${p(inProc, 0.99).toFixed(4)} ms; ratio p99 ${(p(isolated, 0.99) / p(inProc, 0.99)).toFixed(0)}x`);
    lines.push(`mirror staleness after the answer p99 ${p(staleness, 0.99).toFixed(3)} ms`);
    await remote.dispose();
    await local.dispose();
    await venue.stop();
  }, { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 });

  bench('mirror staleness: a node event (a change another attach made) until this session reads it', async () => {
    const venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING', accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '1000000' } }] });
    const config = { traderId: 'TRADER-001', venues: [{ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's' }], execEngine: {}, shutdownPolicy: 'cancel' as const };
    const session = new IsolatedNode({ config });
    await session.start();
    // Another client of the same node (what a second notebook or `keel attach` is): its changes are node
    // events for this session's mirror, not answers to its own requests.
    const other = await attach(session.url, { keyId: 'session', secret: readFileSync(join(session.dir, 'control.secret'), 'utf8').trim() });
    const nowNs = (): bigint => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
    const staleness: number[] = [];
    const roundTrip: number[] = [];
    let arrived: ((ms: number) => void) | undefined;
    const off = session.bus.subscribe<{ tsEvent: bigint }>(topics.configChanges, (c) => arrived?.(Number(nowNs() - c.tsEvent) / 1e6));
    for (let i = 0; i < ROUNDS; i++) {
      const seen = new Promise<number>((r) => { arrived = r; });
      const t = performance.now();
      await other.execEngine.configure({ inflightCheckThresholdMs: 1000 + (i % 2) });
      roundTrip.push(performance.now() - t);
      staleness.push(await seen);
    }
    off();
    lines.push(`mirror staleness (node change event → this session's mirror, wall clocks of one machine) p50 ${p(staleness, 0.5).toFixed(3)} ms p99 ${p(staleness, 0.99).toFixed(3)} ms; ` +
      `the changing client's own round trip p50 ${p(roundTrip, 0.5).toFixed(3)} ms p99 ${p(roundTrip, 0.99).toFixed(3)} ms; ratio p50 ${(p(staleness, 0.5) / p(roundTrip, 0.5)).toFixed(2)}x p99 ${(p(staleness, 0.99) / p(roundTrip, 0.99)).toFixed(2)}x`);
    await other.detach();
    await session.dispose();
    await venue.stop();
  }, { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 });
});
