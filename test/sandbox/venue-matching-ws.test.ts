import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxVenue } from '../../src/sandbox/sandbox-venue.js';
import type { WireOrderSpecInput } from '../../src/engine/venue/sandbox/protocol/messages.js';
import { TestWsClient } from './ws-test-client.js';

/**
 * Each order type and time in force over a real server on port 0, on a scripted book: the quote is
 * reset to bid 1.00000 / ask 1.00010 (sizes 1000) before each case, then the case's later quotes are
 * applied.
 */
const AUD = 'AUDUSD.SIM';
let venue: SandboxVenue;
let c: TestWsClient;
let n = 0;

beforeAll(async () => {
  venue = await SandboxVenue.start({ port: 0, instruments: [AUD] });
  c = await TestWsClient.login(venue.url);
});
afterAll(async () => {
  c.close();
  await venue.stop();
});

type Case = [name: string, order: Partial<WireOrderSpecInput>, later: Array<[bid: string, ask: string]>, expected: string[]];
const cases: Case[] = [
  ['MARKET BUY 300 → taker at the ask', { orderType: 'MARKET', quantity: '300' }, [], ['OrderAccepted', 'OrderFilled 300@1.00010 TAKER']],
  ['MARKET BUY 1500 → 1000 at the ask, leaves cancelled', { orderType: 'MARKET', quantity: '1500' }, [], ['OrderAccepted', 'OrderFilled 1000@1.00010 TAKER', 'OrderCanceled MARKET_LEAVES_CANCELED']],
  ['LIMIT GTC BUY @1.00005 → rests, maker fill when ask 1.00004', { price: '1.00005' }, [['0.99995', '1.00004']], ['OrderAccepted', 'OrderFilled 100@1.00005 MAKER']],
  ['LIMIT IOC BUY 1500 @1.00010 → 1000 filled, rest cancelled', { price: '1.00010', quantity: '1500', timeInForce: 'IOC' }, [], ['OrderAccepted', 'OrderFilled 1000@1.00010 TAKER', 'OrderCanceled IOC_LEAVES_CANCELED']],
  ['LIMIT FOK BUY 1500 @1.00010 → cancelled unfilled', { price: '1.00010', quantity: '1500', timeInForce: 'FOK' }, [], ['OrderAccepted', 'OrderCanceled FOK_NOT_FILLABLE']],
  ['LIMIT FOK BUY 800 @1.00010 → filled', { price: '1.00010', quantity: '800', timeInForce: 'FOK' }, [], ['OrderAccepted', 'OrderFilled 800@1.00010 TAKER']],
  ['STOP_MARKET SELL trigger 0.99950 → fills at the bid once the bid is 0.99950', { side: 'SELL', orderType: 'STOP_MARKET', triggerPrice: '0.99950' }, [['0.99960', '0.99970'], ['0.99950', '0.99960']], ['OrderAccepted', 'OrderFilled 100@0.99950 TAKER']],
  ['STOP_LIMIT BUY trigger 1.00050 limit 1.00060 → triggered, taker at the ask', { orderType: 'STOP_LIMIT', triggerPrice: '1.00050', price: '1.00060' }, [['1.00045', '1.00055']], ['OrderAccepted', 'OrderTriggered', 'OrderFilled 100@1.00055 TAKER']],
  ['MARKET_IF_TOUCHED SELL trigger 1.00030 → fills at the bid', { side: 'SELL', orderType: 'MARKET_IF_TOUCHED', triggerPrice: '1.00030' }, [['1.00030', '1.00040']], ['OrderAccepted', 'OrderFilled 100@1.00030 TAKER']],
  ['LIMIT_IF_TOUCHED BUY trigger 0.99980 limit 0.99970 → triggered, rests, maker', { orderType: 'LIMIT_IF_TOUCHED', triggerPrice: '0.99980', price: '0.99970' }, [['0.99970', '0.99980'], ['0.99960', '0.99970']], ['OrderAccepted', 'OrderTriggered', 'OrderFilled 100@0.99970 MAKER']],
  ['DAY LIMIT BUY @0.99 → accepted, working', { price: '0.99', timeInForce: 'DAY' }, [], ['OrderAccepted']],
  ['post-only LIMIT BUY @1.00010 → rejected', { price: '1.00010', postOnly: true }, [], ['OrderRejected POST_ONLY_WOULD_TAKE']],
];

