import { performance } from 'node:perf_hooks';
import { afterAll, bench, describe } from 'vitest';
import WebSocket from 'ws';
import { Money, Price, Quantity } from '../src/engine/core/decimal.js';
import { LiveClock } from '../src/engine/core/live-clock.js';
import { MemoryLogger } from '../src/engine/core/logger.js';
import type { ExecutionMassStatus, FillReport, OrderStatusReport, PositionStatusReport } from '../src/engine/model/reports.js';
import { InstrumentProvider } from '../src/engine/model/instruments.js';
import type { Order } from '../src/engine/model/order.js';
import { TradingNode } from '../src/engine/node.js';
import type { VenueClients } from '../src/engine/node/venue-clients.js';
import { Strategy } from '../src/engine/strategy/strategy.js';
import type { QuoteTick } from '../src/engine/model/market-data.js';
import { makeLoginFrame } from '../src/engine/venue/sandbox/protocol/auth.js';
import { MatchingEngine } from '../src/sandbox/matching-engine.js';
import { SandboxVenue } from '../src/sandbox/sandbox-venue.js';
import { InProcessClient, InProcessData } from './in-process-venue.js';

/**
 * Live node figures (printed after the run; vitest's hz rows are per batch):
 *  - in-process lifecycles/s: strategy submit → risk → live engine queues → execution engine → the
 *    venue's matching engine in-process → accepted → filled → position;
 *  - the same over ws against the sandbox venue, next to a raw ws client pipelining the same orders;
 *  - quote → order latency p50/p99 (market data sink → the execution client's submit);
 *  - reconciliation of 10,000 orders + 50,000 fills + 100 positions.
 *   npx vitest bench --run bench/live.bench.ts
 */
const AUD = 'AUDUSD.SIM';
/**
 * vitest 4's bench mode never runs an `afterAll` inside a `describe` (only the file's top-level hooks, after
 * every bench): each suite registers its figure and clean-up here, and the top-level hook runs them in order.
 */
