import { performance } from 'node:perf_hooks';
import { bench, describe } from 'vitest';
import { Money, Order, Position } from '../src/engine/index.js';
import { BUILTIN_INSTRUMENTS } from '../src/engine/model/instruments.js';
import * as events from '../src/engine/model/event-factory.js';

/**
 * Model throughput: order lifecycles (OrderInitialized → submitted → accepted → partial fill → fill,
 * built with the event factory and applied) and position updates (alternating increases and reductions,
 * with a flip every cycle). Besides vitest's hz, logs `order events/s: N` and `position fills/s: N`.
 * Run: npx vitest bench --run bench/model.bench.ts
 */
const AUDUSD = BUILTIN_INSTRUMENTS.find((i) => i.id === 'AUDUSD.SIM')!;
const COMMISSION = Money.from('0.10', 'USD');
let seq = 0;

/** One lifecycle; returns the number of events applied (the OrderInitialized counts as one). */
function lifecycle(): number {
  seq += 1;
  const order = Order.create(
    events.orderInitialized({
      traderId: 'TRADER-001',
      strategyId: 'B-001',
      instrumentId: 'AUDUSD.SIM',
      clientOrderId: `O-${seq}`,
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: '100000',
      price: '1.00000',
      tsInit: 1n,
    }),
  );
  order.apply(events.orderSubmitted(order, 2n));
  order.apply(events.orderAccepted(order, `V-${seq}`, 3n));
  order.apply(events.orderFilled(order, { tradeId: `T-${seq}-1`, lastQty: '40000', lastPx: '1.00000', commission: COMMISSION }, 4n));
  order.apply(events.orderFilled(order, { tradeId: `T-${seq}-2`, lastQty: '60000', lastPx: '1.00010', commission: COMMISSION }, 5n));
  return 5;
}

const fillRef = { traderId: 'TRADER-001', strategyId: 'B-001', instrumentId: 'AUDUSD.SIM', clientOrderId: 'O-P', venueOrderId: 'V-P', type: 'MARKET' as const };
const SIZES = ['100000', '50000', '150000', '30000'] as const;
function positionFills(count: number) {
  return Array.from({ length: count }, (_, i) =>
    events.orderFilled(
      { ...fillRef, side: i % 2 === 0 ? 'BUY' : 'SELL' },
      { tradeId: `PT-${seq}-${i}`, lastQty: SIZES[i % SIZES.length]!, lastPx: i % 3 === 0 ? '1.00000' : '1.00013', commission: COMMISSION },
      BigInt(i + 1),
    ),
  );
}

function measure(label: string, run: () => number, ms = 300): void {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) n += run();
  const perSec = Math.round((n * 1000) / (performance.now() - start));
  console.log(`${label}: ${perSec}`);
}

describe('order model', () => {
  measure('order events/s', () => {
    let n = 0;
    for (let i = 0; i < 100; i++) n += lifecycle();
    return n;
  });
  bench('order lifecycle (5 events, factory + apply)', () => {
    lifecycle();
  });
});

describe('position model', () => {
  const fills = positionFills(1000);
  measure('position fills/s', () => {
    seq += 1;
    const position = Position.open(AUDUSD, fills[0]!, 'P-1');
    for (let i = 1; i < fills.length; i++) position.apply(fills[i]!);
    return fills.length;
  });
  bench('position: 1000 fills (increase, reduce, flip)', () => {
    const position = Position.open(AUDUSD, fills[0]!, 'P-1');
    for (let i = 1; i < fills.length; i++) position.apply(fills[i]!);
  });
});