describe('order types and time in force over ws (bid 1.00000 / ask 1.00010, sizes 1000)', () => {
  it.each(cases)('%s', async (_name, order, later, expected) => {
    venue.controls.setQuote(AUD, { bid: '1.00000', ask: '1.00010', bidSize: '1000', askSize: '1000' });
    const clientOrderId = `C-${++n}`;
    const from = c.frames.length;
    c.send({ type: 'submit_order', reqId: clientOrderId, order: { clientOrderId, instrumentId: AUD, side: 'BUY', orderType: 'LIMIT', quantity: '100', ...order } });
    await c.events(clientOrderId, 1);
    for (const [bid, ask] of later) venue.controls.setQuote(AUD, { bid, ask, bidSize: '1000', askSize: '1000' });
    const mine = () =>
      c.frames.slice(from).flatMap((f) => {
        if (f.type !== 'event' || f.data.clientOrderId !== clientOrderId) return [];
        const d = f.data;
        if (d.event === 'OrderFilled') return [`OrderFilled ${d.fill.lastQty}@${d.fill.lastPx} ${d.fill.liquiditySide}`];
        return ['reason' in d && d.reason ? `${d.event} ${d.reason}` : d.event];
      });
    while (mine().length < expected.length) await c.waitFor(() => true, c.frames.length);
    await c.request({ type: 'ping', reqId: `${clientOrderId}-sync` }, 'pong'); // anything more would have come by now
    const seen = mine();
    await c.request({ type: 'cancel_all', reqId: `${clientOrderId}-cleanup` }, 'ok'); // leave nothing working for the next case
    expect(seen).toEqual(expected);
  });
});

describe('market data fan-out', () => {
  it('quotes go to subscribers of that instrument only, until they unsubscribe', async () => {
    const other = await TestWsClient.login(venue.url);
    await c.request({ type: 'subscribe', reqId: 'sub', channel: 'quotes', topic: AUD }, 'ok');
    const from = c.frames.length;
    venue.controls.setQuote(AUD, { bid: '1.10000', ask: '1.10020' });
    const q = await c.waitFor((f) => f.type === 'quote', from);
    await c.request({ type: 'unsubscribe', reqId: 'unsub', channel: 'quotes', topic: AUD }, 'ok');
    venue.controls.setQuote(AUD, { bid: '1.20000', ask: '1.20020' });
    await c.request({ type: 'ping', reqId: 'sync' }, 'pong');
    other.close();
    expect(q).toMatchObject({ type: 'quote', instrumentId: AUD, bid: '1.10000', ask: '1.10020', bidSize: '0', askSize: '0' });
    expect(c.frames.slice(from).filter((f) => f.type === 'quote').length).toBe(1);
    expect(other.frames.filter((f) => f.type === 'quote')).toEqual([]);
  });

  it('a feed drives the book: a random walk reaches subscribers and fills a marketable order', async () => {
    const fed = await SandboxVenue.start({ port: 0, instruments: ['EURUSD.SIM'], feed: { kind: 'random-walk', instrumentId: 'EURUSD.SIM', start: '1.10000', seed: 7, intervalMs: 5 } });
    const client = await TestWsClient.login(fed.url);
    await client.request({ type: 'subscribe', reqId: 's', channel: 'quotes', topic: 'EURUSD.SIM' }, 'ok');
    const quote = await client.waitFor((f) => f.type === 'quote');
    client.send({ type: 'submit_order', reqId: 'm', order: { clientOrderId: 'FEED-1', instrumentId: 'EURUSD.SIM', side: 'BUY', orderType: 'MARKET', quantity: '1000' } });
    const events = await client.events('m', 2);
    client.close();
    await fed.stop();
    expect(quote).toMatchObject({ type: 'quote', instrumentId: 'EURUSD.SIM' });
    expect(events.map((e) => e.event)).toEqual(['OrderAccepted', 'OrderFilled']);
  });
});
