/**
 * Issue 15 on issue 14's boundary: with the session's node in its own process (the default), the cells'
 * mirror carries the node's portfolio, its risk usage and its market data, so `node.portfolio`, the risk
 * view and charts read the same figures a local node would give. Real parts: the embedded sandbox venue
 * replaying recorded BTC bars, `keel node run` as the session's child, the control protocol.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, type Session } from '../../../src/kernel/index.js';

let session: Session;
const cell = async (code: string): Promise<unknown> => (await session.evaluator.evaluate(code)).value;

beforeAll(async () => {
  session = await createSession({ replaySpeed: 600, configSource: 'notebook' });
  await cell(`class Buyer extends keel.Strategy {
  onStart() { this.subscribeBars('BTCUSDT-PERP.SIM-1-MINUTE-LAST'); }
  onBar(bar) { if (this.cache.orders({ strategyId: this.id }).length === 0) this.submitOrder(this.orderFactory.market({ instrumentId: bar.instrumentId, side: 'BUY', quantity: keel.Quantity.from('0.010') })); }
}`);
  await cell("await node.riskEngine.configure({ maxPositionPerInstrument: { 'BTCUSDT-PERP.SIM': '0.050' } })");
  await cell("const buyer = await node.addStrategy(new Buyer({ orderIdTag: '015' }))");
}, 60_000);

afterAll(async () => {
  await session?.stop();
});

describe("the mirror of a node in its own process carries money and prices", () => {
  it('node.portfolio reads the position the node holds, with its average price, marked PnL and exposure in USDT', { timeout: 30_000 }, async () => {
    await expect.poll(() => cell("String(node.portfolio.netPosition('BTCUSDT-PERP.SIM'))"), { timeout: 20_000 }).toBe('0.010');
    const fill = await cell("node.cache.orders({ strategyId: 'Buyer-015' })[0].avgPx");
    await expect.poll(() => cell("node.portfolio.summary().instruments[0].unrealizedPnl !== null"), { timeout: 20_000 }).toBe(true);
    const figures = await cell("const i = node.portfolio.summary().instruments[0]; [i.instrumentId, i.currency, i.avgPx, i.markSource, node.portfolio.isNetLong('BTCUSDT-PERP.SIM'), String(node.portfolio.exposure('BTCUSDT-PERP.SIM')).endsWith(' USDT')]");

    expect(figures).toEqual(['BTCUSDT-PERP.SIM', 'USDT', String(fill), 'bar', true, true]);
  });

  it('the risk usage counts the position against its limit and names the trading state', { timeout: 30_000 }, async () => {
    await expect.poll(() => cell("node.riskUsage().limits.find((l) => l.limit === 'position BTCUSDT-PERP.SIM')?.used"), { timeout: 20_000 }).toBe('0.010');
    const usage = await cell('const u = node.riskUsage(); [u.kind, u.tradingState, u.limits.map((l) => l.limit)]');

    expect(usage).toEqual(['RiskUsage', 'ACTIVE', ['submit rate', 'position BTCUSDT-PERP.SIM']]);
    expect(await cell("node.riskUsage().limits[1].fraction")).toBeCloseTo(0.2, 10);
  });

  it('a chart drawn in a cell has the replayed bars and the fill at its own price', { timeout: 30_000 }, async () => {
    await expect.poll(() => cell("(chart('BTCUSDT-PERP.SIM').price.bars?.length ?? 0) > 3"), { timeout: 20_000 }).toBe(true);
    const c = await cell("const c = chart('BTCUSDT-PERP.SIM'); [c.fills.length, c.approximateFills, c.fills[0].side, String(c.fills[0].price) === String(node.cache.orders({ strategyId: 'Buyer-015' })[0].avgPx)]");

    expect(c).toEqual([1, 0, 'BUY', true]);
  });

  it("the venue's account state reaches the mirror, and the portfolio's equity is the balance plus the marked PnL", { timeout: 30_000 }, async () => {
    await expect.poll(() => cell("node.account()?.type"), { timeout: 20_000 }).toBe('AccountState');
    const account = await cell("const a = node.account(); [a.venue, a.accountType, a.balances.find((b) => b.currency === 'USDT') !== undefined]");
    await expect.poll(() => cell("node.portfolio.summary().currencies.find((c) => c.currency === 'USDT')?.equity ?? null"), { timeout: 20_000 }).not.toBeNull();
    // Both read together from one summary: equity = the account's USDT total + the unrealized PnL.
    const check = await cell(`const s = node.portfolio.summary(); const c = s.currencies.find((x) => x.currency === 'USDT');
const total = node.account().balances.find((b) => b.currency === 'USDT').total;
[c.equity, c.unrealizedPnl, String(total)]`) as [string, string, string];

    expect(account).toEqual(['SIM', 'MARGIN', true]);
    const amount = (m: string) => Number(m.split(' ')[0]);
    expect(amount(check[0])).toBeCloseTo(Number(check[2]) + amount(check[1]), 2);
  });
});
