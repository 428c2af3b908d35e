import { Session } from 'node:inspector/promises';
import { MemoryLogger } from '../src/engine/core/logger.js';
import { Quantity } from '../src/engine/core/decimal.js';
import type { ExecutionClient, ExecutionClientSink, ReportQuery } from '../src/engine/execution/client.js';
import type { CancelAllOrders, CancelOrder, ModifyOrder, QueryOrder, SubmitOrder, SubmitOrderList } from '../src/engine/model/commands.js';
import type { ExecutionMassStatus, FillReport, OrderStatusReport, PositionStatusReport } from '../src/engine/model/reports.js';
import type { Order } from '../src/engine/model/order.js';
import { TradingNode } from '../src/engine/node.js';
import type { VenueClients } from '../src/engine/node/venue-clients.js';
import { Strategy } from '../src/engine/strategy/strategy.js';
import { toVenueOrderEvent } from '../src/engine/venue/sandbox/translate.js';
import { AUD, InProcessData } from './in-process-venue.js';

/**
 * What a live node keeps per closed order: heapUsed after a full GC, before and after N lifecycles on a
 * node with its default persistence (memory), divided by N. Run by memory.bench.ts in a child process
 * (`node --expose-gc`): `node --expose-gc --import tsx bench/memory-retained.ts N` prints one JSON line.
 *
 * The venue here is a stub that answers each submit with OrderAccepted + OrderFilled wire events through
 * the sandbox client's own translator and remembers nothing: the sandbox exchange keeps every order it
 * ever saw (its report queries need them), which is the venue's memory, not the node's.
 * The baseline, measured in the same process: N plain objects of an order's fields kept in a Map.
 */
const N = Number(process.argv[2] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('expected node --expose-gc, received no global gc()');

class FillingClient implements ExecutionClient {
  readonly clientId = 'SIM';
  readonly venue = 'SIM';
  readonly accountId = 'SIM-001';
  readonly omsType = 'NETTING' as const;
  readonly connectionState = 'CONNECTED' as const;
  private sink: ExecutionClientSink | undefined;
  private seq = 0;
  setSink(sink: ExecutionClientSink): void { this.sink = sink; }
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}
  submitOrder(c: SubmitOrder): void {
    const n = ++this.seq;
    const o = c.order;
    const venueOrderId = `V-${n}`;
    const ts = String(n);
    const accepted = toVenueOrderEvent({ event: 'OrderAccepted', accountId: this.accountId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId, venueOrderId, tsEvent: ts });
    const filled = toVenueOrderEvent({
      event: 'OrderFilled', accountId: this.accountId, instrumentId: o.instrumentId, clientOrderId: o.clientOrderId, venueOrderId, tsEvent: ts,
      fill: { accountId: this.accountId, instrumentId: o.instrumentId, venueOrderId, clientOrderId: o.clientOrderId, tradeId: `T-${n}`, side: o.side, orderType: o.orderType,
        lastQty: o.quantity.toString(), lastPx: '1.00010', commission: '0.02', commissionCurrency: 'USD', liquiditySide: 'TAKER', tsEvent: ts },
    });
    this.sink?.onOrderEvent(accepted!);
    this.sink?.onOrderEvent(filled!);
  }
  submitOrderList(_c: SubmitOrderList): void {}
  modifyOrder(_c: ModifyOrder): void {}
  cancelOrder(_c: CancelOrder): void {}
  cancelAllOrders(_c: CancelAllOrders): void {}
  queryOrder(_c: QueryOrder): void {}
  async generateOrderStatusReport(_q: ReportQuery): Promise<OrderStatusReport | null> { return null; }
  async generateOrderStatusReports(_q: ReportQuery): Promise<OrderStatusReport[]> { return []; }
  async generateFillReports(_q: ReportQuery): Promise<FillReport[]> { return []; }
  async generatePositionStatusReports(_q: ReportQuery): Promise<PositionStatusReport[]> { return []; }
  async generateMassStatus(): Promise<ExecutionMassStatus> {
    return { clientId: 'SIM', venue: 'SIM', accountId: this.accountId, orderReports: [], fillReports: [], positionReports: [], tsInit: 0n };
  }
}

class Counter extends Strategy {
  filled = 0;
  override onOrderFilled(): void { this.filled += 1; }
}

