/** Views of orders and positions: one as label/value fields, many as a table. */
import { formatNs, plural, pnlTone, statusTone, text } from './format.js';
import type { OrderLike, PositionLike } from './kinds.js';
import { span, words, type Block, type Column, type Span, type View } from './model.js';

interface ColumnDef<T> {
  readonly label: string;
  readonly align?: 'left' | 'right';
  /** Optional columns are dropped when every row leaves them empty (no trigger column without stops). */
  readonly optional?: boolean;
  /** See `Column`: what goes first on a narrow terminal, and what may be shortened. */
  readonly drop?: number;
  readonly shrink?: boolean;
  readonly cell: (row: T) => Span;
}

/** Build a table block, dropping optional columns that are empty in every row. */
export function tableOf<T>(defs: readonly ColumnDef<T>[], rows: readonly T[]): Block {
  const cells = rows.map((r) => defs.map((d) => d.cell(r)));
  const keep = defs.map((d, i) => !d.optional || cells.some((row) => row[i]!.text !== ''));
  const columns: Column[] = defs.filter((_, i) => keep[i]).map((d) => ({
    label: d.label, align: d.align ?? 'left', ...(d.drop !== undefined ? { drop: d.drop } : {}), ...(d.shrink ? { shrink: true } : {}),
  }));
  return { kind: 'table', columns, rows: cells.map((row) => row.filter((_, i) => keep[i])) };
}

const plain = (v: unknown): Span => span(text(v));
const muted = (v: unknown): Span => span(text(v), 'muted');

/** Filled quantity is only worth a colour once something filled. */
function filledSpan(o: OrderLike): Span {
  const s = text(o.filledQty);
  return span(s, /^0*(\.0*)?$/.test(s) ? 'muted' : 'ok');
}

const CLOSING = new Set(['OrderCanceled', 'OrderRejected', 'OrderDenied', 'OrderExpired']);

/** Why an order closed, from its closing event: the venue's or keel's reason, and whether keel inferred it. */
function closeReason(o: OrderLike): string {
  if (!Array.isArray(o.events)) return '';
  const last = [...(o.events as { type?: unknown; reason?: unknown; local?: unknown }[])].reverse().find((e) => CLOSING.has(String(e.type)));
  if (!last) return '';
  const reason = typeof last.reason === 'string' ? last.reason : last.type === 'OrderExpired' ? 'EXPIRED' : '';
  const local = typeof last.local === 'string' ? `keel: ${last.local}` : '';
  return [reason, local].filter(Boolean).join(', ');
}

function tagsText(tags: unknown): string {
  return Array.isArray(tags) ? tags.map(text).join(',') : text(tags);
}

const ORDER_COLUMNS: readonly ColumnDef<OrderLike>[] = [
  { label: 'client order id', shrink: true, cell: (o) => span(o.clientOrderId, 'neutral', { strong: true }) },
  { label: 'venue order id', optional: true, drop: 3, cell: (o) => muted(o.venueOrderId) },
  { label: 'strategy', drop: 6, shrink: true, cell: (o) => plain(o.strategyId) },
  { label: 'instrument', shrink: true, cell: (o) => plain(o.instrumentId) },
  { label: 'side', cell: (o) => plain(o.side) },
  { label: 'type', cell: (o) => plain(o.type) },
  { label: 'quantity', align: 'right', cell: (o) => plain(o.quantity) },
  { label: 'filled', align: 'right', cell: filledSpan },
  { label: 'avg px', align: 'right', optional: true, drop: 5, cell: (o) => plain(o.avgPx) },
  { label: 'price', align: 'right', optional: true, cell: (o) => plain(o.price) },
  { label: 'trigger', align: 'right', optional: true, cell: (o) => plain(o.triggerPrice) },
  { label: 'tif', drop: 4, cell: (o) => plain(o.timeInForce) },
  { label: 'status', cell: (o) => span(text(o.status), statusTone(o.status)) },
  { label: 'why', optional: true, drop: 3, shrink: true, cell: (o) => muted(o.isOpen === true ? '' : closeReason(o)) },
  { label: 'list', optional: true, drop: 2, shrink: true, cell: (o) => muted(listText(o)) },
  { label: 'tags', optional: true, drop: 1, cell: (o) => muted(tagsText(o.tags)) },
];

/** 'OL-1 OUO' for orders in a contingent list. */
function listText(o: OrderLike): string {
  const contingency = text(o.contingencyType);
  const c = contingency === 'NO_CONTINGENCY' ? '' : contingency;
  return [text(o.orderListId), c].filter((s) => s !== '').join(' ');
}

