import { afterAll, bench, describe } from 'vitest';
import { Price, Quantity } from '../src/engine/core/decimal.js';
import { MemoryLogger } from '../src/engine/core/logger.js';
import { InProcessData } from './in-process-venue.js';
import type { QuoteTick } from '../src/engine/model/market-data.js';
import { TradingNode } from '../src/engine/node.js';
import { buildSandboxClients } from '../src/engine/node/venue-clients.js';
import { Strategy } from '../src/engine/strategy/strategy.js';
import { SandboxVenue } from '../src/sandbox/sandbox-venue.js';

/**
 * Quote → strategy callback latency with the portfolio updating (node.portfolio on) vs not (option
 * `portfolio: false`), same run, same quotes, the two nodes interleaved quote by quote. Each node holds an
 * open position in the instrument (bought at the real sandbox venue), so every quote re-marks it. The
 * quote enters at the node's market-data sink (the data client is in-process) and the time is taken in the
 * strategy's onQuote: the delivery is synchronous. Goal: on/off <= 1.10 at p50.
 *   npx vitest bench --run bench/portfolio.bench.ts
 */
const AUD = 'AUDUSD.SIM';
const SAMPLES = 50_000;
const WARMUP = 5_000;


class Timed extends Strategy {
  t0 = 0n;
  last = 0n;
  override onStart(): void { this.subscribeQuotes(AUD); }
  override onQuote(): void { this.last = process.hrtime.bigint() - this.t0; }
}

const venues: SandboxVenue[] = [];

/** Each node trades its own venue (a shared account would make each node reconcile the other's orders). */
async function nodeWith(portfolio: boolean) {
  const venue = await SandboxVenue.start({ port: 0, instruments: [AUD], accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '1000000000' } }] });
  venue.controls.setQuote(AUD, { bid: '1.00000', ask: '1.00010' });
  venues.push(venue);
  const data = new InProcessData();
  const node = await TradingNode.create(
    { venues: [{ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's' }], execEngine: { inflightCheckIntervalMs: 0 }, shutdownPolicy: 'leave' },
    { logger: new MemoryLogger(undefined, 'error'), persistence: null, portfolio, clientsFactory: (v, clock) => ({ ...buildSandboxClients(v, clock), data }) },
  );
  const s = node.addStrategy(new Timed({}));
  await node.start();
  const o = s.orderFactory.market({ instrumentId: AUD, side: 'BUY', quantity: Quantity.from('100000') });
  s.submitOrder(o);
  while (node.cache.order(o.clientOrderId)?.status !== 'FILLED') await new Promise((r) => setTimeout(r, 5));
  return { node, s, data };
}

/** Quotes walking around 1.00000 (5 decimals), prebuilt so both sides get the very same objects. */
const quotes: QuoteTick[] = Array.from({ length: 1000 }, (_, i) => {
  const bid = 100000 + ((i * 37) % 200) - 100;
  return { instrumentId: AUD, bid: Price.fromRaw(BigInt(bid), 5), ask: Price.fromRaw(BigInt(bid + 10), 5), bidSize: Quantity.from('0'), askSize: Quantity.from('0'), tsEvent: 0n, tsInit: 0n };
});

const on = await nodeWith(true);
const off = await nodeWith(false);
const samples = { on: [] as number[], off: [] as number[] };

function one(side: { s: Timed; data: InProcessData }, q: QuoteTick): number {
  side.s.t0 = process.hrtime.bigint();
  side.data.sink!.onQuote(q);
  return Number(side.s.last);
}

describe('quote → strategy latency, portfolio on vs off', () => {
  bench(`${SAMPLES} quotes each, interleaved`, () => {
    for (let i = 0; i < SAMPLES + WARMUP; i++) {
      const q = quotes[i % quotes.length]!;
      // Alternate which side goes first so neither always runs on a warmer cache.
      const first = i % 2 === 0 ? on : off;
      const second = first === on ? off : on;
      const a = one(first, q);
      const b = one(second, q);
      if (i < WARMUP) continue;
      samples[first === on ? 'on' : 'off'].push(a);
      samples[second === on ? 'on' : 'off'].push(b);
    }
  }, { iterations: 1, warmupIterations: 0 });
});

afterAll(async () => {
  const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))]!; };
  const us = (ns: number) => (ns / 1000).toFixed(2);
  const [onP50, onP99, offP50, offP99] = [pct(samples.on, 50), pct(samples.on, 99), pct(samples.off, 50), pct(samples.off, 99)];
  const pnl = on.node.portfolio.unrealizedPnl(AUD)?.toString();
  process.stdout.write(`\nPORTFOLIO FIGURE: quote → strategy, portfolio off: p50 ${us(offP50)} µs, p99 ${us(offP99)} µs; ` +
    `on: p50 ${us(onP50)} µs, p99 ${us(onP99)} µs; ratio on/off p50 ${(onP50 / offP50).toFixed(3)}, p99 ${(onP99 / offP99).toFixed(3)} ` +
    `(${samples.on.length} samples each; goal <= 1.10; the on node's unrealized PnL at the end: ${pnl})\n`);
  await on.node.dispose();
  await off.node.dispose();
  for (const v of venues) await v.stop();
});
