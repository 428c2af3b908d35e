import type { SandboxVenue } from 'keel/sandbox';

/**
 * Seed an account's history fast: `orders` AUDUSD.SIM orders alternating BUY / SELL (so the account ends
 * flat), each filled by `fillsPerOrder` fills of 100: FILLED, except one in a hundred twice as large and left
 * PARTIALLY_FILLED (the open orders a restarting node must find). Timestamps are in the past, one order per millisecond.
 */
export function seedBigHistory(venue: SandboxVenue, opts: { orders: number; fillsPerOrder: number }): { orders: number; fills: number } {
  const base = 1_600_000_000_000_000_000n;
  let fills = 0;
  let net = 0;
  for (let i = 0; i < opts.orders; i++) {
    const open = i % 100 === 99;
    const side = i % 2 === 0 ? 'BUY' : 'SELL';
    const ts = base + BigInt(i) * 1_000_000n;
    const n = opts.fillsPerOrder;
    venue.controls.seedOrder({
      instrumentId: 'AUDUSD.SIM', venueOrderId: `H-${i}`, clientOrderId: `HIST-${i}`, side, type: 'LIMIT',
      quantity: String(100 * n * (open ? 2 : 1)), price: '1.00000', status: open ? 'PARTIALLY_FILLED' : 'FILLED', tsAccepted: ts, tsLast: ts + BigInt(n),
      fills: Array.from({ length: n }, (_, k) => ({ tradeId: `HT-${i}-${k}`, quantity: '100', price: '1.00000', commission: '0.02', tsEvent: ts + BigInt(k + 1) })),
    });
    fills += n;
    net += (side === 'BUY' ? 1 : -1) * 100 * opts.fillsPerOrder;
  }
  if (net !== 0) venue.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: net > 0 ? 'LONG' : 'SHORT', quantity: String(Math.abs(net)), avgPxOpen: '1.00000' });
  return { orders: opts.orders, fills };
}