export function ordersView(orders: readonly OrderLike[]): View {
  const open = orders.filter((o) => o.isOpen === true).length;
  return {
    subject: 'Orders',
    blocks: [
      words(span('Orders', 'neutral', { strong: true }), span(`${orders.length} (${open} open)`, 'muted')),
      tableOf(ORDER_COLUMNS, orders),
    ],
  };
}

export function orderView(o: OrderLike): View {
  const fields: { label: string; value: Span[] }[] = [];
  const add = (label: string, value: Span): void => {
    if (value.text !== '') fields.push({ label, value: [value] });
  };
  add('venue order id', plain(o.venueOrderId));
  add('strategy', plain(o.strategyId));
  add('instrument', plain(o.instrumentId));
  add('side', plain(o.side));
  add('type', plain(o.type));
  add('quantity', plain(o.quantity));
  add('filled', filledSpan(o));
  add('leaves', plain(o.leavesQty));
  add('avg px', plain(o.avgPx));
  add('price', plain(o.price));
  add('trigger', plain(o.triggerPrice));
  add('time in force', plain(o.timeInForce));
  if (o.expireTime !== undefined && o.expireTime !== null) add('expires', plain(formatNs(o.expireTime)));
  add('list', plain(listText(o)));
  add('parent', plain(o.parentOrderId));
  add('linked', plain(o.linkedOrderIds));
  add('position', plain(o.positionId));
  add('tags', plain(tagsText(o.tags)));
  if (o.isOpen !== true) add('closed because', plain(closeReason(o)));
  if (Array.isArray(o.events) && o.events.length > 0) {
    const last = text((o.events[o.events.length - 1] as { type?: unknown } | undefined)?.type);
    add('events', span(`${plural(o.events.length, 'event')}, last ${last}`, 'muted'));
  }
  return {
    subject: 'Order',
    blocks: [
      words(
        span('Order', 'neutral', { strong: true }),
        span(o.clientOrderId, 'neutral', { strong: true }),
        span(text(o.status), statusTone(o.status)),
        span(o.isOpen === true ? 'open' : o.isOpen === false ? 'closed' : '', 'muted'),
      ),
      { kind: 'fields', fields },
    ],
  };
}

function positionOpen(p: PositionLike): Span {
  if (p.isOpen === true) return span('open', 'ok');
  if (p.isOpen === false) return span('closed', 'muted');
  return span('');
}

const POSITION_COLUMNS: readonly ColumnDef<PositionLike>[] = [
  { label: 'position id', shrink: true, cell: (p) => span(text(p.id), 'neutral', { strong: true }) },
  { label: 'instrument', drop: 2, shrink: true, cell: (p) => plain(p.instrumentId) },
  { label: 'strategy', drop: 1, shrink: true, cell: (p) => plain(p.strategyId) },
  { label: 'side', cell: (p) => span(text(p.side), text(p.side) === 'FLAT' ? 'muted' : 'neutral') },
  { label: 'quantity', align: 'right', cell: (p) => plain(p.quantity) },
  { label: 'avg px open', align: 'right', cell: (p) => plain(p.avgPxOpen) },
  { label: 'realized pnl', align: 'right', cell: (p) => span(text(p.realizedPnl), pnlTone(p.realizedPnl)) },
  { label: 'state', cell: positionOpen },
];

export function positionsView(positions: readonly PositionLike[]): View {
  const open = positions.filter((p) => p.isOpen === true).length;
  return {
    subject: 'Positions',
    blocks: [
      words(span('Positions', 'neutral', { strong: true }), span(`${positions.length} (${open} open)`, 'muted')),
      tableOf(POSITION_COLUMNS, positions),
    ],
  };
}

export function positionView(p: PositionLike): View {
  const fields: { label: string; value: Span[] }[] = [];
  const add = (label: string, value: Span): void => {
    if (value.text !== '') fields.push({ label, value: [value] });
  };
  add('instrument', plain(p.instrumentId));
  add('strategy', plain(p.strategyId));
  add('side', plain(p.side));
  add('quantity', plain(p.quantity));
  add('signed qty', plain(p.signedQty));
  add('avg px open', plain(p.avgPxOpen));
  add('realized pnl', span(text(p.realizedPnl), pnlTone(p.realizedPnl)));
  return {
    subject: 'Position',
    blocks: [
      words(span('Position', 'neutral', { strong: true }), span(text(p.id), 'neutral', { strong: true }), positionOpen(p)),
      { kind: 'fields', fields },
    ],
  };
}