const finals: { name: string; run: () => Promise<string> | string }[] = [];
const atEnd = (name: string, run: () => Promise<string> | string): void => void finals.push({ name, run });
afterAll(async () => {
  const lines: string[] = [];
  for (const f of finals) {
    try {
      lines.push(`LIVE FIGURE: ${await f.run()}`);
    } catch (e) {
      lines.push(`LIVE FIGURE: ${f.name}: failed (${(e as Error).message})`);
    }
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
});



/** No journal attached: isolates the live path (the memory journal's own cost is measured separately). */
const noJournal = null;

class Trader extends Strategy {
  onQuoteHook: ((q: QuoteTick) => void) | undefined;
  override onQuote(q: QuoteTick): void { this.onQuoteHook?.(q); }
}

async function inProcessNode(journal = false) {
  const engine = new MatchingEngine(new InstrumentProvider(), [{ accountId: 'SIM-001', apiKey: 'k', apiSecret: 's', omsType: 'NETTING', balances: { USD: '1000000000' } }]);
  engine.setQuote(AUD, { bid: Price.from('1.00000'), ask: Price.from('1.00010') }, 0n);
  const exec = new InProcessClient(engine);
  const data = new InProcessData();
  const node = await TradingNode.create(
    { venues: [{ venue: 'SIM', url: 'ws://in-process', apiKey: 'k', apiSecret: 's' }], riskEngine: { bypass: true }, execEngine: { inflightCheckIntervalMs: 0 }, shutdownPolicy: 'leave' },
    { logger: new MemoryLogger(undefined, 'error'), clientsFactory: (): VenueClients => ({ venue: 'SIM', url: 'in-process', exec, data }), ...(journal ? {} : { persistence: noJournal }) },
  );
  const s = node.addStrategy(new Trader({}));
  await node.start();
  return { node, s, exec, data };
}

const market = (s: Strategy, i: number): Order => s.orderFactory.market({ instrumentId: AUD, side: i % 2 === 0 ? 'BUY' : 'SELL', quantity: Quantity.from('1000') });

async function lifecycles(node: TradingNode, s: Strategy, n: number): Promise<void> {
  const orders: Order[] = [];
  for (let i = 0; i < n; i++) {
    const o = market(s, i);
    s.submitOrder(o);
    orders.push(o);
  }
  await node.execEngine.whenIdle();
  if (orders[orders.length - 1]!.status !== 'FILLED') await new Promise<void>((resolve) => {
    const check = (): void => (orders.every((o) => o.status === 'FILLED') ? resolve() : void setImmediate(check));
    check();
  });
}

const BATCH = 2_000;

describe('in-process lifecycles', async () => {
  const { node, s } = await inProcessNode();
  let total = 0;
  let ms = 0;
  bench(`${BATCH} lifecycles (submit → risk → engine → match → accepted → filled → position)`, async () => {
    const t = performance.now();
    await lifecycles(node, s, BATCH);
    ms += performance.now() - t;
    total += BATCH;
  }, { iterations: 10, warmupIterations: 2 });
  atEnd('in-process lifecycles', async () => {
    await node.dispose();
    return `in-process lifecycles/s: ${Math.round((total * 1000) / ms)} (${total} lifecycles; target >= 200000)`;
  });
});

describe('in-process lifecycles with the memory journal attached', async () => {
  const { node, s } = await inProcessNode(true);
  let total = 0;
  let ms = 0;
  bench(`${BATCH} lifecycles, memory journal on`, async () => {
    const t = performance.now();
    await lifecycles(node, s, BATCH);
    ms += performance.now() - t;
    total += BATCH;
  }, { iterations: 3, warmupIterations: 0 });
  atEnd('memory journal', async () => {
    await node.dispose();
    return `in-process lifecycles/s with the memory journal: ${Math.round((total * 1000) / ms)} (${total} lifecycles)`;
  });
});

describe('quote → order latency (in-process)', async () => {
  const { node, s, exec, data } = await inProcessNode();
  const samples: number[] = [];
  let t0 = 0;
  s.onQuoteHook = () => s.submitOrder(market(s, samples.length));
  exec.onSubmit = () => samples.push(performance.now() - t0);
  s.subscribeQuotes(AUD);
  bench('quote in → SubmitOrder at the client', async () => {
    t0 = performance.now();
    data.sink!.onQuote({ instrumentId: AUD, bid: Price.from('1.00000'), ask: Price.from('1.00010'), bidSize: Quantity.from('0'), askSize: Quantity.from('0'), tsEvent: 0n, tsInit: 0n });
    await node.execEngine.whenIdle();
  }, { iterations: 2000, warmupIterations: 100 });
  atEnd('quote → order latency', async () => {
    await node.dispose();
    const sorted = samples.slice(100).sort((a, b) => a - b);
    const pct = (p: number) => (sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! * 1000).toFixed(1);
    return `quote → order latency: p50 ${pct(50)} µs, p99 ${pct(99)} µs (${sorted.length} samples)`;
  });
});

describe('over ws vs a raw ws client', async () => {
  // The raw client trades its own account: on the node's, the node would reconcile every raw order as
  // external and the raw side would pay for the node's work (a ratio that compares unlike with unlike).
  const venue = await SandboxVenue.start({ port: 0, instruments: [AUD], accounts: [
    { apiKey: 'k', apiSecret: 's', balances: { USD: '1000000000' } },
    { apiKey: 'raw-k', apiSecret: 'raw-s', balances: { USD: '1000000000' } },
  ] });
  venue.controls.setQuote(AUD, { bid: '1.00000', ask: '1.00010' });
  const node = await TradingNode.create({ venues: [{ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's' }], riskEngine: { bypass: true }, execEngine: { inflightCheckIntervalMs: 0 }, shutdownPolicy: 'leave' },
    { logger: new MemoryLogger(undefined, 'error'), persistence: noJournal });
  const s = node.addStrategy(new Trader({}));
  await node.start();
  const raw = new WebSocket(venue.url);
  await new Promise((r) => raw.once('open', r));
  let fills = 0;
  let waiter: { target: number; resolve: () => void } | undefined;
  raw.on('message', (d) => {
    const f = JSON.parse(d.toString()) as { type: string; data?: { event?: string } };
    if (f.type === 'event' && f.data?.event === 'OrderFilled' && ++fills >= (waiter?.target ?? Infinity)) waiter!.resolve();
  });
  await new Promise<void>((resolve) => { raw.once('message', () => resolve()); raw.send(JSON.stringify(makeLoginFrame('raw-k', 'raw-s', new LiveClock().timestampNs()))); });
  let seq = 0;
  const WS_BATCH = 1_000;
  const rawMs: number[] = [];
  const nodeMs: number[] = [];
  bench(`raw ws client: ${WS_BATCH} MARKET orders pipelined until filled`, async () => {
    const t = performance.now();
    const done = new Promise<void>((resolve) => (waiter = { target: fills + WS_BATCH, resolve }));
    for (let i = 0; i < WS_BATCH; i++) {
      raw.send(JSON.stringify({ type: 'submit_order', reqId: `r${++seq}`, order: { clientOrderId: `RAW-${seq}`, instrumentId: AUD, side: seq % 2 ? 'BUY' : 'SELL', orderType: 'MARKET', quantity: '1000' } }));
    }
    await done;
    rawMs.push(performance.now() - t);
  }, { iterations: 5, warmupIterations: 1 });
  bench(`node over ws: ${WS_BATCH} lifecycles until filled and positioned`, async () => {
    const t = performance.now();
    await lifecycles(node, s, WS_BATCH);
    nodeMs.push(performance.now() - t);
  }, { iterations: 5, warmupIterations: 1 });
  atEnd('over ws', async () => {
    raw.close();
    await node.dispose();
    await venue.stop();
    const rate = (xs: number[]) => Math.round((WS_BATCH * xs.length * 1000) / xs.reduce((a, b) => a + b, 0));
    const r = rate(rawMs);
    const n = rate(nodeMs);
    return `over ws (separate accounts, same venue, same run): node ${n} lifecycles/s vs raw ws client ${r} orders/s = ${((100 * n) / r).toFixed(0)} % (target >= 70 %)`;
  });
});

describe('reconciliation at scale', async () => {
  const ORDERS = 10_000;
  const FILLS_PER_ORDER = 5;
  const POSITIONS = 100;
  const build = (): ExecutionMassStatus => {
    const orderReports: OrderStatusReport[] = [];
    const fillReports: FillReport[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const venueOrderId = `V-${i}`;
      const venuePositionId = `VP-${i % POSITIONS}`;
      orderReports.push({
        reportId: `R-${i}`, accountId: 'SIM-001', instrumentId: AUD, clientOrderId: `O-${i}`, venueOrderId, venuePositionId, side: 'BUY', orderType: 'LIMIT', timeInForce: 'GTC',
        status: 'FILLED', quantity: Quantity.from('100'), filledQty: Quantity.from('100'), avgPx: Price.from('1.00000'), price: Price.from('1.00000'), postOnly: false, reduceOnly: false,
        tsAccepted: BigInt(i), tsLast: BigInt(i), tsInit: BigInt(i),
      });
      for (let f = 0; f < FILLS_PER_ORDER; f++) {
        fillReports.push({
          reportId: `F-${i}-${f}`, accountId: 'SIM-001', instrumentId: AUD, venueOrderId, clientOrderId: `O-${i}`, venuePositionId, tradeId: `T-${i}-${f}`, side: 'BUY',
          lastQty: Quantity.from('20'), lastPx: Price.from('1.00000'), commission: Money.from('0.01', 'USD'), liquiditySide: 'MAKER', tsEvent: BigInt(i), tsInit: BigInt(i),
        });
      }
    }
    const positionReports: PositionStatusReport[] = Array.from({ length: POSITIONS }, (_, k) => ({
      reportId: `P-${k}`, accountId: 'SIM-001', instrumentId: AUD, venuePositionId: `VP-${k}`, side: 'LONG' as const, quantity: Quantity.from(String((ORDERS / POSITIONS) * 100)),
      signedQty: Quantity.from(String((ORDERS / POSITIONS) * 100)), avgPxOpen: Price.from('1.00000'), tsLast: 0n, tsInit: 0n,
    }));
    return { clientId: 'SIM', venue: 'SIM', accountId: 'SIM-001', orderReports, fillReports, positionReports, tsInit: 0n };
  };
  const ms = build();
  const durations: number[] = [];
  let counts = '';
  bench(`${ORDERS} orders + ${ORDERS * FILLS_PER_ORDER} fills + ${POSITIONS} positions into an empty node`, async () => {
    const { node, exec } = await inProcessNode();
    node.core.registerStrategy('EXTERNAL', { omsType: 'HEDGING' });
    const t = performance.now();
    const r = await node.execEngine.reconciler.reconcileMassStatus(exec, ms, 'STARTUP');
    durations.push(performance.now() - t);
    counts = `success ${r.success}, created ${r.counts.created}, events ${r.counts.eventsApplied}, synthetic ${r.counts.syntheticOrders}`;
    await node.dispose();
  }, { iterations: 3, warmupIterations: 0 });
  atEnd('reconciliation at scale', () => {
    const best = Math.min(...durations);
    return `reconciliation 10,000 orders + 50,000 fills + 100 positions: ${best.toFixed(0)} ms best of ${durations.length} (target <= 1000 ms; ${counts})`;
  });
});
