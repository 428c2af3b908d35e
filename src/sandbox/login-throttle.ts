/**
 * Failed logins are throttled per (remote address, API key): after LOGIN_MAX_FAILURES refusals within
 * LOGIN_FAILURE_WINDOW_MS, further logins for that key from that address are refused with LOGIN_THROTTLED
 * (without checking the signature) until the window has passed. Keyed by address *and* key so a guesser
 * cannot lock the rightful owner of a key out from another address, and one client's typo does not lock
 * the other clients of one host; unknown keys share one key per address ('*'), so guessing keys is
 * throttled too. The table is bounded (oldest entries go first), so a flood of addresses cannot grow it.
 */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_FAILURE_WINDOW_MS = 60_000;
const MAX_ENTRIES = 10_000;
const NS_PER_MS = 1_000_000n;

interface Entry {
  failures: number;
  windowStart: bigint;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  /** Logins refused because of the throttle, since the venue started. */
  throttled = 0;

  /** Whether a login for `apiKey` from `address` may be checked now. */
  allows(address: string, apiKey: string, now: bigint): boolean {
    const e = this.current(address, apiKey, now);
    if (e === undefined || e.failures < LOGIN_MAX_FAILURES) return true;
    this.throttled += 1;
    return false;
  }

  /** Record a refused login (bad signature, unknown key, stale timestamp, reused nonce). */
  fail(address: string, apiKey: string, now: bigint): void {
    const k = `${address}|${apiKey}`;
    const e = this.current(address, apiKey, now);
    if (e !== undefined) {
      e.failures += 1;
      return;
    }
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(k, { failures: 1, windowStart: now });
  }

  /** Milliseconds until `apiKey` may log in again from `address` (for the refusal's message). */
  retryAfterMs(address: string, apiKey: string, now: bigint): number {
    const e = this.entries.get(`${address}|${apiKey}`);
    if (e === undefined) return 0;
    return Math.max(0, Number((e.windowStart + BigInt(LOGIN_FAILURE_WINDOW_MS) * NS_PER_MS - now) / NS_PER_MS));
  }

  private current(address: string, apiKey: string, now: bigint): Entry | undefined {
    const k = `${address}|${apiKey}`;
    const e = this.entries.get(k);
    if (e !== undefined && now - e.windowStart >= BigInt(LOGIN_FAILURE_WINDOW_MS) * NS_PER_MS) {
      this.entries.delete(k);
      return undefined;
    }
    return e;
  }
}
