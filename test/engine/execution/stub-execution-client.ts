import type { ExecutionClient, ExecutionClientSink, ReportQuery, VenueOrderEvent } from '../../../src/engine/execution/client.js';
import type { CancelAllOrders, CancelOrder, ModifyOrder, QueryOrder, SubmitOrder, SubmitOrderList } from '../../../src/engine/model/commands.js';
import type { OmsType } from '../../../src/engine/model/enums.js';
import type { ExecutionMassStatus } from '../../../src/engine/model/reports.js';
import { Money, Price, Quantity } from '../../../src/engine/core/decimal.js';
import type { Clock } from '../../../src/engine/core/clock.js';

/**
 * A venue in a few lines: answers every command synchronously through the sink (accept on submit,
 * cancel on cancel) and fills when the test says so.
 */
export class StubExecutionClient implements ExecutionClient {
  readonly clientId = 'STUB';
  readonly accountId = 'SIM-001';
  readonly connectionState = 'CONNECTED' as const;
  readonly commands: string[] = [];
  private sink: ExecutionClientSink | undefined;
  private venueIds = 0;
  private tradeIds = 0;
  private readonly venueOrderIds = new Map<string, string>();

  constructor(readonly venue: string, readonly omsType: OmsType, private readonly clock: Clock, private readonly autoAccept = true) {}

  setSink(sink: ExecutionClientSink): void { this.sink = sink; }
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}

  submitOrder(command: SubmitOrder): void {
    this.commands.push(`submit ${command.clientOrderId}`);
    if (this.autoAccept) this.accept(command.clientOrderId, command.instrumentId);
  }
  submitOrderList(command: SubmitOrderList): void {
    this.commands.push(`submitList ${command.orderListId}`);
    if (this.autoAccept) for (const o of command.orders) this.accept(o.clientOrderId, o.instrumentId);
  }
  modifyOrder(command: ModifyOrder): void { this.commands.push(`modify ${command.clientOrderId}`); }
  cancelOrder(command: CancelOrder): void {
    this.commands.push(`cancel ${command.clientOrderId}`);
    this.emit({ type: 'OrderCanceled', instrumentId: command.instrumentId, clientOrderId: command.clientOrderId,
      ...venueOrderIdOf(this.venueOrderIds.get(command.clientOrderId)), tsEvent: this.clock.timestampNs() });
  }
  cancelAllOrders(command: CancelAllOrders): void { this.commands.push(`cancelAll ${command.instrumentId}`); }
  queryOrder(command: QueryOrder): void { this.commands.push(`query ${command.clientOrderId}`); }

  accept(clientOrderId: string, instrumentId: string): void {
    const venueOrderId = `V-${++this.venueIds}`;
    this.venueOrderIds.set(clientOrderId, venueOrderId);
    this.emit({ type: 'OrderAccepted', instrumentId, clientOrderId, venueOrderId, tsEvent: this.clock.timestampNs() });
  }

  /** A fill as the venue reports it. */
  fill(order: { clientOrderId: string; instrumentId: string; side: 'BUY' | 'SELL'; type: VenueFillType },
    qty: string, px: string, options: { tradeId?: string; commission?: string; positionId?: string } = {}): string {
    const tradeId = options.tradeId ?? `T-${++this.tradeIds}`;
    this.emit({
      type: 'OrderFilled', instrumentId: order.instrumentId, clientOrderId: order.clientOrderId,
      venueOrderId: this.venueOrderIds.get(order.clientOrderId) ?? 'V-?', tradeId, side: order.side, orderType: order.type,
      lastQty: Quantity.from(qty), lastPx: Price.from(px), currency: 'USD',
      commission: Money.from(options.commission ?? '0', 'USD'), liquiditySide: 'TAKER', tsEvent: this.clock.timestampNs(),
      ...(options.positionId !== undefined ? { positionId: options.positionId } : {}),
    });
    return tradeId;
  }

  emit(event: VenueOrderEvent): void {
    this.sink!.onOrderEvent(event);
  }

  async generateOrderStatusReport(_q: ReportQuery) { return null; }
  async generateOrderStatusReports(_q: ReportQuery) { return []; }
  async generateFillReports(_q: ReportQuery) { return []; }
  async generatePositionStatusReports(_q: ReportQuery) { return []; }
  async generateMassStatus(): Promise<ExecutionMassStatus> { throw new Error('not in the stub'); }
}

type VenueFillType = 'MARKET' | 'LIMIT' | 'STOP_MARKET' | 'STOP_LIMIT' | 'MARKET_IF_TOUCHED' | 'LIMIT_IF_TOUCHED';

/** The venue order id as an optional field: present only when known. */
function venueOrderIdOf(id: string | undefined): { venueOrderId?: string } {
  return id === undefined ? {} : { venueOrderId: id };
}
