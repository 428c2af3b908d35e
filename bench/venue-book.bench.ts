import { afterAll, bench, describe } from 'vitest';
import { Price } from '../src/engine/core/decimal.js';
import { InstrumentProvider } from '../src/engine/model/instruments.js';
import { WireOrderSpec } from '../src/engine/venue/sandbox/protocol/messages.js';
import { MatchingEngine } from '../src/sandbox/matching-engine.js';

/**
 * The sandbox venue's order book under depth: one order lifecycle (a quote, then a MARKET order
 * submitted → matched → accepted + filled) against an empty book, and against a book holding 10,000
 * resting orders far from the touch (limits on both sides over 1,000 price levels, plus stops on both
 * sides), measured in the same run. The figure that matters is the ratio deep / empty (goal ≤ 1.2×):
 * a real book costs the same whatever rests far away. The resting orders belong to other participants
 * (account B); a second deep case puts them on the trader's own account, which also prices the venue's
 * funds tally (every open order of the account commits balance).
 *   npx vitest bench --run bench/venue-book.bench.ts
 */
const AUD = 'AUDUSD.SIM';
const LIFECYCLES = 200;
const RESTING = 10_000;

function engineWith(resting: 'none' | 'other' | 'own'): { engine: MatchingEngine; lifecycle: () => void } {
  const balances = { USD: '1000000000' };
  const engine = new MatchingEngine(new InstrumentProvider(), [
    { accountId: 'A', apiKey: 'k', apiSecret: 's', omsType: 'NETTING', balances },
    { accountId: 'B', apiKey: 'kb', apiSecret: 'sb', omsType: 'NETTING', balances },
  ]);
  engine.setQuote(AUD, { bid: Price.from('1.00000'), ask: Price.from('1.00010') }, 1n);
  const owner = resting === 'own' ? 'A' : 'B';
  if (resting !== 'none') {
    for (let i = 0; i < RESTING; i++) {
      const level = (i % 1000) * 0.0001;
      const kind = i % 10;
      const spec =
        kind < 4 ? { side: 'BUY', orderType: 'LIMIT', price: (0.8 - level).toFixed(5) }
        : kind < 8 ? { side: 'SELL', orderType: 'LIMIT', price: (1.2 + level).toFixed(5) }
        : kind === 8 ? { side: 'BUY', orderType: 'STOP_MARKET', triggerPrice: (1.3 + level).toFixed(5) }
        : { side: 'SELL', orderType: 'STOP_MARKET', triggerPrice: (0.7 - level).toFixed(5) };
      engine.submit(owner, WireOrderSpec.parse({ clientOrderId: `R-${i}`, instrumentId: AUD, quantity: '1', ...spec }), { now: 2n });
    }
  }
  let n = 0;
  const lifecycle = () => {
    n++;
    engine.setQuote(AUD, { bid: Price.from(n % 2 === 0 ? '1.00000' : '1.00001'), ask: Price.from('1.00010') }, BigInt(n + 10));
    const out = engine.submit('A', WireOrderSpec.parse({ clientOrderId: `M-${n}`, instrumentId: AUD, side: n % 2 === 0 ? 'BUY' : 'SELL', orderType: 'MARKET', quantity: '1000' }), { now: BigInt(n + 10) });
    if (out.length !== 2 || out[1]!.event.event !== 'OrderFilled') throw new Error(`expected OrderAccepted + OrderFilled, received ${out.map((x) => x.event.event).join(', ')}`);
  };
  return { engine, lifecycle };
}

const cases = { empty: engineWith('none'), deepOther: engineWith('other'), deepOwn: engineWith('own') };
const samples: Record<keyof typeof cases, number[]> = { empty: [], deepOther: [], deepOwn: [] };

function run(name: keyof typeof cases): void {
  const t = performance.now();
  for (let i = 0; i < LIFECYCLES; i++) cases[name].lifecycle();
  samples[name].push(((performance.now() - t) * 1000) / LIFECYCLES);
}

afterAll(() => {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const e = median(samples.empty);
  const o = median(samples.deepOther);
  const w = median(samples.deepOwn);
  console.log(
    `\nsandbox order book: µs per lifecycle (quote + MARKET submit → accepted + filled), median of ${samples.empty.length}/${samples.deepOther.length}/${samples.deepOwn.length} batches of ${LIFECYCLES}\n` +
      `  empty book                                  ${e.toFixed(2).padStart(9)} µs\n` +
      `  ${RESTING} resting far away, other account      ${o.toFixed(2).padStart(9)} µs   ratio ${(o / e).toFixed(2)}x (goal ≤ 1.2x)\n` +
      `  ${RESTING} resting far away, the trader's own   ${w.toFixed(2).padStart(9)} µs   ratio ${(w / e).toFixed(2)}x\n`,
  );
});

describe(`sandbox order book: ${LIFECYCLES} lifecycles per op`, () => {
  bench('empty book', () => run('empty'), { iterations: 20, time: 500 });
  bench(`${RESTING} resting orders far from the touch (other account)`, () => run('deepOther'), { iterations: 20, time: 500 });
  bench(`${RESTING} resting orders far from the touch (own account)`, () => run('deepOwn'), { iterations: 20, time: 500 });
});
