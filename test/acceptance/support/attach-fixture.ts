/** What the attach tests share: cleanups run after each test, a strategy for the node folder, the keys' environment. */
import { afterEach } from 'vitest';

/** Cleanups registered during a test, run after it newest first (nodes before the venue they trade on). */
export function cleanupsAfterEach(): Array<() => unknown> {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return cleanups;
}

/** strategy.ts of a deployed node: a limit far below the market on every quote (it works until the node stops). */
export const BIDDER_STRATEGY = `import { Strategy, Quantity, Price } from 'keel';
export class Bidder extends Strategy {
  onStart() { this.subscribeQuotes('AUDUSD.SIM'); }
  onQuote() {
    this.submitOrder(this.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000'), price: Price.from('0.90000') }));
  }
}
`;

/** The venue's demo keys and the control endpoint's operator and read-only secrets, as `keel node run` reads them. */
export const CONTROL_ENV = { KEEL_SIM_API_KEY: 'k', KEEL_SIM_API_SECRET: 's', KEEL_CONTROL_SECRET: 'op-secret', KEEL_CONTROL_RO_SECRET: 'ro-secret' };
