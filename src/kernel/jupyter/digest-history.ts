/**
 * Signatures of the messages the kernel accepted recently. A message captured off the wire and sent
 * again byte for byte carries a valid signature, so HMAC alone would run it twice (a second order);
 * like jupyter_client's Session (a bounded deque of digests, 2^16 by default), the kernel refuses a
 * signature it has already seen. Bounded: the oldest are forgotten first, so memory stays flat.
 */
export const DIGEST_HISTORY_SIZE = 2 ** 16;

export class DigestHistory {
  private readonly seen = new Set<string>();
  private readonly order: string[] = [];
  private next = 0;

  constructor(private readonly size: number = DIGEST_HISTORY_SIZE) {}

  /** Records `digest`; false when it was already there (a replay). */
  add(digest: string): boolean {
    if (this.seen.has(digest)) return false;
    if (this.order.length < this.size) {
      this.order.push(digest);
    } else {
      // A ring: overwrite the oldest.
      this.seen.delete(this.order[this.next]!);
      this.order[this.next] = digest;
      this.next = (this.next + 1) % this.size;
    }
    this.seen.add(digest);
    return true;
  }

  get length(): number {
    return this.seen.size;
  }
}
