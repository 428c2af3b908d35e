import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { Price } from '../src/engine/core/decimal.js';
import { InstrumentProvider } from '../src/engine/model/instruments.js';
import { makeLoginFrame } from '../src/engine/venue/sandbox/protocol/auth.js';
import { MatchingEngine } from '../src/sandbox/matching-engine.js';
import { WireOrderSpec } from '../src/engine/venue/sandbox/protocol/messages.js';
import { SandboxVenue } from '../src/sandbox/sandbox-venue.js';
import { LiveClock } from '../src/engine/core/live-clock.js';

/**
 * Sandbox venue figures: matched orders per second in-process (the pure matching engine), and over
 * WebSocket the round-trip latency (p50/p99) and pipelined throughput, next to a bare `ws` echo server
 * measured in the same run. The ratio venue / echo is the figure that matters (machines differ).
 *   npx vitest bench --run bench/venue.bench.ts
 */
const AUD = 'AUDUSD.SIM';
const BATCH = 500;

// ---- in-process matching ---------------------------------------------------------------------------
describe('matching engine (in-process)', () => {
  const engine = new MatchingEngine(new InstrumentProvider(), [{ accountId: 'A', apiKey: 'k', apiSecret: 's', omsType: 'NETTING', balances: { USD: '1000000' } }]);
  engine.setQuote(AUD, { bid: Price.from('1.00000'), ask: Price.from('1.00010') }, 1n);
  let n = 0;
  const market = (side: 'BUY' | 'SELL') => WireOrderSpec.parse({ clientOrderId: `B-${++n}`, instrumentId: AUD, side, orderType: 'MARKET', quantity: '1000' });

  bench('MARKET order accepted + filled (1 matched order per op)', () => {
    engine.submit('A', market(n % 2 === 0 ? 'BUY' : 'SELL'), { now: BigInt(n) });
  });

  bench('resting LIMIT filled by the next quote (1 matched order per op)', () => {
    const spec = WireOrderSpec.parse({ clientOrderId: `L-${++n}`, instrumentId: AUD, side: 'BUY', orderType: 'LIMIT', quantity: '1000', price: '0.99995' });
    engine.submit('A', spec, { now: BigInt(n) });
    engine.setQuote(AUD, { bid: Price.from('0.99985'), ask: Price.from('0.99995') }, BigInt(n));
    engine.setQuote(AUD, { bid: Price.from('1.00000'), ask: Price.from('1.00010') }, BigInt(n));
    engine.submit('A', market('SELL'), { now: BigInt(n) });
  });
});

// ---- over WebSocket, with a bare ws echo baseline -------------------------------------------------------
/** A connection that resolves the next message (frames arrive in order). */
class Conn {
  private waiters: Array<(text: string) => void> = [];
  private count = 0;
  private countWaiter: { target: number; resolve: () => void } | undefined;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.count++;
      if (this.countWaiter && this.count >= this.countWaiter.target) {
        const w = this.countWaiter;
        this.countWaiter = undefined;
        w.resolve();
      }
      this.waiters.shift()?.(d.toString());
    });
  }
  static async open(url: string): Promise<Conn> {
    const ws = new WebSocket(url);
    await new Promise((r) => ws.once('open', r));
    return new Conn(ws);
  }
  next(): Promise<string> {
    return new Promise((r) => this.waiters.push(r));
  }
  /** Resolves once `n` more messages have arrived. */
  after(n: number): Promise<void> {
    const target = this.count + n;
    return new Promise((resolve) => (this.countWaiter = { target, resolve }));
  }
}

const samples: Record<string, number[]> = { echo: [], venue: [], order: [], echoBatch: [], venueBatch: [] };
let echoServer: WebSocketServer;
let echo: Conn;
let venue: SandboxVenue;
let trader: Conn;
let seq = 0;

