/**
 * Issue 14 item 2 ("same API in cells") for orders: a session's node runs in its own process by default,
 * and a cell still makes, submits, modifies and cancels orders for its strategy through the handle
 * `await node.addStrategy(...)` answers; the orders are the node's strategy's (its ids, its checks) and the
 * cell reads their state from the mirror. Real parts: the embedded sandbox venue, `keel node run` as the
 * session's child, the control protocol between them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, type Session } from '../../../src/kernel/index.js';

let session: Session;
const cell = async (code: string): Promise<unknown> => (await session.evaluator.evaluate(code)).value;

beforeAll(async () => {
  session = await createSession({ replaySpeed: 600, configSource: 'notebook' });
  await cell('class Manual extends keel.Strategy {}');
  await cell("const manual = await node.addStrategy(new Manual({ orderIdTag: '777' }))");
}, 60_000);

afterAll(async () => {
  await session?.stop();
});

describe('orders from cells for a strategy in the node process', () => {
  it('is the default: the node runs in another process and the handle names its class and state', async () => {
    expect(session.isolation).toBe('process');
    expect(await cell('[manual.id, manual.className, manual.state]')).toEqual(['Manual-777', 'Manual', 'RUNNING']);
  });

  it('a limit made in a cell is submitted by the node strategy, read from the mirror, modified and cancelled', { timeout: 30_000 }, async () => {
    await cell("const bid = manual.orderFactory.limit({ instrumentId: 'BTCUSDT-PERP.SIM', side: 'BUY', quantity: keel.Quantity.from('0.010'), price: keel.Price.from('20000.0') })");
    const before = await cell('[bid.status, bid.clientOrderId]');
    await cell('await manual.submitOrder(bid)');
    await expect.poll(() => cell('bid.status'), { timeout: 10_000 }).toBe('ACCEPTED');
    const made = await cell('[bid.clientOrderId, bid.strategyId, String(bid.price), node.cache.order(bid.clientOrderId).status]');
    const modified = await cell("await manual.modifyOrder(bid, { price: keel.Price.from('20100.0') })");
    await expect.poll(() => cell('String(bid.price)'), { timeout: 10_000 }).toBe('20100.0');
    const cancelled = await cell('await manual.cancelOrder(bid)');
    await expect.poll(() => cell('bid.status'), { timeout: 10_000 }).toBe('CANCELED');

    expect(before).toEqual(['INITIALIZED', undefined]);
    expect(made).toEqual([expect.stringMatching(/^O-\d{8}-\d{6}-001-777-1$/), 'Manual-777', '20000.0', 'ACCEPTED']);
    expect([modified, cancelled]).toEqual([true, true]);
  });

  it('a bracket made in a cell goes out as one list with the node ids of its three legs', { timeout: 30_000 }, async () => {
    await cell("const br = manual.orderFactory.bracket({ instrumentId: 'BTCUSDT-PERP.SIM', side: 'BUY', quantity: '0.010', entryType: 'LIMIT', entryPrice: '20000.0', slTriggerPrice: '19000.0', tpPrice: '90000.0' })");
    await cell('await manual.submitOrderList(br)');
    await expect.poll(() => cell("br.orders.map((o) => o.status).join(',')"), { timeout: 10_000 }).toBe('ACCEPTED,ACCEPTED,ACCEPTED');
    const legs = await cell('br.orders.map((o) => [o.type, o.orderListId === br.id, o.contingencyType])');
    await cell('await manual.cancelAllOrders()');
    await expect.poll(() => cell("node.cache.orders({ strategyId: 'Manual-777', open: true }).length"), { timeout: 10_000 }).toBe(0);

    expect(legs).toEqual([['LIMIT', true, 'OTO'], ['STOP_MARKET', true, 'OUO'], ['LIMIT', true, 'OUO']]);
  });

  it('bad input is refused before anything is sent, and the shipped copy refuses to act', async () => {
    const count = await cell('node.cache.orders().length');
    const plain = await session.evaluator.evaluate('manual.submitOrder({ side: "BUY" })').catch((e: unknown) => e as { code: string; message: string });
    const twice = await session.evaluator.evaluate("manual.cancelOrder({ clientOrderId: 'O-nope' })").catch((e: unknown) => e as { code: string; message: string });
    await cell("const copy = new Manual({ orderIdTag: '778' }); const copyHandle = await node.addStrategy(copy)");
    const copyUse = await session.evaluator.evaluate("copy.configure({ omsType: 'HEDGING' })").catch((e: unknown) => e as { code: string; message: string });
    const badArgs = await session.evaluator.evaluate("await manual.submitOrderList(manual.orderFactory.bracket({ instrumentId: 'BTCUSDT-PERP.SIM', side: 'BUY', quantity: '0.010', entryType: 'LIMIT', slTriggerPrice: '19000.0', tpPrice: '90000.0' }))").catch((e: unknown) => e as { code: string; message: string });

    expect(plain).toMatchObject({ code: 'ORDER_ARGS_INVALID', message: 'submitOrder: expected an order from Manual-777.orderFactory, received a plain object' });
    expect(twice).toMatchObject({ code: 'ORDER_UNKNOWN' });
    expect(copyUse).toMatchObject({ code: 'STRATEGY_SHIPPED' });
    expect((copyUse as { message: string }).message).toContain("node.strategy('Manual-778')");
    expect(badArgs).toMatchObject({ code: 'ORDER_ARGS_INVALID', message: 'bracket: expected an entryPrice for a LIMIT entry, received none' });
    expect(await cell('node.cache.orders().length')).toBe(count);
  });

  it('a command a cell never awaits that fails is said on stderr, and the session lives on', { timeout: 30_000 }, async () => {
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => { lines.push(String(chunk)); return write(chunk, ...rest); }) as typeof process.stderr.write;
    try {
      await cell("manual.cancelOrder({ clientOrderId: 'O-ghost' }); 'sent'");
      await expect.poll(() => lines.join(''), { timeout: 10_000 }).toContain("keel: Manual-777.cancelOrder(O-ghost) failed on the node: ORDER_UNKNOWN: strategy-order: expected a client order id the node holds, received 'O-ghost'");
    } finally {
      process.stderr.write = write;
    }
    expect(await cell('manual.state')).toBe('RUNNING');
  });

  it('removeStrategy travels too: refused with open orders, then done with cancelOrders', { timeout: 30_000 }, async () => {
    await cell("const temp = await node.addStrategy(new Manual({ orderIdTag: '779' })); const rest = temp.orderFactory.limit({ instrumentId: 'BTCUSDT-PERP.SIM', side: 'BUY', quantity: '0.010', price: '20000.0' }); await temp.submitOrder(rest)");
    await expect.poll(() => cell('rest.status'), { timeout: 10_000 }).toBe('ACCEPTED');
    const refused = await session.evaluator.evaluate('await node.removeStrategy(temp)').catch((e: unknown) => e as { code: string });
    await cell('await node.removeStrategy(temp, { cancelOrders: true })');

    expect(refused).toMatchObject({ code: 'STRATEGY_HAS_OPEN_ORDERS' });
    expect(await cell('node.strategies.map((s) => s.id).includes("Manual-779")')).toBe(false);
    await expect.poll(() => cell('rest.status'), { timeout: 10_000 }).toBe('CANCELED');
  });
});
