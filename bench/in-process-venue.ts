import { MemoryLogger } from '../src/engine/core/logger.js';
import { Price, Quantity } from '../src/engine/core/decimal.js';
import type { ExecutionClient, ExecutionClientSink, MarketDataClient, MarketDataSink, ReportQuery } from '../src/engine/execution/client.js';
import type { CancelAllOrders, CancelOrder, ModifyOrder, QueryOrder, SubmitOrder, SubmitOrderList } from '../src/engine/model/commands.js';
import type { ExecutionMassStatus, FillReport, OrderStatusReport, PositionStatusReport } from '../src/engine/model/reports.js';
import { InstrumentProvider } from '../src/engine/model/instruments.js';
import type { Order } from '../src/engine/model/order.js';
import { TradingNode } from '../src/engine/node.js';
import type { VenueClients } from '../src/engine/node/venue-clients.js';
import { Strategy } from '../src/engine/strategy/strategy.js';
import { MatchingEngine } from '../src/sandbox/matching-engine.js';
import { WireOrderSpec } from '../src/engine/venue/sandbox/protocol/messages.js';
import { toVenueOrderEvent, toWireOrder } from '../src/engine/venue/sandbox/translate.js';

/**
 * A TradingNode trading against the sandbox's matching engine in the same process, without a socket:
 * the lifecycle bench, the lifecycle profile and live.bench.ts drive the same thing; the portfolio and
 * reconciliation benches use its data client.
 */
export const AUD = 'AUDUSD.SIM';

/** The sandbox matching engine behind the ExecutionClient interface: wire spec in, wire events translated out. */
export class InProcessClient implements ExecutionClient {
  readonly clientId = 'SIM';
  readonly venue = 'SIM';
  readonly accountId = 'SIM-001';
  readonly omsType = 'NETTING' as const;
  readonly connectionState = 'CONNECTED' as const;
  /** Called before each submit reaches the engine (live.bench.ts times from here). */
  onSubmit: (() => void) | undefined;
  private sink: ExecutionClientSink | undefined;
  private n = 0n;
  constructor(readonly engine: MatchingEngine) {}
  setSink(sink: ExecutionClientSink): void { this.sink = sink; }
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}
  submitOrder(c: SubmitOrder): void {
    this.onSubmit?.();
    for (const out of this.engine.submit(this.accountId, WireOrderSpec.parse(toWireOrder(c.order)), { now: ++this.n })) {
      const e = toVenueOrderEvent(out.event, c.clientOrderId);
      if (e) this.sink?.onOrderEvent(e);
    }
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

/** A market-data client whose sink the bench feeds directly (quotes in at the node's market-data sink). */
export class InProcessData implements MarketDataClient {
  readonly clientId = 'SIM';
  readonly venue = 'SIM';
  sink: MarketDataSink | undefined;
  setSink(sink: MarketDataSink): void { this.sink = sink; }
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}
  subscribeQuotes(): void {}
  subscribeTrades(): void {}
  subscribeBars(): void {}
  unsubscribeQuotes(): void {}
  unsubscribeTrades(): void {}
  unsubscribeBars(): void {}
}

/** Counts the strategy callbacks a lifecycle ends in, so the bench knows the whole path ran. */
class Counter extends Strategy {
  filled = 0;
  override onOrderFilled(): void { this.filled += 1; }
}

/** No journal attached: isolates the live path (the memory journal's cost is live.bench.ts's business). */
export async function inProcessNode(): Promise<{ node: TradingNode; s: Counter }> {
  const engine = new MatchingEngine(new InstrumentProvider(), [{ accountId: 'SIM-001', apiKey: 'k', apiSecret: 's', omsType: 'NETTING', balances: { USD: '1000000000' } }]);
  engine.setQuote(AUD, { bid: Price.from('1.00000'), ask: Price.from('1.00010') }, 0n);
  const exec = new InProcessClient(engine);
  const data = new InProcessData();
  const node = await TradingNode.create(
    { venues: [{ venue: 'SIM', url: 'ws://in-process', apiKey: 'k', apiSecret: 's' }], riskEngine: { bypass: true }, execEngine: { inflightCheckIntervalMs: 0 }, shutdownPolicy: 'leave' },
    { logger: new MemoryLogger(undefined, 'error'), clientsFactory: (): VenueClients => ({ venue: 'SIM', url: 'in-process', exec, data }), persistence: null },
  );
  const s = node.addStrategy(new Counter({}));
  await node.start();
  return { node, s };
}

const QTY = Quantity.from('1000');

/** `n` MARKET orders, sides alternating so the NETTING position stays small; resolves when all are FILLED. */
export async function lifecycles(node: TradingNode, s: Strategy, n: number): Promise<void> {
  const orders: Order[] = [];
  for (let i = 0; i < n; i++) {
    const o = s.orderFactory.market({ instrumentId: AUD, side: i % 2 === 0 ? 'BUY' : 'SELL', quantity: QTY });
    s.submitOrder(o);
    orders.push(o);
  }
  await node.execEngine.whenIdle();
  if (orders[orders.length - 1]!.status !== 'FILLED') await new Promise<void>((resolve) => {
    const check = (): void => (orders.every((o) => o.status === 'FILLED') ? resolve() : void setImmediate(check));
    check();
  });
}
