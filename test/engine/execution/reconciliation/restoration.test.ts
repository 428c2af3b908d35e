import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../../src/engine/execution/reconciliation/apply.js';
import * as ev from '../../../../src/engine/model/event-factory.js';
import { ACCOUNT, Book, NOW, cacheOrder, fillReport, mass, orderReport, plan } from './fixtures.js';

/** Issue 11 item 1, the planner's part: locally resolved orders are restored by venue reports; real closes are not. */
/** `local` null: the venue itself rejected it (no local basis). */
function locallyRejected(book: Book, local: 'VENUE_NO_ANSWER' | 'VENUE_UNKNOWN_ORDER' | null = 'VENUE_NO_ANSWER') {
  const o = cacheOrder(book, { clientOrderId: 'O-1', status: 'SUBMITTED' });
  const rejected = ev.orderRejected(o, 'INFLIGHT_TIMEOUT', NOW - 6_000n);
  book.applyEvent(local === null ? rejected : { ...rejected, local });
  return o;
}

describe('restoring locally resolved orders', () => {
  it('fills without an order report (position check, fill events): a partial fill of a locally REJECTED order restores it PARTIALLY_FILLED', () => {
    const book = new Book();
    const o = locallyRejected(book);
    const result = applyPlan(plan(book, mass({ fills: [fillReport({ tradeId: 'T-1', venueOrderId: 'V-1', clientOrderId: 'O-1', qty: '4000', px: '1.00000' })] })), book);
    expect(result.success).toBe(true);
    expect([o.status, o.filledQty.toString(), o.venueOrderId]).toEqual(['PARTIALLY_FILLED', '4000', 'V-1']);
    expect(o.events.slice(-2).map((e) => e.type)).toEqual(['OrderAccepted', 'OrderFilled']);
    expect(book.net('AUDUSD.SIM')).toBe('4000');
  });

  it('a venue report CANCELED with fills for a locally REJECTED order: accepted, filled, then canceled as the venue says', () => {
    const book = new Book();
    const o = locallyRejected(book);
    const result = applyPlan(plan(book, mass({
      orders: [orderReport({ clientOrderId: 'O-1', venueOrderId: 'V-1', status: 'CANCELED', filledQty: '2000', avgPx: '1.00000' })],
      fills: [fillReport({ tradeId: 'T-1', venueOrderId: 'V-1', qty: '2000', px: '1.00000' })],
    })), book);
    expect(result.items[0]!.outcome).toBe('UPDATED');
    expect([o.status, o.filledQty.toString(), o.localClose]).toEqual(['CANCELED', '2000', undefined]);
  });

  it('an order the venue itself rejected is not reopened by a report that says ACCEPTED: the row FAILS, never MATCHED', () => {
    const book = new Book();
    const o = locallyRejected(book, null);
    const p = plan(book, mass({ orders: [orderReport({ clientOrderId: 'O-1', venueOrderId: 'V-1', status: 'ACCEPTED' })] }));
    expect([p.items[0]!.outcome, p.steps.length]).toEqual(['FAILED', 0]);
    expect(p.items[0]!.reason).toBe(
      "keel holds REJECTED (closed by the venue's own event), the venue reports ACCEPTED: the two disagree and no event can move the order; left unchanged",
    );
    expect(o.status).toBe('REJECTED');
  });

  it('a venue REJECTED report for a locally REJECTED order agrees: nothing to do', () => {
    const book = new Book();
    locallyRejected(book, 'VENUE_UNKNOWN_ORDER');
    const p = plan(book, mass({ orders: [orderReport({ clientOrderId: 'O-1', venueOrderId: 'V-1', status: 'REJECTED', reason: 'X' })] }));
    expect([p.items[0]!.outcome, p.steps.length]).toEqual(['MATCHED', 0]);
  });

  it('replaying the events (journal) keeps the local close, so a restart can still restore the order', () => {
    const book = new Book();
    const o = locallyRejected(book);
    expect(o.localClose?.local).toBe('VENUE_NO_ANSWER');
    const again = new Book();
    const copy = cacheOrder(again, { clientOrderId: 'O-1', status: 'SUBMITTED' });
    again.applyEvent({ ...o.lastEvent, accountId: ACCOUNT } as Parameters<Book['applyEvent']>[0]);
    expect([copy.status, copy.localClose?.type, copy.localClose?.local]).toEqual(['REJECTED', 'OrderRejected', 'VENUE_NO_ANSWER']);
  });
});
