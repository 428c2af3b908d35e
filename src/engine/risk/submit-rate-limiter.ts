import type { SubmitRate } from '../config/risk-engine-config.js';

/** A sliding window over the clock: at most `count` submits in any `intervalNs`. */
export class SubmitRateLimiter {
  private readonly times: bigint[] = [];
  private head = 0;

  constructor(private rate: SubmitRate) {}

  setRate(rate: SubmitRate): void {
    this.rate = rate;
  }

  get limit(): SubmitRate {
    return this.rate;
  }

  /** Submits counted in the window ending at `nowNs`. */
  countAt(nowNs: bigint): number {
    this.evict(nowNs);
    return this.times.length - this.head;
  }

  /** Record a submit at `nowNs` if the window has room; false (nothing recorded) when it is full. */
  tryAcquire(nowNs: bigint): boolean {
    if (this.countAt(nowNs) >= this.rate.count) return false;
    this.times.push(nowNs);
    return true;
  }

  private evict(nowNs: bigint): void {
    const cutoff = nowNs - this.rate.intervalNs;
    while (this.head < this.times.length && this.times[this.head]! <= cutoff) this.head += 1;
    // Compact now and then so the array does not grow for ever.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
  }
}
