import type { OrderStore } from './order-store.js';
import type { WirePosition } from '../engine/venue/sandbox/protocol/messages.js';
import { MAX_PAGE_ITEMS } from '../engine/venue/sandbox/protocol/messages.js';
import { fillReport, isOpen, orderReport } from './venue-order.js';

/**
 * Paging of every list answer (`mass_status`, `query_orders`, `query_fills`, `query_positions`): an
 * account's history can be far larger than one frame, so an answer carries at most `limit` items and at
 * most `budgetBytes` of them, plus a cursor to the rest (docs/venue-protocol.md, "Paged answers").
 *
 * The walk is: for each of the account's orders, oldest first, its fills (oldest first) then its own
 * report; then the positions. Orders and each order's fills are append-only, so a cursor is a position in
 * that walk (`o:<order index>:<fill index>` or `p:<position index>`) and stays valid while the venue
 * trades: orders placed meanwhile appear on later pages, and an order's report is always read after
 * every fill of it that the same answer carries (a report never claims fills its page set lacks).
 * Items are JSON text already, so the frame is never serialized twice.
 */
export interface PageRequest {
  readonly accountId: string;
  readonly include: { readonly orders: boolean; readonly fills: boolean; readonly positions: boolean };
  readonly instrumentId?: string | undefined;
  readonly venueOrderId?: string | undefined;
  readonly openOnly?: boolean | undefined;
  readonly start?: bigint | undefined;
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

export interface Page {
  readonly orders: string[];
  readonly fills: string[];
  readonly positions: string[];
  /** Absent on the last page. */
  readonly nextCursor?: string;
}

export type PageResult =
  | { readonly ok: true; readonly page: Page }
  | { readonly ok: false; readonly code: 'CURSOR_INVALID' | 'ANSWER_TOO_LARGE'; readonly message: string };

const CURSOR = /^(?:o:(\d{1,9}):(\d{1,9})|p:(\d{1,9}))$/;

export function buildPage(store: OrderStore, positions: () => readonly WirePosition[], req: PageRequest, budgetBytes: number): PageResult {
  const m = req.cursor === undefined ? ['', '0', '0', undefined] : CURSOR.exec(req.cursor);
  if (m === null) return { ok: false, code: 'CURSOR_INVALID', message: `expected a cursor from a previous answer's nextCursor (o:<n>:<n> or p:<n>), received '${req.cursor}'` };
  const limit = Math.min(req.limit ?? MAX_PAGE_ITEMS, MAX_PAGE_ITEMS);
  const page = { orders: [] as string[], fills: [] as string[], positions: [] as string[] };
  let items = 0;
  let used = 0;
  let tooLarge: number | undefined;
  /** Add one item; false when the page is full (the caller stops and returns its cursor). */
  const add = (list: string[], json: string): boolean => {
    const bytes = Buffer.byteLength(json, 'utf8') + 1;
    if (items >= limit || used + bytes > budgetBytes) {
      if (items === 0) tooLarge = bytes;
      return false;
    }
    list.push(json);
    items += 1;
    used += bytes;
    return true;
  };
  const full = (nextCursor: string): PageResult => {
    if (tooLarge !== undefined) {
      return { ok: false, code: 'ANSWER_TOO_LARGE', message: `expected each item to fit in one page of ${budgetBytes} bytes, received one of ${tooLarge} bytes at ${nextCursor}` };
    }
    return { ok: true, page: { ...page, nextCursor } };
  };

  if (m[3] === undefined) {
    const orders = req.venueOrderId !== undefined ? oneOrder(store, req.accountId, req.venueOrderId) : store.accountOrders(req.accountId);
    let i = Number(m[1]);
    let k = Number(m[2]);
    for (; i < orders.length; i++, k = 0) {
      const o = orders[i]!;
      if (req.instrumentId !== undefined && o.instrumentId !== req.instrumentId) continue;
      if (req.include.fills) {
        const fills = store.fillsOf(o.venueOrderId);
        for (; k < fills.length; k++) {
          const f = fills[k]!;
          if (req.start !== undefined && f.tsEvent < req.start) continue;
          if (!add(page.fills, JSON.stringify(fillReport(f)))) return full(`o:${i}:${k}`);
        }
      }
      if (!req.include.orders || (req.openOnly === true && !isOpen(o)) || (req.start !== undefined && o.tsLast < req.start)) continue;
      // k: past every fill read so far; a resumed page re-reads fills appended since, then this report.
      if (!add(page.orders, JSON.stringify(orderReport(o)))) return full(`o:${i}:${store.fillsOf(o.venueOrderId).length}`);
    }
  }
  if (req.include.positions) {
    const list = positions();
    for (let j = m[3] === undefined ? 0 : Number(m[3]); j < list.length; j++) {
      if (!add(page.positions, JSON.stringify(list[j]))) return full(`p:${j}`);
    }
  }
  return { ok: true, page };
}

function oneOrder(store: OrderStore, accountId: string, venueOrderId: string) {
  const o = store.orders.get(venueOrderId);
  return o !== undefined && o.accountId === accountId ? [o] : [];
}
