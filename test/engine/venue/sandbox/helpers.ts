import { Price, Quantity } from '../../../../src/engine/core/decimal.js';
import type { ConnectionState, ExecutionClientSink, VenueOrderEvent } from '../../../../src/engine/execution/client.js';
import type { SubmitOrder } from '../../../../src/engine/model/commands.js';
import type { FillReport, OrderStatusReport, PositionStatusReport } from '../../../../src/engine/model/reports.js';

/** A sink that records everything, and lets a test wait for a condition instead of sleeping. */
export class RecordingSink implements ExecutionClientSink {
  events: VenueOrderEvent[] = [];
  statusReports: OrderStatusReport[] = [];
  fillReports: FillReport[] = [];
  positionReports: PositionStatusReport[] = [];
  states: Array<{ state: ConnectionState; reconnected?: boolean }> = [];
  malformed: Array<{ reason: string; raw?: string }> = [];
  private waiters: Array<() => void> = [];

  onOrderEvent(e: VenueOrderEvent): void {
    this.events.push(e);
    this.poke();
  }
  onOrderStatusReport(r: OrderStatusReport): void {
    this.statusReports.push(r);
    this.poke();
  }
  onFillReport(r: FillReport): void {
    this.fillReports.push(r);
    this.poke();
  }
  onPositionStatusReport(r: PositionStatusReport): void {
    this.positionReports.push(r);
    this.poke();
  }
  onConnectionState(state: ConnectionState, info?: { reconnected?: boolean }): void {
    this.states.push({ state, ...(info?.reconnected !== undefined ? { reconnected: info.reconnected } : {}) });
    this.poke();
  }
  onMalformed(d: { reason: string; raw?: string }): void {
    this.malformed.push(d);
    this.poke();
  }

  /** Resolves when `cond()` holds; fails after `ms` so a broken test does not hang. */
  until(cond: () => boolean, ms = 5000): Promise<void> {
    if (cond()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`condition not met within ${ms} ms`)), ms);
      const check = () => {
        if (!cond()) return this.waiters.push(check);
        clearTimeout(t);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  private poke(): void {
    const w = this.waiters.splice(0);
    for (const f of w) f();
  }
}

export function submitLimit(clientOrderId: string, side: 'BUY' | 'SELL', qty: string, price?: string): SubmitOrder {
  const order = {
    type: 'OrderInitialized' as const,
    eventId: `E-${clientOrderId}`,
    traderId: 'TRADER-001',
    strategyId: 'S-001',
    instrumentId: 'AUDUSD.SIM',
    clientOrderId,
    tsEvent: 0n,
    tsInit: 0n,
    side,
    orderType: price === undefined ? ('MARKET' as const) : ('LIMIT' as const),
    quantity: Quantity.from(qty),
    ...(price !== undefined ? { price: Price.from(price) } : {}),
    timeInForce: price === undefined ? ('IOC' as const) : ('GTC' as const),
    postOnly: false,
    reduceOnly: false,
    tags: [],
    contingencyType: 'NO_CONTINGENCY' as const,
    linkedOrderIds: [],
  };
  return { type: 'SubmitOrder', commandId: `C-${clientOrderId}`, traderId: 'TRADER-001', strategyId: 'S-001', instrumentId: 'AUDUSD.SIM', tsInit: 0n, clientOrderId, order };
}
