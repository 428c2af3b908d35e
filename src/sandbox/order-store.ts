import { OpenOrders } from './open-orders.js';
import type { WireFill, WireOrderReport } from '../engine/venue/sandbox/protocol/messages.js';
import { type VenueFill, type VenueOrder, fillReport, isOpen, orderReport } from './venue-order.js';

export interface OrderRef {
  readonly clientOrderId?: string | undefined;
  readonly venueOrderId?: string | undefined;
}

/**
 * Everything the venue remembers about orders: every order it ever accepted or rejected, every fill,
 * the open-order index, and the id sequences. Kept for the venue's lifetime (restarts included) so
 * report queries answer correctly after a client disconnects.
 */
export class OrderStore {
  readonly orders = new Map<string, VenueOrder>();
  readonly fills: VenueFill[] = [];
  readonly open = new OpenOrders();
  /** accountId → its orders, oldest first (append-only: page cursors are indexes into it). */
  private readonly byAccount = new Map<string, VenueOrder[]>();
  /** venueOrderId → its fills, oldest first (append-only: a cursor may point inside one order's fills). */
  private readonly fillsByOrder = new Map<string, VenueFill[]>();
  /** accountId → clientOrderId → order (nested rather than a joined key: no string built per lookup). */
  private readonly byClientId = new Map<string, Map<string, VenueOrder>>();
  private orderSeq = 0;
  /** An order registered with a `V-…` id this store did not issue (seeded): only then can the next id collide. */
  private foreignIds = false;
  private lastIssued = '';
  private tradeSeq = 0;
  private prioritySeq = 0;

  register(o: VenueOrder): void {
    if (!this.foreignIds && o.venueOrderId !== this.lastIssued && o.venueOrderId.startsWith('V-')) this.foreignIds = true;
    this.orders.set(o.venueOrderId, o);
    let history = this.byAccount.get(o.accountId);
    if (history === undefined) this.byAccount.set(o.accountId, (history = []));
    history.push(o);
    if (o.clientOrderId !== undefined) {
      let ofAccount = this.byClientId.get(o.accountId);
      if (ofAccount === undefined) this.byClientId.set(o.accountId, (ofAccount = new Map()));
      ofAccount.set(o.clientOrderId, o);
    }
    if (isOpen(o)) this.open.add(o);
  }

  addFill(f: VenueFill): void {
    this.fills.push(f);
    let list = this.fillsByOrder.get(f.venueOrderId);
    if (list === undefined) this.fillsByOrder.set(f.venueOrderId, (list = []));
    list.push(f);
  }

  /** An account's orders, oldest first (do not mutate). */
  accountOrders(accountId: string): readonly VenueOrder[] {
    return this.byAccount.get(accountId) ?? [];
  }

  /** One order's fills, oldest first (do not mutate). */
  fillsOf(venueOrderId: string): readonly VenueFill[] {
    return this.fillsByOrder.get(venueOrderId) ?? [];
  }

  byClient(accountId: string, clientOrderId: string): VenueOrder | undefined {
    return this.byClientId.get(accountId)?.get(clientOrderId);
  }

  find(accountId: string, ref: OrderRef): VenueOrder | undefined {
    if (ref.venueOrderId !== undefined) {
      const o = this.orders.get(ref.venueOrderId);
      return o && o.accountId === accountId ? o : undefined;
    }
    return ref.clientOrderId !== undefined ? this.byClient(accountId, ref.clientOrderId) : undefined;
  }

  nextVenueOrderId(): string {
    if (!this.foreignIds) return (this.lastIssued = `V-${++this.orderSeq}`);
    let id: string;
    do id = `V-${++this.orderSeq}`;
    while (this.orders.has(id));
    return id;
  }
  nextTradeId(): string {
    return `T-${++this.tradeSeq}`;
  }
  nextPriority(): number {
    return ++this.prioritySeq;
  }

  orderReports(accountId: string, f: { instrumentId?: string | undefined; openOnly?: boolean; start?: bigint | undefined }): WireOrderReport[] {
    const out: WireOrderReport[] = [];
    for (const o of this.orders.values()) {
      if (o.accountId !== accountId || (f.instrumentId !== undefined && o.instrumentId !== f.instrumentId)) continue;
      if ((f.openOnly && !isOpen(o)) || (f.start !== undefined && o.tsLast < f.start)) continue;
      out.push(orderReport(o));
    }
    return out;
  }

  fillReports(accountId: string, f: { instrumentId?: string | undefined; venueOrderId?: string | undefined; start?: bigint | undefined }): WireFill[] {
    return this.fills
      .filter((x) => x.accountId === accountId && (f.instrumentId === undefined || x.instrumentId === f.instrumentId))
      .filter((x) => (f.venueOrderId === undefined || x.venueOrderId === f.venueOrderId) && (f.start === undefined || x.tsEvent >= f.start))
      .map(fillReport);
  }
}
