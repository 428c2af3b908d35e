/**
 * The equity / PnL curve and where its points come from. The curve takes a provider, so a portfolio that
 * knows equity (marked to market, per currency) replaces the default without touching the renderers.
 *
 * The default provider, `realizedPnlFromFills`, derives realized PnL over time from the node's fills alone
 * (what a local cache and an attached mirror both hold): per instrument, average-cost accounting in
 * the instrument's price units (a multiplier of 1, true of the sandbox's linear contracts), net of each
 * fill's commission when its event carries one. Unrealized PnL is not in it: that needs prices the
 * portfolio owns.
 */
import type { EquityCurve, EquityPoint } from './chart-model.js';
import { nsToMs, toNumber } from './build-chart.js';

/** Where an equity curve's points come from; swap it for the portfolio's once it has one. */
export interface EquityProvider {
  /** The axis title: what the values are. */
  readonly label: string;
  points(): readonly EquityPoint[];
}

interface Fill {
  readonly ts: number;
  readonly instrumentId: string;
  readonly signed: number;
  readonly price: number;
  readonly commission: number;
}

type Rec = Readonly<Record<string, unknown>>;

function fillsOfOrders(orders: readonly unknown[]): Fill[] {
  const out: Fill[] = [];
  for (const o of orders as Rec[]) {
    if (typeof o !== 'object' || o === null || o['kind'] !== 'Order' || !Array.isArray(o['events'])) continue;
    const sign = o['side'] === 'BUY' ? 1 : o['side'] === 'SELL' ? -1 : 0;
    if (sign === 0) continue;
    for (const e of o['events'] as Rec[]) {
      if (e['type'] !== 'OrderFilled') continue;
      const ts = nsToMs(e['tsEvent']);
      const qty = toNumber(e['lastQty']);
      const price = toNumber(e['lastPx']);
      if (ts === undefined || qty === undefined || price === undefined) continue;
      out.push({ ts, instrumentId: String(o['instrumentId']), signed: sign * qty, price, commission: toNumber(e['commission']) ?? 0 });
    }
  }
  return out.sort((a, b) => a.ts - b.ts);
}

/** Realized PnL after each fill (average cost per instrument, net of commissions); starts at 0. */
export function realizedPnlSeries(orders: readonly unknown[]): EquityPoint[] {
  const book = new Map<string, { qty: number; avg: number }>();
  let realized = 0;
  const points: EquityPoint[] = [];
  for (const f of fillsOfOrders(orders)) {
    if (points.length === 0) points.push({ ts: f.ts, value: 0 });
    const pos = book.get(f.instrumentId) ?? { qty: 0, avg: 0 };
    const sameWay = pos.qty === 0 || Math.sign(pos.qty) === Math.sign(f.signed);
    if (sameWay) {
      const qty = pos.qty + f.signed;
      pos.avg = (Math.abs(pos.qty) * pos.avg + Math.abs(f.signed) * f.price) / Math.abs(qty);
      pos.qty = qty;
    } else {
      const closed = Math.min(Math.abs(f.signed), Math.abs(pos.qty));
      realized += closed * (f.price - pos.avg) * Math.sign(pos.qty);
      const qty = pos.qty + f.signed;
      // A fill that flips the position opens the remainder at its own price.
      if (qty !== 0 && Math.sign(qty) !== Math.sign(pos.qty)) pos.avg = f.price;
      pos.qty = Math.round(qty * 1e9) / 1e9;
    }
    book.set(f.instrumentId, pos);
    realized -= f.commission;
    points.push({ ts: f.ts, value: Math.round(realized * 1e8) / 1e8 });
  }
  return points;
}

/** The default provider: realized PnL from the fills of `orders()` (see the module comment). */
export function realizedPnlFromFills(orders: () => readonly unknown[]): EquityProvider {
  return { label: 'realized PnL (from fills)', points: () => realizedPnlSeries(orders()) };
}

export function buildEquityCurve(provider: EquityProvider, maxPoints = 500): EquityCurve {
  return { kind: 'EquityCurve', label: provider.label, points: provider.points().slice(-Math.max(2, maxPoints)) };
}
