/** The venue's cancels carry why (USER, REDUCE_ONLY_WOULD_INCREASE, …) and keel keeps and shows it. */
import { afterEach, describe, expect, it } from 'vitest';
import { Price, Quantity, Strategy } from 'keel';
import { renderText } from 'keel/kernel';
import { cleanUp, node, until, venue } from './variants/support.js';

afterEach(cleanUp);

class Trader extends Strategy<Record<string, never>> {}

async function running() {
  const v = await venue();
  v.controls.setQuote('AUDUSD.SIM', { bid: '1.00000', ask: '1.00010' });
  const n = await node(v);
  const s = n.addStrategy(new Trader({ orderIdTag: '001' }));
  await n.start();
  return { v, n, s };
}

describe('cancel reasons', () => {
  it("a cancel the strategy asked for closes with reason 'USER', shown as why in the order and orders views", async () => {
    const { s } = await running();
    const order = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'BUY', quantity: Quantity.from('1000'), price: Price.from('0.90000') });
    s.submitOrder(order);
    await until(() => order.status === 'ACCEPTED', 5000, 'accepted');

    s.cancelOrder(order);
    await until(() => order.status === 'CANCELED', 5000, 'canceled');

    expect(order.events.at(-1)).toMatchObject({ type: 'OrderCanceled', reason: 'USER' });
    expect(renderText(order, { colors: false })).toMatch(/closed because\s+USER/);
    expect(renderText([order], { colors: false })).toMatch(/why[\s\S]*CANCELED\s+USER/);
  });

  it('a resting reduce-only order that would open a position when it trades is cancelled REDUCE_ONLY_WOULD_INCREASE, and keel says so', async () => {
    const { v, s } = await running();
    const order = s.orderFactory.limit({ instrumentId: 'AUDUSD.SIM', side: 'SELL', quantity: Quantity.from('1000'), price: Price.from('1.00050'), reduceOnly: true });
    s.submitOrder(order);
    await until(() => order.status === 'ACCEPTED', 5000, 'accepted while flat');

    v.controls.setQuote('AUDUSD.SIM', { bid: '1.00060', ask: '1.00070' });
    await until(() => order.isClosed, 5000, 'closed');

    expect([order.status, order.filledQty.toString()]).toEqual(['CANCELED', '0']);
    expect(order.events.at(-1)).toMatchObject({ type: 'OrderCanceled', reason: 'REDUCE_ONLY_WOULD_INCREASE' });
    expect(renderText(order, { colors: false })).toMatch(/closed because\s+REDUCE_ONLY_WOULD_INCREASE/);
  });
});
