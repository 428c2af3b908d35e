import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { backtest } from '../../src/backtest/runner.js';
import { topics } from '../../src/engine/bus/switchboard.js';
import { MemoryLogger } from '../../src/engine/core/logger.js';
import { btcPerpBarsPath, readBarsCsv } from '../../src/engine/data/bar-loader.js';
import type { OrderEvent } from '../../src/engine/model/events.js';
import { TradingNode } from '../../src/engine/node.js';
import { EmaCrossBracket } from '../../src/engine/strategy/examples/ema-cross-bracket.js';
import { VenueAdminClient } from '../../src/sandbox/venue-admin-client.js';

/**
 * Parity: the demo strategy over the same 2,000 recorded bars (a) in `backtest` and (b) in a live
 * TradingNode against the sandbox venue process replaying those bars in lockstep (the venue emits the
 * next point once the node has dealt with the previous one). Same orders and fills, same sequence.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BARS = 2000;
const dir = mkdtempSync(join(tmpdir(), 'keel-parity-'));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function startLockstepVenue(csv: string): Promise<string> {
  const feed = join(dir, 'feed.json');
  writeFileSync(feed, JSON.stringify([{ kind: 'replay', source: csv, instrumentId: 'BTCUSDT-PERP.SIM', lockstep: true }]));
  const proc = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=ExperimentalWarning', 'src/kernel/cli/main.ts', 'venue', '--port', '0', '--data', feed, '--admin-key', 'adm', '--admin-secret', 'adm-s'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let out = '';
  return new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (ws:\/\/\S+)[\s\S]*\n  feed /.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => reject(new Error(`keel venue exited (${code}):\n${out}`)));
  });
}

const IN_FLIGHT = new Set(['SUBMITTED', 'PENDING_UPDATE', 'PENDING_CANCEL']);

describe('backtest ↔ live parity', () => {
  it('EmaCrossBracket over 2,000 recorded bars: the same orders and fills, in the same sequence', { timeout: 180_000 }, async () => {
    const lines = readFileSync(btcPerpBarsPath(), 'utf8').split('\n');
    const csv = join(dir, 'bars.csv');
    writeFileSync(csv, `${lines.slice(0, BARS + 1).join('\n')}\n`);

    // (a) backtest
    const bars = [...readBarsCsv(csv)];
    expect(bars).toHaveLength(BARS);
    const bt = await backtest(new EmaCrossBracket({ manageContingentOrders: true }), { data: bars });

    // (b) live node against the venue process in lockstep
    const url = await startLockstepVenue(csv);
    const node = await TradingNode.create(
      { venues: [{ venue: 'SIM', url, apiKey: 'keel-demo', apiSecret: 'keel-demo-secret' }] },
      { logger: new MemoryLogger(undefined, 'error'), persistence: null },
    );
    let marketData = 0;
    for (const prefix of [topics.allQuotes, topics.allTrades, topics.allBars]) node.bus.subscribe(prefix, () => marketData++, { prefix: true });
    let fills = 0;
    node.bus.subscribe<OrderEvent>(topics.allOrderEvents, (e) => { if (e.type === 'OrderFilled') fills++; }, { prefix: true });
    node.addStrategy(new EmaCrossBracket({ manageContingentOrders: true }));
    await node.start();
    const admin = await VenueAdminClient.connect(url, 'adm', 'adm-s');
    let steps = 0;
    try {
      for (;;) {
        const r = await admin.step(100_000);
        steps++;
        // Dealt with: every market data frame and fill the venue sent has been applied, and nothing the
        // node sent in reaction is still waiting for the venue's answer.
        for (let waited = 0; ; waited++) {
          await node.execEngine.whenIdle();
          const settled = marketData >= r.published && fills >= r.fills && !node.cache.orders().some((o) => IN_FLIGHT.has(o.status));
          if (settled) break;
          if (waited > 5000) throw new Error(`node did not settle after step ${steps}: data ${marketData}/${r.published}, fills ${fills}/${r.fills}`);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        if (r.done) break;
      }
    } finally {
      admin.close();
      await node.dispose();
    }

    const liveOrders = node.cache.orders();
    const liveFills = liveOrders.flatMap((o) => o.events.filter((e) => e.type === 'OrderFilled'));
    const order = (o: { side: string; type: string; quantity: string; price?: string; triggerPrice?: string; status: string }) => `${o.side} ${o.type} ${o.quantity} ${o.price ?? '-'} ${o.triggerPrice ?? '-'} ${o.status}`;
    const btOrders = bt.orders.map(order);
    const lvOrders = liveOrders.map((o) => order({ side: o.side, type: o.type, quantity: o.quantity.toString(), ...(o.price ? { price: o.price.toString() } : {}), ...(o.triggerPrice ? { triggerPrice: o.triggerPrice.toString() } : {}), status: o.status }));
    expect(btOrders.length).toBeGreaterThan(100);
    expect(lvOrders).toEqual(btOrders);

    // Fills in the order they happened (live: by the order's fill events in apply order across orders).
    const btFills = bt.fills.map((f) => `${f.side} ${f.orderType} ${f.quantity} ${f.price}`);
    const seq = [...liveFills].sort((a, b) => (a.tsInit < b.tsInit ? -1 : a.tsInit > b.tsInit ? 1 : 0));
    const lvFills = seq.map((f) => (f.type === 'OrderFilled' ? `${f.side} ${f.orderType} ${f.lastQty.toString()} ${f.lastPx.toString()}` : ''));
    expect(btFills.length).toBeGreaterThan(60);
    expect(lvFills).toEqual(btFills);
  });
});
