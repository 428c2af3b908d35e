import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup, createNode, startVenue, until } from './harness.js';
import { Decimal, Quantity } from '../../../src/engine/core/decimal.js';
import { Strategy } from '../../../src/engine/strategy/strategy.js';
import type { SandboxVenueOptions } from '../../../src/sandbox/sandbox-venue.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const BTC = 'BTCUSDT-PERP.SIM';
/** Subscribes to quotes: keel prices a MARKET order at the latest quote for its funds check. */
class Plain extends Strategy {
  override onStart(): void {
    this.subscribeQuotes('AUDUSD.SIM');
    this.subscribeQuotes(BTC);
  }
}

async function trading(account: NonNullable<SandboxVenueOptions['accounts']>[number]) {
  const venue = await startVenue({ instruments: ['AUDUSD.SIM', BTC], accounts: [account] });
  cleanup.add(() => venue.stop());
  venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99990', ask: '1.00010' });
  venue.controls.setQuote(BTC, { bid: '50000.0', ask: '50001.0' });
  const { node, logger } = await createNode(venue);
  cleanup.add(() => node.dispose());
  const s = node.addStrategy(new Plain({}));
  await node.start();
  await until(() => node.account('SIM') !== undefined && node.cache.quote(BTC) !== undefined && node.cache.quote('AUDUSD.SIM') !== undefined, 3000, 'AccountState on connect, and quotes');
  const status = (id: string) => node.cache.order(id)?.status;
  const market = (instrumentId: string, side: 'BUY' | 'SELL', qty: string) => {
    const o = s.orderFactory.market({ instrumentId, side, quantity: Quantity.from(qty) });
    s.submitOrder(o);
    return o.clientOrderId;
  };
  const balances = () => node.account('SIM')!.balances.map((b) => `${b.currency} ${b.total.toString()} / ${b.locked.toString()} / ${b.free.toString()}`);
  const reason = (id: string) => (node.cache.order(id)!.events.at(-1) as { reason?: string }).reason;
  return { venue, node, logger, s, status, market, balances, reason };
}

describe('accounts (real sandbox venue): AccountState, keel\'s funds check, the venue\'s refusal', () => {
  it('CASH: the state arrives on connect; keel denies 7 M USD of notional on 1,000 USD; a fill moves the balances as computed by hand', async () => {
    const { node, status, market, balances, reason } = await trading({ apiKey: 'k', apiSecret: 's', accountType: 'CASH', balances: { USD: '1000' } });
    // Pushed on login, then asked again by start-up reconciliation (its mass status holds the account): nothing restored, no row.
    expect(node.account('SIM')).toMatchObject({ type: 'AccountState', venue: 'SIM', accountId: 'SIM-001', accountType: 'CASH', margins: [] });
    expect(node.lastReconciliation!.items.filter((i) => i.kind === 'account')).toEqual([]);
    expect(balances()).toEqual(['USD 1000 / 0 / 1000']);

    const big = market('AUDUSD.SIM', 'BUY', '7000000');
    await until(() => status(big) === 'DENIED', 3000, 'DENIED');
    // 7,000,000 x 1.00010 = 7,000,700, + taker fee 0.00002 x 7,000,700 = 140.014
    expect(reason(big)).toBe('INSUFFICIENT_BALANCE: needed 7000840.014 USD, free 1000 USD (expected the free balance of SIM-001 at SIM to cover BUY 7000000 AUDUSD.SIM @ 1.00010)');

    const small = market('AUDUSD.SIM', 'BUY', '100');
    await until(() => status(small) === 'FILLED' && node.account('SIM')!.balances.length === 2, 3000, 'FILLED and a new state');
    // 100 AUD bought at 1.00010: USD 1000 - 100.01 - fee 0.0020002
    expect(balances()).toEqual(['AUD 100 / 0 / 100', 'USD 899.9879998 / 0 / 899.9879998']);
    expect(node.accounts.anomalies).toEqual([]);
  });

  it('MARGIN: keel denies beyond free margin; with keel\'s view stale the venue rejects INSUFFICIENT_MARGIN and keel refreshes its state', async () => {
    const { node, status, market, balances, reason } = await trading({ apiKey: 'k', apiSecret: 's', accountType: 'MARGIN', balances: { USDT: '1000' } });
    expect(node.account('SIM')!.leverage.toString()).toBe('10');
    const big = market(BTC, 'BUY', '1.000');
    await until(() => status(big) === 'DENIED', 3000, 'DENIED');
    // 50001 / 10 = 5000.1 initial margin, + taker fee 0.0004 x 50001 = 20.0004
    expect(reason(big)).toBe('INSUFFICIENT_MARGIN: needed 5020.1004 USDT, free 1000 USDT (expected the free margin of SIM-001 at SIM to cover BUY 1.000 BTCUSDT-PERP.SIM @ 50001.0)');

    // keel's view goes stale: it believes in 1,000,000 USDT free.
    const real = node.account('SIM')!;
    node.cache.setAccount({ ...real, balances: [{ currency: 'USDT', total: Decimal.from('1000000'), locked: Decimal.zero(), free: Decimal.from('1000000') }] });
    const stale = market(BTC, 'BUY', '1.000');
    await until(() => status(stale) === 'REJECTED', 3000, 'REJECTED');
    expect(reason(stale)).toBe('INSUFFICIENT_MARGIN: needed 5020.1004 USDT, free 1000 USDT (expected the free margin (leverage 10) to cover BUY 1.000 BTCUSDT-PERP.SIM @ 50001.0)');
    await until(() => node.accounts.refreshes === 1 && node.account('SIM')!.balances[0]!.total.toString() === '1000', 3000, 'refreshed account state');
    expect([node.accounts.refreshes, balances()]).toEqual([1, ['USDT 1000 / 0 / 1000']]);
  });

  it('a balance that moves with no fill (a deposit at the venue) is taken as the venue says, and counted and shown as an anomaly', async () => {
    const { node, venue, balances } = await trading({ apiKey: 'k', apiSecret: 's', accountType: 'CASH', balances: { USD: '1000' } });
    venue.adjustBalance('SIM-001', 'USD', '500');
    await until(() => node.accounts.anomalies.length === 1, 3000, 'an anomaly');
    expect(balances()).toEqual(['USD 1500 / 0 / 1500']);
    expect(node.accounts.anomalies).toEqual([{ venue: 'SIM', accountId: 'SIM-001', kind: 'BALANCE_MOVED_WITHOUT_FILL',
      detail: 'USD total: expected 1000 (no fill since the last state), received 1500', tsEvent: expect.any(BigInt) }]);
  });
});
