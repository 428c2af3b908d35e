import type { Tally } from './account-funds.js';

/**
 * Each account's commitments (locked by open orders, margin held by positions), kept between engine calls.
 * Without it every arriving order re-summed every open order of its account: 5,000 resting orders cost
 * 12.5 M commitment sums (seconds), which held the venue's socket long enough to stall a burst.
 *
 * The tally is valid for one `epoch`. The engine touches the ledger whenever anything the tally reads
 * changes: an order event (accept, fill, cancel, expiry, modify, trigger: each is emitted), a quote (the
 * price of orders without one), seeding. The one shortcut: an order accepted to rest, with nothing else
 * touched since the tally was made, is added to it instead of re-summing all (positions did not move, so
 * no other order's commitment changed). Anything else recomputes from scratch on the next read.
 */
export class FundsLedger {
  private epoch = 0;
  private readonly memo = new Map<string, { epoch: number; tally: Tally }>();

  /** Something the tallies read changed. */
  touch(): void {
    this.epoch += 1;
  }

  get now(): number {
    return this.epoch;
  }

  tally(accountId: string, compute: () => Tally): Tally {
    const m = this.memo.get(accountId);
    if (m !== undefined && m.epoch === this.epoch) return m.tally;
    const tally = compute();
    this.memo.set(accountId, { epoch: this.epoch, tally });
    return tally;
  }

  /**
   * A new order was accepted to rest (one touch since `before`, its OrderAccepted): add it to a tally made
   * at `before`. Otherwise the tally is stale and left to be recomputed.
   */
  accepted(accountId: string, before: number, add: (tally: Tally) => void): void {
    const m = this.memo.get(accountId);
    if (m === undefined || m.epoch !== before || this.epoch !== before + 1) return;
    add(m.tally);
    m.epoch = this.epoch;
  }
}
