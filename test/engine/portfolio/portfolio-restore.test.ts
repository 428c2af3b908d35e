/** A position the node learns of at start-up reconciliation (not from its own fills) is in the portfolio. */
import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup, createNode, startVenue, until } from '../node/harness.js';
import { Money } from '../../../src/engine/core/decimal.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('Portfolio after start-up reconciliation (real sandbox venue)', () => {
  it('holds the venue position the reconciliation brought in, marked at the quote', async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    venue.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'LONG', quantity: '100', avgPxOpen: '1.00000' });
    venue.controls.setQuote('AUDUSD.SIM', { bid: '1.00100', ask: '1.00110' });
    const { node } = await createNode(venue);
    cleanup.add(() => node.dispose());

    await node.start();
    await until(() => node.portfolio.unrealizedPnl('AUDUSD.SIM') !== undefined, 3000, 'a mark');

    // (1.00100 − 1.00000) × 100 = 0.10 USD.
    expect([node.portfolio.netPosition('AUDUSD.SIM').toString(), node.portfolio.avgPx('AUDUSD.SIM')?.toString(), node.portfolio.unrealizedPnl('AUDUSD.SIM')?.toString()])
      .toEqual(['100', '1.00000', '0.10 USD']);
  });

  it("equity = the venue account's balance total + unrealized; a balances provider handed in replaces the account state", async () => {
    const venue = await startVenue();
    cleanup.add(() => venue.stop());
    venue.controls.seedPosition({ instrumentId: 'AUDUSD.SIM', side: 'LONG', quantity: '100', avgPxOpen: '1.00000' });
    venue.controls.setQuote('AUDUSD.SIM', { bid: '1.00100', ask: '1.00110' });
    const { node } = await createNode(venue);
    cleanup.add(() => node.dispose());
    await node.start();
    await until(() => node.portfolio.unrealizedPnl('AUDUSD.SIM') !== undefined && node.account() !== undefined, 3000, 'a mark and the account state');
    // The venue's USD balance is 100,000,000; the long 100 marked at the bid 1.00100 adds 0.10.
    const fromAccount = node.portfolio.equity('USD');

    node.portfolio.setAccountBalances((c) => (c === 'USD' ? { total: Money.from('1000.00', 'USD'), marginUsed: Money.from('20.00', 'USD') } : undefined));

    expect([fromAccount?.toString(), node.portfolio.equity('USD')?.toString(), node.portfolio.marginUsed('USD')?.toString(), node.portfolio.summary().currencies[0]?.equity])
      .toEqual(['100000000.10 USD', '1000.10 USD', '20.00 USD', '1000.10 USD']);
  });
});
