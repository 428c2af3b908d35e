/**
 * Marking with bars only (an instrument that never had a quote: the latest bar's close), and the day's
 * PnL across a UTC midnight, on the recorded BTC bars. The node is built (not started: its cache is filled
 * on the execution engine's direct path, as a restored journal would) with a TestClock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup, cacheOrder, createNode, startVenue } from '../node/harness.js';
import { TestClock } from '../../../src/engine/core/test-clock.js';
import { loadBtcPerpBars } from '../../../src/sandbox/index.js';
import type { QuoteTick } from '../../../src/engine/model/market-data.js';
import { Price, Quantity } from '../../../src/engine/core/decimal.js';

const BTC = 'BTCUSDT-PERP.SIM';
const cleanup = new Cleanup();
afterEach(() => cleanup.run());
const bars = loadBtcPerpBars().bars;
const DAY = 86_400_000_000_000n;

async function nodeHolding(qty: string, px: string, clock: TestClock) {
  const venue = await startVenue({ instruments: [BTC] });
  cleanup.add(() => venue.stop());
  const { node } = await createNode(venue, {}, {}, { clock });
  cleanup.add(() => node.dispose());
  cacheOrder(node, { clientOrderId: 'O-1', instrumentId: BTC, side: 'BUY', orderType: 'MARKET', quantity: qty },
    ['SUBMITTED', { accepted: 'V-1' }, { fill: { tradeId: 'T-1', qty, px } }]);
  return node;
}

describe('Portfolio marks with bars when there is no quote', () => {
  it('marks to the latest bar close; once a quote arrives, bars no longer mark', async () => {
    const node = await nodeHolding('0.500', '46377.0', new TestClock(bars[0]!.tsEvent));
    const p = node.portfolio;
    expect(p.unrealizedPnl(BTC)).toBeUndefined();

    for (const bar of bars.slice(1, 10)) p.onBar(bar);
    // Bar 9 closes at 46435.0: (46435 − 46377) × 0.5 = 29.
    expect([bars[9]!.close.toString(), p.unrealizedPnl(BTC)?.toString(), p.summary().instruments[0]?.markSource]).toEqual(['46435.0', '29.00000000 USDT', 'bar']);

    const quote: QuoteTick = { instrumentId: BTC, bid: Price.from('46400.0'), ask: Price.from('46401.0'), bidSize: Quantity.from('0'), askSize: Quantity.from('0'), tsEvent: 0n, tsInit: 0n };
    p.onQuote(quote);
    p.onBar(bars[10]!);
    // The bid 46400 marks the long: 23 × 0.5 = 11.5; bar 10 (46448.0) changes nothing.
    expect([p.unrealizedPnl(BTC)?.toString(), p.summary().instruments[0]?.markSource]).toEqual(['11.50000000 USDT', 'quote']);
  });

  it("the day's PnL restarts at UTC midnight: only what was gained since counts", async () => {
    // The recording starts 2021-12-31 23:01 UTC; bar 59 closes at 2022-01-01 00:00.
    const clock = new TestClock(bars[0]!.tsEvent);
    const node = await nodeHolding('0.500', '46377.0', clock);
    const p = node.portfolio;
    p.onBar(bars[9]!);
    expect(p.dayPnl('USDT').toString()).toBe('29.00000000 USDT');

    const midnight = (bars[0]!.tsEvent / DAY + 1n) * DAY;
    clock.advanceTo(midnight + 1n); // the portfolio's midnight alert takes the baseline (+29)
    p.onBar(bars[9]!); // the same mark after midnight: nothing gained today yet
    p.onBar(bars[10]!); // 46448.0: +13 × 0.5 = 6.5 since midnight
    expect([p.dayPnl('USDT').toString(), p.unrealizedPnl(BTC)?.toString()]).toEqual(['6.50000000 USDT', '35.50000000 USDT']);
  });
});