beforeAll(async () => {
  echoServer = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => echoServer.once('listening', r));
  echoServer.on('connection', (ws) => ws.on('message', (d) => ws.send(d.toString())));
  echo = await Conn.open(`ws://127.0.0.1:${(echoServer.address() as AddressInfo).port}`);

  venue = await SandboxVenue.start({ port: 0, instruments: [AUD] });
  venue.controls.setQuote(AUD, { bid: '1.00000', ask: '1.00010' });
  trader = await Conn.open(venue.url);
  const ok = trader.next();
  trader.ws.send(JSON.stringify(makeLoginFrame('k', 's', new LiveClock().timestampNs())));
  await ok;
});

afterAll(async () => {
  echo.ws.close();
  trader.ws.close();
  await venue.stop();
  await new Promise((r) => echoServer.close(r));
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] ?? NaN;
  };
  const row = (name: string) => ({ p50: pct(samples[name]!, 50), p99: pct(samples[name]!, 99), n: samples[name]!.length });
  const e = row('echo');
  const v = row('venue');
  const o = row('order');
  const perSec = (name: string) => (BATCH * 1000) / pct(samples[name]!, 50);
  const te = perSec('echoBatch');
  const tv = perSec('venueBatch');
  const f = (x: number) => x.toFixed(3).padStart(8);
  console.log(
    `\nround trip (ms)                    p50       p99   samples\n` +
      `  bare ws echo                 ${f(e.p50)}  ${f(e.p99)}   ${e.n}\n` +
      `  venue ping → pong            ${f(v.p50)}  ${f(v.p99)}   ${v.n}   ratio p50 ${(v.p50 / e.p50).toFixed(2)}x, p99 ${(v.p99 / e.p99).toFixed(2)}x\n` +
      `  venue MARKET → accept + fill ${f(o.p50)}  ${f(o.p99)}   ${o.n}   ratio p50 ${(o.p50 / e.p50).toFixed(2)}x, p99 ${(o.p99 / e.p99).toFixed(2)}x\n` +
      `one-way pipelined throughput (frames/s, median batch of ${BATCH})\n` +
      `  bare ws echo ${Math.round(te)}   venue orders ${Math.round(tv)}   ratio echo/venue ${(te / tv).toFixed(2)}x\n`,
  );
});

const pingFrame = () => JSON.stringify({ type: 'ping', reqId: `p${++seq}` });
const restingOrder = () =>
  JSON.stringify({ type: 'submit_order', reqId: `s${++seq}`, order: { clientOrderId: `W-${seq}`, instrumentId: AUD, side: 'BUY', orderType: 'LIMIT', quantity: '1', price: '0.5' } });

describe('round trip over ws (one frame out, its answer back)', () => {
  bench('bare ws echo', async () => {
    const t = performance.now();
    const r = echo.next();
    echo.ws.send(pingFrame());
    await r;
    samples.echo!.push(performance.now() - t);
  });
  bench('venue: ping → pong (validated, logged in)', async () => {
    const t = performance.now();
    const r = trader.next();
    trader.ws.send(pingFrame());
    await r;
    samples.venue!.push(performance.now() - t);
  });
  bench('venue: MARKET order → OrderAccepted + OrderFilled', async () => {
    const t = performance.now();
    const done = trader.after(2);
    const side = seq % 2 === 0 ? 'BUY' : 'SELL';
    trader.ws.send(JSON.stringify({ type: 'submit_order', reqId: `m${++seq}`, order: { clientOrderId: `M-${seq}`, instrumentId: AUD, side, orderType: 'MARKET', quantity: '1' } }));
    await done;
    samples.order!.push(performance.now() - t);
  });
});

describe(`pipelined throughput over ws (${BATCH} frames in, ${BATCH} answers out per op)`, () => {
  bench('bare ws echo', async () => {
    const t = performance.now();
    const done = echo.after(BATCH);
    for (let i = 0; i < BATCH; i++) echo.ws.send(restingOrder());
    await done;
    samples.echoBatch!.push(performance.now() - t);
  });
  bench('venue: resting LIMIT orders → OrderAccepted', async () => {
    const t = performance.now();
    const done = trader.after(BATCH);
    for (let i = 0; i < BATCH; i++) trader.ws.send(restingOrder());
    await done;
    samples.venueBatch!.push(performance.now() - t);
  });
});
