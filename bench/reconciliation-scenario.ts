import { Money, Price, Quantity } from '../src/engine/core/decimal.js';
import { MemoryLogger } from '../src/engine/core/logger.js';
import type { ExecutionClient, ExecutionClientSink } from '../src/engine/execution/client.js';
import { InProcessData } from './in-process-venue.js';
import type { ExecutionMassStatus, FillReport, OrderStatusReport, PositionStatusReport } from '../src/engine/model/reports.js';
import type { ReconciliationResult } from '../src/engine/execution/reconciliation-result.js';
import { TradingNode } from '../src/engine/node.js';
import type { VenueClients } from '../src/engine/node/venue-clients.js';

/**
 * The reconciliation scale scenario, shared by `reconciliation.bench.ts` and `scripts/profile-reconciliation.ts`:
 * a venue reports `orders` FILLED orders of one instrument, `fillsPerOrder` fills each, spread over `positions`
 * HEDGING positions that match what the fills add up to; an empty node reconciles it in process (no socket).
 */
const AUD = 'AUDUSD.SIM';

export interface Scale {
  readonly orders: number;
  readonly fillsPerOrder: number;
  readonly positions: number;
}

export function massStatus({ orders, fillsPerOrder, positions }: Scale): ExecutionMassStatus {
  const orderReports: OrderStatusReport[] = [];
  const fillReports: FillReport[] = [];
  const one = Price.from('1.00000');
  const qty = Quantity.from(String(20 * fillsPerOrder));
  const fillQty = Quantity.from('20');
  const fee = Money.from('0.01', 'USD');
  for (let i = 0; i < orders; i++) {
    const venueOrderId = `V-${i}`;
    const venuePositionId = `VP-${i % positions}`;
    orderReports.push({
      reportId: `R-${i}`, accountId: 'SIM-001', instrumentId: AUD, clientOrderId: `O-${i}`, venueOrderId, venuePositionId, side: 'BUY', orderType: 'LIMIT', timeInForce: 'GTC',
      status: 'FILLED', quantity: qty, filledQty: qty, avgPx: one, price: one, postOnly: false, reduceOnly: false,
      tsAccepted: BigInt(i), tsLast: BigInt(i), tsInit: BigInt(i),
    });
    for (let f = 0; f < fillsPerOrder; f++) {
      fillReports.push({
        reportId: `F-${i}-${f}`, accountId: 'SIM-001', instrumentId: AUD, venueOrderId, clientOrderId: `O-${i}`, venuePositionId, tradeId: `T-${i}-${f}`, side: 'BUY',
        lastQty: fillQty, lastPx: one, commission: fee, liquiditySide: 'MAKER', tsEvent: BigInt(i), tsInit: BigInt(i),
      });
    }
  }
  const held = Quantity.from(String((orders / positions) * 20 * fillsPerOrder));
  const positionReports: PositionStatusReport[] = Array.from({ length: positions }, (_, k) => ({
    reportId: `P-${k}`, accountId: 'SIM-001', instrumentId: AUD, venuePositionId: `VP-${k}`, side: 'LONG' as const, quantity: held,
    signedQty: held, avgPxOpen: one, tsLast: BigInt(orders), tsInit: 0n,
  }));
  return { clientId: 'SIM', venue: 'SIM', accountId: 'SIM-001', orderReports, fillReports, positionReports, tsInit: 0n };
}

/** A venue that reports nothing and accepts nothing: the node under test only reconciles. */
class QuietExec implements ExecutionClient {
  readonly clientId = 'SIM';
  readonly venue = 'SIM';
  readonly accountId = 'SIM-001';
  readonly omsType = 'HEDGING' as const;
  readonly connectionState = 'CONNECTED' as const;
  setSink(_sink: ExecutionClientSink): void {}
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}
  submitOrder(): void {}
  submitOrderList(): void {}
  modifyOrder(): void {}
  cancelOrder(): void {}
  cancelAllOrders(): void {}
  queryOrder(): void {}
  async generateOrderStatusReport(): Promise<OrderStatusReport | null> { return null; }
  async generateOrderStatusReports(): Promise<OrderStatusReport[]> { return []; }
  async generateFillReports(): Promise<FillReport[]> { return []; }
  async generatePositionStatusReports(): Promise<PositionStatusReport[]> { return []; }
  async generateMassStatus(): Promise<ExecutionMassStatus> {
    return { clientId: 'SIM', venue: 'SIM', accountId: this.accountId, orderReports: [], fillReports: [], positionReports: [], tsInit: 0n };
  }
}


export interface Run {
  /** CPU time (user + system) of the reconciliation alone, in ms: not the node's creation nor the mass status's. */
  readonly cpuMs: number;
  readonly result: ReconciliationResult;
}

/** One reconciliation of `ms` into a fresh, empty node without a journal. */
export async function reconcileIntoEmptyNode(ms: ExecutionMassStatus): Promise<Run> {
  const exec = new QuietExec();
  const node = await TradingNode.create(
    { venues: [{ venue: 'SIM', url: 'ws://in-process', apiKey: 'k', apiSecret: 's' }], riskEngine: { bypass: true }, execEngine: { inflightCheckIntervalMs: 0 }, shutdownPolicy: 'leave' },
    { logger: new MemoryLogger(undefined, 'error'), clientsFactory: (): VenueClients => ({ venue: 'SIM', url: 'in-process', exec, data: new InProcessData() }), persistence: null },
  );
  await node.start();
  node.core.registerStrategy('EXTERNAL', { omsType: 'HEDGING' });
  const before = process.cpuUsage();
  const result = await node.execEngine.reconciler.reconcileMassStatus(exec, ms, 'STARTUP');
  const used = process.cpuUsage(before);
  await node.dispose();
  return { cpuMs: (used.user + used.system) / 1000, result };
}

export function describeResult(r: ReconciliationResult): string {
  return `success ${r.success}, orders ${r.counts.orders}, fills ${r.counts.fills}, positions ${r.counts.positions}, matched ${r.counts.matched}, created ${r.counts.created}, events ${r.counts.eventsApplied}, synthetic ${r.counts.syntheticOrders}`;
}
