/**
 * The plain-JS ceiling for one order lifecycle: what this machine does when an order is nothing but a
 * small object. Create the order, keep it in a Map, look it up for each of three events (submitted,
 * accepted, filled), move a NETTING position with integer maths (quantities and prices as integer raw
 * values at a fixed scale), and call the strategy back. No decimals, no bus, no checks: the yardstick
 * keel's lifecycle is measured against in the same run.
 */
interface PlainOrder { id: string; side: 1 | -1; qty: number; filled: number; avgPxRaw: number; status: number; venueId: string }
interface PlainEvent { kind: number; id: string; venueId: string; qty: number; pxRaw: number }

const SUBMITTED = 1;
const ACCEPTED = 2;
const FILLED = 3;

export class PlainLifecycle {
  private readonly orders = new Map<string, PlainOrder>();
  private seq = 0;
  /** Signed position quantity and its average open price (raw integers at 1e5). */
  positionQty = 0;
  positionPxRaw = 0;
  callbacks = 0;

  run(n: number): void {
    for (let i = 0; i < n; i++) {
      const id = `O-${++this.seq}`;
      this.orders.set(id, { id, side: i % 2 === 0 ? 1 : -1, qty: 1000, filled: 0, avgPxRaw: 0, status: 0, venueId: '' });
      this.apply({ kind: SUBMITTED, id, venueId: '', qty: 0, pxRaw: 0 });
      this.apply({ kind: ACCEPTED, id, venueId: `V-${this.seq}`, qty: 0, pxRaw: 0 });
      this.apply({ kind: FILLED, id, venueId: `V-${this.seq}`, qty: 1000, pxRaw: 100_010 });
    }
  }

  private apply(e: PlainEvent): void {
    const o = this.orders.get(e.id);
    if (o === undefined) throw new Error(`unknown order ${e.id}`);
    o.status = e.kind;
    if (e.kind === ACCEPTED) o.venueId = e.venueId;
    if (e.kind !== FILLED) return;
    o.avgPxRaw = Math.round((o.avgPxRaw * o.filled + e.pxRaw * e.qty) / (o.filled + e.qty));
    o.filled += e.qty;
    const signed = o.side * e.qty;
    const next = this.positionQty + signed;
    if (this.positionQty === 0 || Math.sign(next) !== Math.sign(this.positionQty)) this.positionPxRaw = next === 0 ? 0 : e.pxRaw;
    else if (Math.abs(next) > Math.abs(this.positionQty)) this.positionPxRaw = Math.round((this.positionPxRaw * Math.abs(this.positionQty) + e.pxRaw * e.qty) / Math.abs(next));
    this.positionQty = next;
    this.onFilled(o);
  }

  private onFilled(o: PlainOrder): void {
    if (o.status === FILLED) this.callbacks += 1;
  }
}
