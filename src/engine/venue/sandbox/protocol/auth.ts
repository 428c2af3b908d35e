import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Login signatures: hex HMAC-SHA256 of `${timestamp}.${nonce}` keyed with the API secret. The timestamp
 * (ns since the epoch, as a string) bounds replay in time; the nonce, remembered by the venue for the
 * skew window, stops replay within it.
 */
export function loginPayload(timestamp: string, nonce: string): string {
  return `${timestamp}.${nonce}`;
}

export function signLogin(apiSecret: string, timestamp: string, nonce: string): string {
  return createHmac('sha256', apiSecret).update(loginPayload(timestamp, nonce)).digest('hex');
}

export function verifyLogin(apiSecret: string, timestamp: string, nonce: string, signature: string): boolean {
  const expected = Buffer.from(signLogin(apiSecret, timestamp, nonce), 'hex');
  const received = Buffer.from(signature, 'hex');
  return received.length === expected.length && timingSafeEqual(expected, received);
}

export function newNonce(): string {
  return randomBytes(12).toString('hex');
}

/** A complete login frame for `apiKey` at `timestampNs` (what a client sends first). */
export function makeLoginFrame(apiKey: string, apiSecret: string, timestampNs: bigint, reqId = 'login') {
  const timestamp = timestampNs.toString();
  const nonce = newNonce();
  return { type: 'login' as const, reqId, apiKey, timestamp, nonce, signature: signLogin(apiSecret, timestamp, nonce) };
}
