/**
 * The portfolio against the real sandbox venue: fills priced from the recorded BTC bars (../shared/data,
 * through the public loader), marks at later bars' closes, figures computed by hand below.
 * BTCUSDT-PERP.SIM: quote currency USDT (8 decimals), taker fee 0.0004 of the notional.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup, createNode, startVenue, until } from '../node/harness.js';
import { Quantity } from '../../../src/engine/core/decimal.js';
import { Strategy } from '../../../src/engine/strategy/strategy.js';
import { loadBtcPerpBars } from '../../../src/sandbox/index.js';
import type { QuoteTick } from '../../../src/engine/model/market-data.js';

const BTC = 'BTCUSDT-PERP.SIM';
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** Records what `this.portfolio` said inside each onQuote (the portfolio is updated before strategies hear a quote). */
class Watcher extends Strategy {
  seen: string[] = [];
  override onStart(): void { this.subscribeQuotes(BTC); }
  override onQuote(q: QuoteTick): void {
    this.seen.push(`${q.bid.toString()} ${this.portfolio.netPosition(BTC).toString()} ${this.portfolio.unrealizedPnl(BTC)?.toString() ?? 'none'}`);
  }
}

async function trading(omsType: 'NETTING' | 'HEDGING') {
  const venue = await startVenue({ instruments: [BTC], omsType, accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USDT: '100000000' } }] });
  cleanup.add(() => venue.stop());
  const { node } = await createNode(venue);
  cleanup.add(() => node.dispose());
  const s = node.addStrategy(new Watcher({ omsType }));
  await node.start();
  const quote = async (bid: string, ask: string) => {
    const n = s.seen.length;
    venue.controls.setQuote(BTC, { bid, ask });
    await until(() => s.seen.length > n, 3000, `quote ${bid}/${ask}`);
  };
  const market = async (side: 'BUY' | 'SELL', qty: string) => {
    const o = s.orderFactory.market({ instrumentId: BTC, side, quantity: Quantity.from(qty) });
    s.submitOrder(o);
    await until(() => node.cache.order(o.clientOrderId)?.status === 'FILLED', 3000, `${side} ${qty} FILLED`);
  };
  return { node, s, quote, market };
}

describe('Portfolio on the recorded BTC bars (real sandbox venue)', () => {
  const bars = loadBtcPerpBars().bars;
  const close = (i: number) => bars[i]!.close.toString();

  it('uses the recorded closes this test computes with', () => {
    expect([close(0), close(9), close(10)]).toEqual(['46377.0', '46435.0', '46448.0']);
  });

  it('unrealized PnL marks a long at the bid and a short at the ask; realized is net of commissions across a partial close and a flip', async () => {
    const { node, s, quote, market } = await trading('NETTING');
    const p = node.portfolio;

    // Buy 0.5 at bar 0's close: commission 46377 × 0.5 × 0.0004 = 9.2754.
    await quote(close(0), close(0));
    await market('BUY', '0.500');
    expect([p.netPosition(BTC).toString(), p.avgPx(BTC)?.toString(), p.realizedPnl(BTC)?.toString(), p.unrealizedPnl(BTC)?.toString()])
      .toEqual(['0.500', '46377.0', '-9.27540000 USDT', '0.00000000 USDT']);

    // Bar 9's close as the bid: (46435 − 46377) × 0.5 = 29; exposure 0.5 × 46435 = 23217.5.
    await quote(close(9), '46435.5');
    expect([p.unrealizedPnl(BTC)?.toString(), p.exposure(BTC)?.toString(), p.totalPnl(BTC)?.toString()])
      .toEqual(['29.00000000 USDT', '23217.50000000 USDT', '19.72460000 USDT']);
    expect(s.seen.at(-1)).toBe('46435.0 0.500 29.00000000 USDT');
    // The strategy's view has the readers only: no way to feed the node's portfolio a quote.
    expect([typeof (s.portfolio as unknown as { onQuote?: unknown }).onQuote, s.portfolio.isNetLong(BTC)]).toEqual(['undefined', true]);

    // Partial close: sell 0.2 at 46435: +58 × 0.2 = 11.6, commission 46435 × 0.2 × 0.0004 = 3.7148.
    await market('SELL', '0.200');
    // −9.2754 + 11.6 − 3.7148 = −1.3902; unrealized 58 × 0.3 = 17.4.
    expect([p.netPosition(BTC).toString(), p.realizedPnl(BTC)?.toString(), p.unrealizedPnl(BTC)?.toString()])
      .toEqual(['0.300', '-1.39020000 USDT', '17.40000000 USDT']);

    // Flip: bar 10's close as the bid, sell 0.5: closes 0.3 at +71 = 21.3, commission 46448 × 0.5 × 0.0004 = 9.2896.
    await quote(close(10), '46448.5');
    await market('SELL', '0.500');
    // −1.3902 + 21.3 − 9.2896 = 10.6202; short 0.2 at 46448 marked at the ask 46448.5: −0.5 × 0.2 = −0.1.
    expect([p.netPosition(BTC).toString(), p.isNetShort(BTC), p.avgPx(BTC)?.toString(), p.realizedPnl(BTC)?.toString(), p.unrealizedPnl(BTC)?.toString(), p.exposure(BTC)?.toString()])
      .toEqual(['-0.200', true, '46448.0', '10.62020000 USDT', '-0.10000000 USDT', '9289.70000000 USDT']);
    // From the venue's account state: its USDT balance is 100,000,000 + the realized 10.6202 it credited, so
    // equity = 100,000,010.6202 − 0.1 unrealized; margin used = 0.2 × 46448.0 entry / leverage 10 = 928.96.
    await until(() => p.summary().currencies[0]?.marginUsed === '928.96 USDT', 3000, "the venue's account state after the flip");
    expect(p.summary().currencies).toEqual([{
      currency: 'USDT', realizedPnl: '10.62020000 USDT', unrealizedPnl: '-0.10000000 USDT', totalPnl: '10.52020000 USDT',
      exposure: '9289.70000000 USDT', dayPnl: '10.52020000 USDT', equity: '100000010.52020000 USDT', marginUsed: '928.96 USDT',
    }]);
  });

  it('HEDGING: a long and a short position net out; each side is marked at its own price', async () => {
    const { node, quote, market } = await trading('HEDGING');
    const p = node.portfolio;

    await quote(close(0), close(0));
    await market('BUY', '0.500');
    await quote(close(9), '46436.0');
    await market('SELL', '0.200');

    // Two positions (long 0.5 at 46377, short 0.2 at 46435); long at the bid (46435 − 46377) × 0.5 = 29,
    // short at the ask (46436 − 46435) × −0.2 = −0.2.
    expect(node.cache.positionsOpen({ instrumentId: BTC }).map((x) => x.signedQty.toString())).toEqual(['0.500', '-0.200']);
    expect([p.netPosition(BTC).toString(), p.isNetLong(BTC), p.avgPx(BTC)?.toString(), p.unrealizedPnl(BTC)?.toString()])
      .toEqual(['0.300', true, '46377.0', '28.80000000 USDT']);
  });
});
