/**
 * The public sandbox: what `npm start` embeds and what `keel venue` runs when given no flags: the same market as `npm start`'s embedded venue (the
 * recorded BTC perpetual bars replayed on BTCUSDT-PERP.SIM) and one demo account whose keys are public
 * (a sandbox, no money), so a promoted node can trade against it exactly as the README shows.
 */
import type { FeedConfig } from '../sandbox/index.js';

export const SANDBOX_DEMO_ACCOUNT = { apiKey: 'keel-demo', apiSecret: 'keel-demo-secret', balances: { USDT: '1000000', USD: '1000000' } } as const;
export const SANDBOX_DEMO_INSTRUMENT = 'BTCUSDT-PERP.SIM';
/** One recorded one-minute bar per second of wall time. */
export const SANDBOX_DEFAULT_SPEED = 60;
export const SANDBOX_DEFAULT_PORT = 8787;
export const SANDBOX_DEFAULT_URL = `ws://127.0.0.1:${SANDBOX_DEFAULT_PORT}`;

export function defaultFeed(speed = SANDBOX_DEFAULT_SPEED): FeedConfig {
  return { kind: 'replay', source: 'btc-perp-1m', instrumentId: SANDBOX_DEMO_INSTRUMENT, speed, loop: true };
}
