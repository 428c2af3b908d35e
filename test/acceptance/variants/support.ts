/**
 * What a user of the public API needs to write these tests: a venue, a node, a wait on a condition.
 * Only the public entries ('keel', 'keel/sandbox').
 */
import { TradingNode } from 'keel';
import { SandboxVenue } from 'keel/sandbox';

type VenueOpts = Parameters<typeof SandboxVenue.start>[0];
type NodeConfig = NonNullable<Parameters<typeof TradingNode.create>[0]>;

const toClean: Array<() => Promise<unknown>> = [];

/** For afterEach: dispose nodes, stop venues, newest first. */
export async function cleanUp(): Promise<void> {
  for (const fn of toClean.splice(0).reverse()) await fn().catch(() => undefined);
}

export async function venue(opts: Partial<NonNullable<VenueOpts>> = {}): Promise<SandboxVenue> {
  const v = await SandboxVenue.start({
    port: 0, instruments: ['AUDUSD.SIM', 'GBPUSD.SIM', 'USDJPY.SIM'], omsType: 'NETTING',
    // Margin is posted in an instrument's quote currency (USDJPY: JPY), so the account holds each of them.
    accounts: [{ apiKey: 'k', apiSecret: 's', balances: { USD: '100000000', JPY: '10000000000' } }], ...opts,
  });
  toClean.push(() => v.stop());
  return v;
}

/** A node on `v`; continuous checks off unless the test turns them on. */
export async function node(v: SandboxVenue, execEngine: Record<string, unknown> = {}, extra: Partial<NodeConfig> = {}): Promise<TradingNode> {
  const n = await TradingNode.create({
    traderId: 'TRADER-001',
    venues: [{ venue: 'SIM', url: v.url, apiKey: 'k', apiSecret: 's' }],
    execEngine: { inflightCheckIntervalMs: 0, reconciliationStartupDelaySecs: 0, ...execEngine },
    persistence: { kind: 'memory' },
    ...extra,
  } as NodeConfig);
  toClean.push(() => n.dispose());
  return n;
}

/** Poll a condition (no fixed sleeps); fail after `ms` with `what`. */
export async function until(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Nanoseconds since the epoch, now (wall clock: the node runs a live clock). */
export function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}
