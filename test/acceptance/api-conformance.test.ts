import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup, until } from '../engine/node/harness.js';
import { SandboxVenue, Strategy, TradingNode } from '../../src/engine/index.js';

/**
 * The public API used exactly as DESIGN.md writes it (imports from `src/engine/index.ts` only):
 * a venue, a node with a strategy, and what a user of them sees end to end.
 */
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function venueAndNode(): Promise<{ venue: SandboxVenue; node: TradingNode }> {
  const venue = await SandboxVenue.start({ port: 0, instruments: ['AUDUSD.SIM'], omsType: 'NETTING',
    accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '1000000' } }] });
  cleanup.add(() => venue.stop());
  const node = await TradingNode.create({ traderId: 'TRADER-001',
    venues: [{ venue: 'SIM', url: venue.url, apiKey: 'k', apiSecret: 's' }],
    execEngine: { inflightCheckIntervalMs: 0 }, persistence: { kind: 'memory' } });
  cleanup.add(() => node.dispose());
  return { venue, node };
}

class QuoteWatcher extends Strategy {
  readonly bids: string[] = [];
  override onStart(): void { this.subscribeQuotes('AUDUSD.SIM'); }
  override onQuote(q: { bid: { toString(): string } }): void { this.bids.push(q.bid.toString()); }
}

describe('market data reaches a strategy (DESIGN.md: onStart subscribes, the venue publishes)', () => {
  it('a quote set at the venue right after node.start() resolves reaches onQuote of a strategy that subscribed in onStart', async () => {
    const { venue, node } = await venueAndNode();
    const s = node.addStrategy(new QuoteWatcher({}));
    await node.start();
    venue.controls.setQuote('AUDUSD.SIM', { bid: '0.99991', ask: '1.00011' });
    await until(() => s.bids.length > 0, 3000, 'a quote at the strategy');
    expect(s.bids).toEqual(['0.99991']);
  });
});