const QTY = Quantity.from('1000');

async function run(node: TradingNode, s: Strategy, n: number): Promise<void> {
  for (let done = 0; done < n;) {
    const batch = Math.min(2_000, n - done);
    let last: Order | undefined;
    for (let i = 0; i < batch; i++) {
      last = s.orderFactory.market({ instrumentId: AUD, side: (done + i) % 2 === 0 ? 'BUY' : 'SELL', quantity: QTY });
      s.submitOrder(last);
    }
    await node.execEngine.whenIdle();
    if (last!.status === 'DENIED') throw new Error(`expected FILLED orders, received ${last!.status} (${(last!.lastEvent as { reason?: string }).reason ?? ''})`);
    while (last!.status !== 'FILLED') await new Promise<void>((r) => setImmediate(r));
    done += batch;
  }
}

/**
 * RETAINED_SITES=1: which functions allocated what is still alive after the run (V8's sampling heap
 * profiler keeps only live samples once they are collected), in bytes per order: what to cut first.
 */
async function retainedSites(): Promise<{ report(): Promise<void> }> {
  interface HeapNode { callFrame: { functionName: string; url: string }; selfSize: number; children: HeapNode[] }
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 512 });
  return {
    async report() {
      const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: HeapNode } };
      const bySite = new Map<string, number>();
      const walk = (n: HeapNode, caller: string): void => {
        const here = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^file:\/\/.*?\/(src|bench|node_modules)\//, '$1/')}`;
        const key = `${here} <- ${caller}`;
        if (n.selfSize > 0) bySite.set(key, (bySite.get(key) ?? 0) + n.selfSize);
        for (const c of n.children) walk(c, here);
      };
      walk(profile.head, '');
      for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 40)) process.stderr.write(`${(bytes / N).toFixed(0).padStart(6)} B/order  ${site}\n`);
      session.disconnect();
    },
  };
}

function settledHeap(): number {
  for (let i = 0; i < 4; i++) gc!();
  return process.memoryUsage().heapUsed;
}

// The node: default persistence (nothing passed: the config's `memory`), risk engine on (its submit rate
// limit raised: the bench submits far faster than the default 100/s).
const node = await TradingNode.create(
  { venues: [{ venue: 'SIM', url: 'ws://in-process', apiKey: 'k', apiSecret: 's' }], riskEngine: { maxOrderSubmitRate: '100000000/00:00:01' }, execEngine: { inflightCheckIntervalMs: 0 }, shutdownPolicy: 'leave' },
  { logger: new MemoryLogger(undefined, 'error'), clientsFactory: (): VenueClients => ({ venue: 'SIM', url: 'in-process', exec: new FillingClient(), data: new InProcessData() }) },
);
const s = node.addStrategy(new Counter({}));
await node.start();
await run(node, s, 2_000); // warm-up: code compiled, lazily made indexes exist
await new Promise((r) => setTimeout(r, 50));
const before = settledHeap();
const sites = process.env.RETAINED_SITES === '1' ? await retainedSites() : undefined;
await run(node, s, N);
await new Promise((r) => setTimeout(r, 50));
const after = settledHeap();
await sites?.report();
const closed = node.cache.orders({ open: false }).length;
if (s.filled !== N + 2_000 || closed !== N + 2_000) throw new Error(`expected ${N + 2_000} filled closed orders, received ${s.filled} filled, ${closed} closed`);

// Baseline: the same count of plain order records (the ceiling's PlainOrder shape) kept in a Map.
const plainBefore = settledHeap();
const plain = new Map<string, { id: string; side: number; qty: number; filled: number; avgPxRaw: number; status: number; venueId: string }>();
for (let i = 0; i < N; i++) {
  const id = `O-${i + 1_000_000}`;
  plain.set(id, { id, side: i % 2 === 0 ? 1 : -1, qty: 1000, filled: 1000, avgPxRaw: 100_010, status: 3, venueId: `V-${i + 1_000_000}` });
}
const plainAfter = settledHeap();
if (plain.size !== N) throw new Error('baseline incomplete');
process.stdout.write(`${JSON.stringify({ n: N, nodeBytesPerOrder: (after - before) / N, plainBytesPerOrder: (plainAfter - plainBefore) / N })}\n`);
await node.dispose();
